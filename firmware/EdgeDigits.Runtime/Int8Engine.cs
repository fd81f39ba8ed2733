using System;
using EdgeDigits.Runtime.Kernels;
using EdgeDigits.Runtime.Reference;

namespace EdgeDigits.Runtime
{
    /// <summary>
    /// The int8 inference engine the device runs, for any <see cref="Int8Network"/>: the constructor plans the network into
    /// steps, one prepared kernel each, and allocates every buffer; <see cref="Run"/> allocates nothing. Results are
    /// bit-identical to <see cref="NetworkReference"/>.
    /// </summary>
    /// <remarks>
    /// Planning, layer by layer (docs/runtime.md has the kernels, their preconditions and their cost):
    /// <list type="bullet">
    /// <item>A 5×5 Conv2D followed by a 2×2/stride-2 MaxPool2D whose conv output is even becomes one fused step, the same
    /// in both configurations: <see cref="ScatterConv5x5Pool2x2"/> when it reads the image (the drawn pixels are scattered;
    /// every lane must fit one chunk) and <see cref="GatherConv5x5Pool2x2"/> otherwise. A fused step after another fused
    /// step works relative to that step's blank-image output (<c>ConstantOutput</c>), so the background costs nothing.</item>
    /// <item>Any other Conv2D: <see cref="PackedConv2D"/> (Fast: triple lanes, zero inputs skipped) or <see cref="DirectConv2D"/>
    /// (Lean: no prepared copy of the weights); any other MaxPool2D: <see cref="MaxPool2D"/>.</item>
    /// <item>FullyConnected: <see cref="FullyConnected"/> (Fast) or <see cref="LeanFullyConnected"/> (Lean).</item>
    /// </list>
    /// Intermediate outputs alternate between two ping-pong buffers sized for the largest step; the last step writes
    /// <see cref="Logits"/>. Kernels that never run at the same time share their scratch lists. The configurations differ
    /// only where RAM buys IL: the fully connected weights (Fast: 64-bit channel triples, ≈ 118 KB for LeNet-5; Lean:
    /// the model's int8 arrays read in place) and the general Conv2D.
    /// Not thread-safe: one instance serves one caller at a time (its buffers hold the last result).
    /// </remarks>
    public sealed class Int8Engine
    {
        /// <summary>Number of ranked classes kept in <see cref="Ranking"/>.</summary>
        public const int RankingLength = 3;

        private readonly Int8Network _network;
        private readonly EngineMemory _memory;
        private readonly ILayerKernel[] _kernels;
        private readonly int[] _stepLastLayer;
        private readonly string[] _stepKernels;
        private readonly sbyte[][] _stepOutputs;
        private readonly ScatterConv5x5Pool2x2 _pixelStep;
        private readonly sbyte[] _input;
        private readonly int[] _logitScores;
        private readonly int _sharedScratchBytes;
        private readonly int _bufferBytes;

        /// <summary>int8 logits of the last run, [classes].</summary>
        public readonly sbyte[] Logits;

        /// <summary>Confidence per class of the last run, [classes], in permille (see <see cref="Softmax.Compute"/>).</summary>
        public readonly int[] Confidences;

        /// <summary>The three most likely classes of the last run, best first.</summary>
        public readonly int[] Ranking = new int[RankingLength];

        /// <summary>Creates the fast engine (<see cref="EngineMemory.Fast"/>) and allocates its buffers.</summary>
        /// <param name="network">The quantized network.</param>
        /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
        /// <exception cref="NotSupportedException">A layer has a positive requantization shift that could overflow int32
        /// (outside TFLite's contract; the kernels need monotone requantization).</exception>
        public Int8Engine(Int8Network network)
            : this(network, EngineMemory.Fast)
        {
        }

        /// <summary>Plans the network, prepares one kernel per step and allocates every buffer.</summary>
        /// <param name="network">The quantized network.</param>
        /// <param name="memory">Fast or Lean; results are identical.</param>
        /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="memory"/> is not a defined configuration.</exception>
        /// <exception cref="NotSupportedException">A layer has a positive requantization shift that could overflow int32.</exception>
        public Int8Engine(Int8Network network, EngineMemory memory)
        {
            if (network == null)
            {
                throw new ArgumentNullException("network");
            }

            if (memory != EngineMemory.Fast && memory != EngineMemory.Lean)
            {
                throw new ArgumentOutOfRangeException("memory", "unknown EngineMemory value " + (int)memory + ".");
            }

            _network = network;
            _memory = memory;
            bool fast = memory == EngineMemory.Fast;
            int layers = network.LayerCount;

            // Pass 1: group layers into steps and size the shared scratch.
            int[] stepFirst = new int[layers];
            int[] stepLast = new int[layers];
            int steps = 0;
            int entryLength = 0;
            int planeLength = 0;
            int shortLength = 0;
            int shortPairLength = 0;
            for (int i = 0; i < layers; i++)
            {
                stepFirst[steps] = i;
                if (IsFusable(network, i))
                {
                    // Scatter entry lists (two int16 lists) or the gather's int16 relative plane: C_in·H·W entries.
                    int inputs = network.InputChannelsOf(i) * network.InputHeightOf(i) * network.InputWidthOf(i);
                    shortLength = Max(shortLength, inputs);
                    if (i == 0 && IsSparseFusable(network, i))
                    {
                        shortPairLength = Max(shortPairLength, inputs);
                    }

                    i++;
                }
                else if (fast && network.Layers[i].Kind == LayerKind.Conv2D)
                {
                    planeLength = Max(planeLength, network.InputChannelsOf(i) * network.InputHeightOf(i) * network.InputWidthOf(i));
                }
                else if (network.Layers[i].Kind == LayerKind.FullyConnected)
                {
                    int inputs = ((QuantizedFullyConnected)network.Layers[i]).InputFeatures;
                    if (fast)
                    {
                        entryLength = Max(entryLength, inputs);
                    }
                    else
                    {
                        shortLength = Max(shortLength, inputs);
                        shortPairLength = Max(shortPairLength, inputs);
                    }
                }

                stepLast[steps] = i;
                steps++;
            }

            // Kernels run one after another, so they share scratch: the first int16 list is the scatter's entry
            // columns, the gather's relative plane and the Lean fully connected index list; the second the values.
            int[] entryIndex = entryLength > 0 ? new int[entryLength] : null;
            long[] entryValue = entryLength > 0 ? new long[entryLength] : null;
            long[] plane = planeLength > 0 ? new long[planeLength] : null;
            short[] shortList = shortLength > 0 ? new short[shortLength] : null;
            short[] shortPair = shortPairLength > 0 ? new short[shortPairLength] : null;
            _sharedScratchBytes = 12 * entryLength + 8 * planeLength + 2 * (shortLength + shortPairLength);

            // Pass 2: prepare the kernels; a fused step after a fused step works relative to its blank-image output.
            _kernels = new ILayerKernel[steps];
            _stepLastLayer = new int[steps];
            _stepKernels = new string[steps];
            int[] background = null;
            for (int s = 0; s < steps; s++)
            {
                int i = stepFirst[s];
                QuantizedLayer layer = network.Layers[i];
                string name = network.LayerNames[i];
                int c = network.InputChannelsOf(i);
                int h = network.InputHeightOf(i);
                int w = network.InputWidthOf(i);
                int[] constant = null;
                if (stepLast[s] != i)
                {
                    var conv = (QuantizedConv2D)layer;
                    int[] offsets = background;
                    if (offsets == null)
                    {
                        offsets = new int[c];
                        for (int ic = 0; ic < c; ic++)
                        {
                            offsets[ic] = conv.InputZeroPoint;
                        }
                    }

                    if (i == 0 && IsSparseFusable(network, i))
                    {
                        var sparse = new ScatterConv5x5Pool2x2(conv, h, w, offsets, name, shortList, shortPair);
                        _pixelStep = sparse;
                        constant = sparse.ConstantOutput;
                        _kernels[s] = sparse;
                        _stepKernels[s] = "ScatterConv5x5Pool2x2";
                    }
                    else
                    {
                        var gather = new GatherConv5x5Pool2x2(conv, h, w, offsets, name, shortList);
                        constant = gather.ConstantOutput;
                        _kernels[s] = gather;
                        _stepKernels[s] = "GatherConv5x5Pool2x2";
                    }
                }
                else if (layer.Kind == LayerKind.Conv2D && fast)
                {
                    _kernels[s] = new PackedConv2D((QuantizedConv2D)layer, h, w, name, plane);
                    _stepKernels[s] = "PackedConv2D";
                }
                else if (layer.Kind == LayerKind.Conv2D)
                {
                    _kernels[s] = new DirectConv2D((QuantizedConv2D)layer, h, w, name);
                    _stepKernels[s] = "DirectConv2D";
                }
                else if (layer.Kind == LayerKind.MaxPool2D)
                {
                    _kernels[s] = new MaxPool2D((QuantizedMaxPool2D)layer, c, h, w);
                    _stepKernels[s] = "MaxPool2D";
                }
                else
                {
                    var dense = (QuantizedFullyConnected)layer;
                    if (fast)
                    {
                        _kernels[s] = new FullyConnected(dense, name, entryIndex, entryValue);
                        _stepKernels[s] = "FullyConnected";
                    }
                    else
                    {
                        _kernels[s] = new LeanFullyConnected(dense, name, shortList, shortPair);
                        _stepKernels[s] = "LeanFullyConnected";
                    }
                }

                background = constant;
                _stepLastLayer[s] = stepLast[s];
            }

            // Buffers: the last step writes the logits; earlier steps alternate between two ping-pong buffers.
            int classes = network.ClassCount;
            Logits = new sbyte[classes];
            Confidences = new int[classes];
            _logitScores = new int[classes];
            int evenLength = 0;
            int oddLength = 0;
            for (int s = 0; s < steps - 1; s++)
            {
                int length = network.OutputLength(stepLast[s]);
                if (s % 2 == 0)
                {
                    evenLength = Max(evenLength, length);
                }
                else
                {
                    oddLength = Max(oddLength, length);
                }
            }

            sbyte[] even = new sbyte[evenLength];
            sbyte[] odd = new sbyte[oddLength];
            _stepOutputs = new sbyte[steps][];
            for (int s = 0; s < steps; s++)
            {
                _stepOutputs[s] = s == steps - 1 ? Logits : (s % 2 == 0 ? even : odd);
            }

            if (_pixelStep == null)
            {
                _input = new sbyte[network.InputLength];
            }

            _bufferBytes = (_input == null ? 0 : _input.Length) + evenLength + oddLength + classes + 4 * (2 * classes + RankingLength);
        }

        /// <summary>The memory configuration this engine was built with.</summary>
        public EngineMemory Memory
        {
            get { return _memory; }
        }

        /// <summary>The network this engine runs.</summary>
        public Int8Network Network
        {
            get { return _network; }
        }

        /// <summary>Input values per run, C·H·W of the network's input (784 for a 28×28 digit).</summary>
        public int InputLength
        {
            get { return _network.InputLength; }
        }

        /// <summary>Number of classes.</summary>
        public int ClassCount
        {
            get { return Logits.Length; }
        }

        /// <summary>Number of planned steps (a fused conv + pool is one step).</summary>
        public int StepCount
        {
            get { return _kernels.Length; }
        }

        /// <summary>Index of the network layer whose output step <paramref name="step"/> produces.</summary>
        /// <param name="step">Step index, 0-based.</param>
        /// <returns>The layer index.</returns>
        public int StepLastLayer(int step)
        {
            return _stepLastLayer[step];
        }

        /// <summary>Name of the kernel running step <paramref name="step"/>, e.g. "ScatterConv5x5Pool2x2".</summary>
        /// <param name="step">Step index, 0-based.</param>
        /// <returns>The kernel's class name.</returns>
        public string StepKernel(int step)
        {
            return _stepKernels[step];
        }

        /// <summary>Bytes of RAM step <paramref name="step"/>'s kernel prepared (shared scratch excluded).</summary>
        /// <param name="step">Step index, 0-based.</param>
        /// <returns>Bytes.</returns>
        public int StepBytes(int step)
        {
            return _kernels[step].Bytes;
        }

        /// <summary>Predicted class of the last run.</summary>
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
        /// Bytes of RAM this engine holds for activations and results: the input buffer (when the first step does not read
        /// the pixels in place), the two ping-pong buffers, logits, confidences and ranking (weights excluded: see
        /// <c>edgedigits bench</c> for the full budget).
        /// </summary>
        public int BufferBytes
        {
            get { return _bufferBytes; }
        }

        /// <summary>
        /// Bytes of RAM the kernels hold: packed weights, folded biases, requantization parameters, accumulators and
        /// scratch lists, all prepared in the constructor (the model's own arrays are not counted; object headers
        /// neither). For LeNet-5: Fast ≈ 144 KB, Lean ≈ 8 KB.
        /// </summary>
        public int PreparedBytes
        {
            get
            {
                int bytes = _sharedScratchBytes;
                for (int s = 0; s < _kernels.Length; s++)
                {
                    bytes += _kernels[s].Bytes;
                }

                return bytes;
            }
        }

        /// <summary>Runs one inference: fills <see cref="Logits"/>, <see cref="Confidences"/> and <see cref="Ranking"/>.</summary>
        /// <param name="pixels">[C·H·W] pixels, NCHW, 0 = background, 255 = ink (MNIST polarity); q = p − 128.</param>
        /// <returns>The predicted class: the first index of the largest logit.</returns>
        /// <exception cref="ArgumentException"><paramref name="pixels"/> is null or not <see cref="InputLength"/> long.</exception>
        public int Run(byte[] pixels)
        {
            RunFirstStep(pixels);
            ILayerKernel[] kernels = _kernels;
            sbyte[][] outputs = _stepOutputs;
            for (int s = 1; s < kernels.Length; s++)
            {
                kernels[s].Run(outputs[s - 1], outputs[s]);
            }

            sbyte[] logits = Logits;
            int[] scores = _logitScores;
            for (int i = 0; i < scores.Length; i++)
            {
                scores[i] = logits[i];
            }

            Softmax.Rank(scores, Ranking);
            Softmax.Compute(logits, _network.SoftmaxTable, Confidences);
            return Ranking[0];
        }

        /// <summary>
        /// Runs one step only and returns the buffer holding its output ([C·H·W] of layer <see cref="StepLastLayer"/>, NCHW
        /// flat; the buffer may be longer): step 0 reads <paramref name="pixels"/>, step s &gt; 0 reads what step s − 1 left in
        /// the engine's buffers, so call them in order 0, 1, 2, … For golden-vector checks and per-step measurements;
        /// does not touch confidences or ranking.
        /// </summary>
        /// <param name="pixels">[C·H·W] pixels, as for <see cref="Run"/> (read by step 0 only; may be null for later steps).</param>
        /// <param name="step">0..<see cref="StepCount"/> − 1.</param>
        /// <returns>The engine-owned buffer with that step's output (overwritten two steps later).</returns>
        /// <exception cref="ArgumentException">Step 0 and <paramref name="pixels"/> is null or not <see cref="InputLength"/> long.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is outside 0..StepCount − 1.</exception>
        public sbyte[] RunStep(byte[] pixels, int step)
        {
            if (step < 0 || step >= _kernels.Length)
            {
                throw new ArgumentOutOfRangeException("step", "step must be 0.." + (_kernels.Length - 1) + ", not " + step + ".");
            }

            if (step == 0)
            {
                RunFirstStep(pixels);
            }
            else
            {
                _kernels[step].Run(_stepOutputs[step - 1], _stepOutputs[step]);
            }

            return _stepOutputs[step];
        }

        private void RunFirstStep(byte[] pixels)
        {
            if (pixels == null || pixels.Length != _network.InputLength)
            {
                throw new ArgumentException("pixels must hold the network's " + _network.InputLength + " input values.", "pixels");
            }

            if (_pixelStep != null)
            {
                // The first step lists the drawn pixels straight from the image (q = p − 128, v = q − Z = p).
                _pixelStep.RunPixels(pixels, Int8Network.InputZeroPoint, _stepOutputs[0]);
            }
            else
            {
                sbyte[] input = _input;
                int length = input.Length;   // hoisted: ldlen in the loop test would cost 2 IL per pixel
                for (int i = 0; i < length; i++)
                {
                    input[i] = (sbyte)(pixels[i] + Int8Network.InputZeroPoint);
                }

                _kernels[0].Run(input, _stepOutputs[0]);
            }
        }

        /// <summary>True when the last run's top confidence is below <paramref name="thresholdPermille"/>: show "not sure".</summary>
        /// <param name="thresholdPermille">Threshold in permille, 0..1000.</param>
        /// <returns>Whether the prediction should be reported as unsure.</returns>
        public bool IsUnsure(int thresholdPermille)
        {
            return TopConfidence < thresholdPermille;
        }

        private static bool IsFusable(Int8Network network, int layer)
        {
            if (layer + 1 >= network.LayerCount || network.Layers[layer].Kind != LayerKind.Conv2D
                || network.Layers[layer + 1].Kind != LayerKind.MaxPool2D)
            {
                return false;
            }

            var conv = (QuantizedConv2D)network.Layers[layer];
            var pool = (QuantizedMaxPool2D)network.Layers[layer + 1];
            int outHeight = network.OutputHeight(layer);
            int outWidth = network.OutputWidth(layer);
            return conv.KernelSize == FusedConvChecks.KernelSize && pool.KernelSize == 2 && pool.Stride == 2
                && outHeight >= 2 && outWidth >= 2 && outHeight % 2 == 0 && outWidth % 2 == 0;
        }

        private static bool IsSparseFusable(Int8Network network, int layer)
        {
            // The scatter sums all input channels into one accumulator (every lane must fit in one chunk) and lists
            // columns as int16.
            var conv = (QuantizedConv2D)network.Layers[layer];
            int taps = FusedConvChecks.KernelSize * FusedConvChecks.KernelSize;
            return network.InputWidthOf(layer) <= short.MaxValue
                && TripleLanes.Chunks(conv.Weights, conv.OutputChannels, conv.InputChannels, taps).Length == 1;
        }

        private static int Max(int a, int b)
        {
            return a > b ? a : b;
        }
    }
}
