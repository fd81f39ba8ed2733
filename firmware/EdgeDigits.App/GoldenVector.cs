using System;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;

namespace EdgeDigits.App
{
    /// <summary>
    /// One MNIST test digit with the output of every layer, as produced by <c>edgedigits quantize</c>
    /// (<c>EdgeDigits.Model.LeNet5Golden</c>) from the reference kernels. The device replays it through the runtime at boot.
    /// </summary>
    /// <remarks>
    /// The app takes the arrays as arguments instead of referencing the generated assembly, so it builds and is
    /// tested without a generated model; the device's composition root passes the generated golden class's fields.
    /// </remarks>
    public sealed class GoldenVector
    {
        /// <summary>Index of the digit in the MNIST test set.</summary>
        public readonly int Index;

        /// <summary>Its true label.</summary>
        public readonly int Label;

        /// <summary>The class the int8 model predicts for it.</summary>
        public readonly int PredictedClass;

        /// <summary>[C·H·W] raw pixels of the network input, row-major, 0 = background.</summary>
        public readonly byte[] Input;

        /// <summary>Output of every layer, [layers][C·H·W] NCHW flat; the last entry is the int8 logits.</summary>
        public readonly sbyte[][] LayerOutputs;

        /// <summary>Confidences, [classes], permille.</summary>
        public readonly int[] Confidences;

        /// <summary>Bundles a golden vector; lengths are checked by <see cref="SelfTest.Run"/>, which reports them.</summary>
        /// <param name="index">MNIST test index.</param>
        /// <param name="label">True label.</param>
        /// <param name="predictedClass">Expected prediction.</param>
        /// <param name="input">[C·H·W] pixels.</param>
        /// <param name="layerOutputs">[layers][C·H·W] every layer's output, in layer order.</param>
        /// <param name="confidences">[classes] confidences, permille.</param>
        /// <exception cref="ArgumentNullException">An array, or one of the layer outputs, is null.</exception>
        public GoldenVector(int index, int label, int predictedClass, byte[] input, sbyte[][] layerOutputs, int[] confidences)
        {
            if (input == null) { throw new ArgumentNullException("input"); }
            if (layerOutputs == null) { throw new ArgumentNullException("layerOutputs"); }
            if (confidences == null) { throw new ArgumentNullException("confidences"); }
            for (int i = 0; i < layerOutputs.Length; i++)
            {
                if (layerOutputs[i] == null)
                {
                    throw new ArgumentNullException("layerOutputs", "layer output " + i + " is null.");
                }
            }

            Index = index;
            Label = label;
            PredictedClass = predictedClass;
            Input = input;
            LayerOutputs = layerOutputs;
            Confidences = confidences;
        }

        /// <summary>
        /// The golden vector of <paramref name="input"/> computed by the reference kernels (<see cref="NetworkReference"/>) and
        /// <see cref="Softmax.Compute"/>, i.e. not by the engine the self-test checks: for a model quantized at start-up
        /// (the simulator's <c>--model</c>) and for tests. The arrays are new, so a caller may change them.
        /// </summary>
        /// <param name="network">The quantized network.</param>
        /// <param name="input">[C·H·W] pixels (copied).</param>
        /// <param name="index">Index of the image in its data set (reported only).</param>
        /// <param name="label">Its true label.</param>
        /// <returns>The golden vector, predicted class = the reference's.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="input"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="input"/> is not the network's input length.</exception>
        public static GoldenVector FromReference(Int8Network network, byte[] input, int index, int label)
        {
            if (network == null) { throw new ArgumentNullException("network"); }
            if (input == null) { throw new ArgumentNullException("input"); }
            byte[] pixels = new byte[input.Length];
            Array.Copy(input, pixels, input.Length);
            var reference = new NetworkReference(network);
            int predicted = reference.Run(pixels);
            int[] confidences = new int[network.ClassCount];
            Softmax.Compute(reference.Logits, network.SoftmaxTable, confidences);
            return new GoldenVector(index, label, predicted, pixels, reference.LayerOutputs, confidences);
        }

        /// <summary>The int8 logits: the last layer's output.</summary>
        public sbyte[] Logits
        {
            get { return LayerOutputs.Length == 0 ? new sbyte[0] : LayerOutputs[LayerOutputs.Length - 1]; }
        }
    }
}
