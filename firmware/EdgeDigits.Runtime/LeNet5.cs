using System;
using EdgeDigits.Runtime.Kernels;
using EdgeDigits.Runtime.Reference;

namespace EdgeDigits.Runtime
{
    /// <summary>
    /// The int8 LeNet-5 inference engine the device runs: every buffer is allocated once, in the constructor,
    /// and <see cref="Run"/> allocates nothing. Results are bit-identical to <see cref="LeNet5Reference"/>.
    /// </summary>
    /// <remarks>
    /// Two configurations, chosen at construction (<see cref="LeNet5Memory"/>), same results:
    /// <list type="bullet">
    /// <item><see cref="LeNet5Memory.Fast"/>: <see cref="SparseConv2DReluPool"/> (conv1 + ReLU + pool1, scattering the
    /// drawn pixels only) → <see cref="Conv2DReluPool"/> (conv2 + ReLU + pool2, relative to pool1's blank-image
    /// background) → <see cref="FullyConnected"/> ×3; weights repacked three channels per int64 (<see cref="TripleLanes"/>).</item>
    /// <item><see cref="LeNet5Memory.Lean"/>: <see cref="LeanConv2DReluPool"/> ×2 → <see cref="LeanFullyConnected"/> ×3,
    /// which read the model's int8 weights in place.</item>
    /// </list>
    /// The constructor prepares packed weights, folded biases and scratch (<see cref="PreparedBytes"/>); see
    /// docs/runtime.md for the tricks, their exactness and the cost of each configuration.
    /// Not thread-safe: one instance serves one caller at a time (its buffers hold the last result).
    /// </remarks>
    public sealed class LeNet5
    {
        /// <summary>Input height and width, in pixels.</summary>
        public const int InputSize = 28;

        /// <summary>Number of input pixels, 28·28.</summary>
        public const int InputLength = InputSize * InputSize;

        /// <summary>Number of classes (digits 0..9).</summary>
        public const int ClassCount = 10;

        /// <summary>Number of ranked classes kept in <see cref="Ranking"/>.</summary>
        public const int RankingLength = 3;

        private readonly LeNet5Parameters _model;
        private readonly sbyte[] _input;
        private readonly int[] _logitScores = new int[ClassCount];
        private readonly LeNet5Memory _memory;
        private readonly int _sharedScratchBytes;
        private readonly ILayerKernel _conv1Pool1;
        private readonly SparseConv2DReluPool _pixelConv1;
        private readonly ILayerKernel _conv2Pool2;
        private readonly ILayerKernel _fc1;
        private readonly ILayerKernel _fc2;
        private readonly ILayerKernel _fc3;

        /// <summary>pool1 output of the last run, [6, 12, 12] NCHW.</summary>
        public readonly sbyte[] Pool1Output = new sbyte[6 * 12 * 12];

        /// <summary>pool2 output of the last run, [16, 4, 4] NCHW = fc1 input [256].</summary>
        public readonly sbyte[] Pool2Output = new sbyte[16 * 4 * 4];

        /// <summary>fc1 output of the last run, [120].</summary>
        public readonly sbyte[] Fc1Output = new sbyte[120];

        /// <summary>fc2 output of the last run, [84].</summary>
        public readonly sbyte[] Fc2Output = new sbyte[84];

        /// <summary>int8 logits of the last run, [10].</summary>
        public readonly sbyte[] Logits = new sbyte[ClassCount];

        /// <summary>Confidence per class of the last run, [10], in permille (see <see cref="Softmax.Compute"/>).</summary>
        public readonly int[] Confidences = new int[ClassCount];

        /// <summary>The three most likely classes of the last run, best first.</summary>
        public readonly int[] Ranking = new int[RankingLength];

        /// <summary>Creates the fast engine (<see cref="LeNet5Memory.Fast"/>) and allocates its buffers.</summary>
        /// <param name="model">The quantized model.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        /// <exception cref="NotSupportedException">A layer has a positive requantization shift that could overflow int32
        /// (outside TFLite's contract; the fused kernels need monotone requantization).</exception>
        public LeNet5(LeNet5Parameters model)
            : this(model, LeNet5Memory.Fast)
        {
        }

        /// <summary>Creates the engine in the given memory configuration and allocates its buffers.</summary>
        /// <param name="model">The quantized model.</param>
        /// <param name="memory">Fast (≈ 144 KB of prepared data) or Lean (≈ 8 KB); results are identical.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="memory"/> is not a defined configuration.</exception>
        /// <exception cref="NotSupportedException">A layer has a positive requantization shift that could overflow int32
        /// (outside TFLite's contract; the fused kernels need monotone requantization).</exception>
        public LeNet5(LeNet5Parameters model, LeNet5Memory memory)
        {
            if (model == null)
            {
                throw new ArgumentNullException("model");
            }

            _model = model;
            _memory = memory;
            if (memory == LeNet5Memory.Fast)
            {
                // The kernels run one after the other, so they share scratch: conv1's entry lists (784) double as the
                // fully connected layers' non-zero lists (≤ 256), and conv1's accumulator plane (1,024 int64) as
                // conv2's relative input (6·12·12 = 864 int64).
                int[] entryIndex = new int[InputLength];
                long[] entryValue = new long[InputLength];
                int planeLength = SparseConv2DReluPool.AccumulatorLength(InputSize, InputSize);
                long[] plane = new long[planeLength > Pool1Output.Length ? planeLength : Pool1Output.Length];
                _sharedScratchBytes = 12 * InputLength + 8 * plane.Length;
                var conv1 = new SparseConv2DReluPool(model.Conv1, InputSize, InputSize, new int[] { LeNet5Parameters.InputZeroPoint }, "conv1",
                    entryIndex, entryValue, plane);
                _conv1Pool1 = conv1;
                _pixelConv1 = conv1;

                // conv2 works on v = q − (pool1 of a blank image): zero wherever the drawing is absent.
                _conv2Pool2 = new Conv2DReluPool(model.Conv2, 12, 12, conv1.ConstantOutput, "conv2", plane);
                _fc1 = new FullyConnected(model.Fc1, "fc1", entryIndex, entryValue);
                _fc2 = new FullyConnected(model.Fc2, "fc2", entryIndex, entryValue);
                _fc3 = new FullyConnected(model.Fc3, "fc3", entryIndex, entryValue);
            }
            else if (memory == LeNet5Memory.Lean)
            {
                // One pair of int16 non-zero lists serves the three fully connected layers (fc1 has the most inputs).
                short[] nonzeroIndex = new short[model.Fc1.InputFeatures];
                short[] nonzeroValue = new short[model.Fc1.InputFeatures];
                _sharedScratchBytes = 4 * model.Fc1.InputFeatures;
                _input = new sbyte[InputLength];
                var conv1 = new LeanConv2DReluPool(model.Conv1, InputSize, InputSize, new int[] { LeNet5Parameters.InputZeroPoint }, "conv1");
                _conv1Pool1 = conv1;
                _conv2Pool2 = new LeanConv2DReluPool(model.Conv2, 12, 12, conv1.ConstantOutput, "conv2");
                _fc1 = new LeanFullyConnected(model.Fc1, "fc1", nonzeroIndex, nonzeroValue);
                _fc2 = new LeanFullyConnected(model.Fc2, "fc2", nonzeroIndex, nonzeroValue);
                _fc3 = new LeanFullyConnected(model.Fc3, "fc3", nonzeroIndex, nonzeroValue);
            }
            else
            {
                throw new ArgumentOutOfRangeException("memory", "unknown LeNet5Memory value " + (int)memory + ".");
            }
        }

        /// <summary>The memory configuration this engine was built with.</summary>
        public LeNet5Memory Memory
        {
            get { return _memory; }
        }

        /// <summary>The model this engine runs.</summary>
        public LeNet5Parameters Model
        {
            get { return _model; }
        }

        /// <summary>Predicted class of the last run, 0..9.</summary>
        public int PredictedClass
        {
            get { return Ranking[0]; }
        }

        /// <summary>Confidence of the predicted class of the last run, in permille.</summary>
        public int TopConfidence
        {
            get { return Confidences[Ranking[0]]; }
        }

        /// <summary>
        /// Bytes of RAM this engine holds for activations and results (weights excluded: see
        /// <c>edgedigits bench</c> for the full budget).
        /// </summary>
        public int BufferBytes
        {
            get
            {
                return (_input == null ? 0 : _input.Length) + Pool1Output.Length + Pool2Output.Length
                    + Fc1Output.Length + Fc2Output.Length + Logits.Length + 4 * (_logitScores.Length + Confidences.Length + Ranking.Length);
            }
        }

        /// <summary>
        /// Bytes of RAM the kernels hold: packed weights, folded biases, requantization parameters, accumulators and
        /// scratch lists, all prepared in the constructor (the model's own arrays are not counted; object headers
        /// neither). Fast ≈ 144 KB, Lean ≈ 8 KB for LeNet-5.
        /// </summary>
        public int PreparedBytes
        {
            get { return _conv1Pool1.Bytes + _conv2Pool2.Bytes + _fc1.Bytes + _fc2.Bytes + _fc3.Bytes + _sharedScratchBytes; }
        }

        /// <summary>Runs one inference: fills every output field and returns the predicted class.</summary>
        /// <param name="pixels">[28·28] row-major pixels, 0 = background, 255 = ink (MNIST polarity).</param>
        /// <returns>The predicted digit, 0..9: the first index of the largest logit.</returns>
        /// <exception cref="ArgumentException"><paramref name="pixels"/> is null or not 784 long.</exception>
        public int Run(byte[] pixels)
        {
            if (pixels == null || pixels.Length != InputLength)
            {
                throw new ArgumentException("pixels must hold 28x28 = 784 values.", "pixels");
            }

            if (_pixelConv1 != null)
            {
                // Fast: conv1 lists the non-zero pixels straight from the image (q = p − 128, v = q − Z = p).
                _pixelConv1.RunPixels(pixels, LeNet5Parameters.InputZeroPoint, Pool1Output);
            }
            else
            {
                sbyte[] input = _input;
                for (int i = 0; i < InputLength; i++)
                {
                    input[i] = (sbyte)(pixels[i] + LeNet5Parameters.InputZeroPoint);
                }

                _conv1Pool1.Run(input, Pool1Output);
            }
            _conv2Pool2.Run(Pool1Output, Pool2Output);
            _fc1.Run(Pool2Output, Fc1Output);
            _fc2.Run(Fc1Output, Fc2Output);
            _fc3.Run(Fc2Output, Logits);

            for (int i = 0; i < ClassCount; i++)
            {
                _logitScores[i] = Logits[i];
            }

            Softmax.Rank(_logitScores, Ranking);
            Softmax.Compute(Logits, _model.SoftmaxTable, Confidences);
            return Ranking[0];
        }

        /// <summary>True when the last run's top confidence is below <paramref name="thresholdPermille"/>: show "not sure".</summary>
        /// <param name="thresholdPermille">Threshold in permille, 0..1000.</param>
        /// <returns>Whether the prediction should be reported as unsure.</returns>
        public bool IsUnsure(int thresholdPermille)
        {
            return TopConfidence < thresholdPermille;
        }
    }
}
