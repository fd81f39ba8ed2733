using System;

namespace EdgeDigits.Runtime
{
    /// <summary>
    /// Parameters of one int8 Conv2D layer with fused bias, requantization and activation clamp:
    /// stride 1, no padding ("valid"), square kernel, ONNX/NCHW layouts.
    /// </summary>
    /// <remarks>
    /// TFLite int8 scheme (https://www.tensorflow.org/lite/performance/quantization_spec): weights are
    /// symmetric per output channel (zero point 0, values in [−127, 127]); activations are asymmetric per
    /// tensor. The input zero point is folded into the bias, so for every output element
    /// <code>acc = Bias[oc] + Σ_{ic,ky,kx} Weights[oc,ic,ky,kx] · x[ic, oy+ky, ox+kx]
    /// y   = clamp(MultiplyByQuantizedMultiplier(acc, OutputMultiplier[oc], OutputShift[oc]) + OutputZeroPoint,
    ///             ActivationMin, ActivationMax)</code>
    /// where <c>Bias[oc] = round(b[oc] / (s_in · s_w[oc])) − InputZeroPoint · Σ Weights[oc,…]</c>.
    /// A fused ReLU is expressed as <c>ActivationMin = OutputZeroPoint</c>.
    /// </remarks>
    public sealed class QuantizedConv2D : QuantizedLayer
    {
        /// <summary>Number of input channels (C_in).</summary>
        public readonly int InputChannels;

        /// <summary>Number of output channels (C_out).</summary>
        public readonly int OutputChannels;

        /// <summary>Kernel height and width (K), in pixels.</summary>
        public readonly int KernelSize;

        /// <summary>Weights, layout [C_out, C_in, K, K] (OIHW), flat index ((oc·C_in + ic)·K + ky)·K + kx.</summary>
        public readonly sbyte[] Weights;

        /// <summary>Int32 bias per output channel, [C_out], with the input zero point folded in.</summary>
        public readonly int[] Bias;

        /// <summary>Q0.31 requantization multiplier per output channel, [C_out].</summary>
        public readonly int[] OutputMultiplier;

        /// <summary>Requantization shift per output channel, [C_out], in [−31, 30]; positive shifts left.</summary>
        public readonly int[] OutputShift;

        /// <summary>Zero point of the input tensor, in [−128, 127].</summary>
        public readonly int InputZeroPoint;

        /// <summary>Zero point of the output tensor, in [−128, 127].</summary>
        public readonly int OutputZeroPoint;

        /// <summary>Lower clamp of the output, in [−128, 127]; equals <see cref="OutputZeroPoint"/> for a fused ReLU.</summary>
        public readonly int ActivationMin;

        /// <summary>Upper clamp of the output, in [ActivationMin, 127].</summary>
        public readonly int ActivationMax;

        /// <summary>Creates and validates the parameters of one Conv2D layer.</summary>
        /// <param name="inputChannels">C_in, at least 1.</param>
        /// <param name="outputChannels">C_out, at least 1.</param>
        /// <param name="kernelSize">K, at least 1.</param>
        /// <param name="weights">[C_out, C_in, K, K] int8 weights in [−127, 127].</param>
        /// <param name="bias">[C_out] int32 biases, input zero point folded in.</param>
        /// <param name="outputMultiplier">[C_out] Q0.31 multipliers, each ≥ 0.</param>
        /// <param name="outputShift">[C_out] shifts in [−31, 30].</param>
        /// <param name="inputZeroPoint">Input zero point.</param>
        /// <param name="outputZeroPoint">Output zero point.</param>
        /// <param name="activationMin">Lower clamp.</param>
        /// <param name="activationMax">Upper clamp.</param>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentException">An array length does not match the shape, or a value is out of its range.</exception>
        public QuantizedConv2D(int inputChannels, int outputChannels, int kernelSize, sbyte[] weights, int[] bias,
            int[] outputMultiplier, int[] outputShift, int inputZeroPoint, int outputZeroPoint, int activationMin, int activationMax)
            : base(LayerKind.Conv2D)
        {
            if (inputChannels < 1 || outputChannels < 1 || kernelSize < 1)
            {
                throw new ArgumentException("Conv2D shape must be positive: C_in " + inputChannels + ", C_out " + outputChannels + ", K " + kernelSize + ".");
            }

            QuantizationChecks.CheckWeights(weights, outputChannels * inputChannels * kernelSize * kernelSize, "weights");
            QuantizationChecks.CheckPerChannel(bias, outputMultiplier, outputShift, outputChannels);
            QuantizationChecks.CheckActivation(inputZeroPoint, outputZeroPoint, activationMin, activationMax);
            InputChannels = inputChannels;
            OutputChannels = outputChannels;
            KernelSize = kernelSize;
            Weights = weights;
            Bias = bias;
            OutputMultiplier = outputMultiplier;
            OutputShift = outputShift;
            InputZeroPoint = inputZeroPoint;
            OutputZeroPoint = outputZeroPoint;
            ActivationMin = activationMin;
            ActivationMax = activationMax;
        }
    }
}
