using System;

namespace EdgeDigits.App
{
    /// <summary>
    /// One MNIST test digit with the output of every layer, as produced by <c>edgedigits quantize</c>
    /// (<c>EdgeDigits.Model.LeNet5Golden</c>). The device replays it through the runtime at boot.
    /// </summary>
    /// <remarks>
    /// The app takes the arrays as arguments instead of referencing the generated assembly, so it builds and is
    /// tested without a generated model; the device's composition root passes <c>LeNet5Golden</c>'s fields.
    /// </remarks>
    public sealed class GoldenVector
    {
        /// <summary>Index of the digit in the MNIST test set.</summary>
        public readonly int Index;

        /// <summary>Its true label, 0..9.</summary>
        public readonly int Label;

        /// <summary>The class the int8 model predicts for it.</summary>
        public readonly int PredictedClass;

        /// <summary>[784] raw pixels, row-major, 0 = background.</summary>
        public readonly byte[] Input;

        /// <summary>pool1 output, [6·12·12] NCHW.</summary>
        public readonly sbyte[] Pool1Output;

        /// <summary>pool2 output, [16·4·4] NCHW.</summary>
        public readonly sbyte[] Pool2Output;

        /// <summary>fc1 output, [120].</summary>
        public readonly sbyte[] Fc1Output;

        /// <summary>fc2 output, [84].</summary>
        public readonly sbyte[] Fc2Output;

        /// <summary>int8 logits, [10].</summary>
        public readonly sbyte[] Logits;

        /// <summary>Confidences, [10], permille.</summary>
        public readonly int[] Confidences;

        /// <summary>Bundles a golden vector; lengths are checked by <see cref="SelfTest.Run"/>, which reports them.</summary>
        /// <param name="index">MNIST test index.</param>
        /// <param name="label">True label.</param>
        /// <param name="predictedClass">Expected prediction.</param>
        /// <param name="input">[784] pixels.</param>
        /// <param name="pool1Output">[864] pool1 output.</param>
        /// <param name="pool2Output">[256] pool2 output.</param>
        /// <param name="fc1Output">[120] fc1 output.</param>
        /// <param name="fc2Output">[84] fc2 output.</param>
        /// <param name="logits">[10] logits.</param>
        /// <param name="confidences">[10] confidences, permille.</param>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        public GoldenVector(int index, int label, int predictedClass, byte[] input, sbyte[] pool1Output, sbyte[] pool2Output,
            sbyte[] fc1Output, sbyte[] fc2Output, sbyte[] logits, int[] confidences)
        {
            if (input == null) { throw new ArgumentNullException("input"); }
            if (pool1Output == null) { throw new ArgumentNullException("pool1Output"); }
            if (pool2Output == null) { throw new ArgumentNullException("pool2Output"); }
            if (fc1Output == null) { throw new ArgumentNullException("fc1Output"); }
            if (fc2Output == null) { throw new ArgumentNullException("fc2Output"); }
            if (logits == null) { throw new ArgumentNullException("logits"); }
            if (confidences == null) { throw new ArgumentNullException("confidences"); }

            Index = index;
            Label = label;
            PredictedClass = predictedClass;
            Input = input;
            Pool1Output = pool1Output;
            Pool2Output = pool2Output;
            Fc1Output = fc1Output;
            Fc2Output = fc2Output;
            Logits = logits;
            Confidences = confidences;
        }
    }
}
