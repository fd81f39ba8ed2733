using System;

namespace EdgeDigits.Runtime
{
    /// <summary>
    /// Parameters of one int8 FullyConnected layer (ONNX Gemm with transB = 1, or MatMul + Add) with fused
    /// bias, requantization and activation clamp.
    /// </summary>
    /// <remarks>
    /// TFLite int8 scheme with per-output-channel symmetric weights. For every output o:
    /// <code>acc = Bias[o] + Σ_i Weights[o, i] · x[i]
    /// y   = clamp(MultiplyByQuantizedMultiplier(acc, OutputMultiplier[o], OutputShift[o]) + OutputZeroPoint,
    ///             ActivationMin, ActivationMax)</code>
    /// where <c>Bias[o] = round(b[o] / (s_in · s_w[o])) − InputZeroPoint · Σ_i Weights[o, i]</c>.
    /// </remarks>
    public sealed class QuantizedFullyConnected : QuantizedLayer
    {
        /// <summary>Number of input features (N_in).</summary>
        public readonly int InputFeatures;

        /// <summary>Number of output features (N_out).</summary>
        public readonly int OutputFeatures;

        /// <summary>Weights, layout [N_out, N_in] row-major, flat index o·N_in + i.</summary>
        public readonly sbyte[] Weights;

        /// <summary>Int32 bias per output, [N_out], with the input zero point folded in.</summary>
        public readonly int[] Bias;

        /// <summary>Q0.31 requantization multiplier per output, [N_out].</summary>
        public readonly int[] OutputMultiplier;

        /// <summary>Requantization shift per output, [N_out], in [−31, 30]; positive shifts left.</summary>
        public readonly int[] OutputShift;

        /// <summary>Zero point of the input tensor, in [−128, 127].</summary>
        public readonly int InputZeroPoint;

        /// <summary>Zero point of the output tensor, in [−128, 127].</summary>
        public readonly int OutputZeroPoint;

        /// <summary>Lower clamp of the output; equals <see cref="OutputZeroPoint"/> for a fused ReLU, −128 for none.</summary>
        public readonly int ActivationMin;

        /// <summary>Upper clamp of the output, in [ActivationMin, 127].</summary>
        public readonly int ActivationMax;

        /// <summary>Creates and validates the parameters of one FullyConnected layer.</summary>
        /// <param name="inputFeatures">N_in, at least 1.</param>
        /// <param name="outputFeatures">N_out, at least 1.</param>
        /// <param name="weights">[N_out, N_in] int8 weights in [−127, 127].</param>
        /// <param name="bias">[N_out] int32 biases, input zero point folded in.</param>
        /// <param name="outputMultiplier">[N_out] Q0.31 multipliers, each ≥ 0.</param>
        /// <param name="outputShift">[N_out] shifts in [−31, 30].</param>
        /// <param name="inputZeroPoint">Input zero point.</param>
        /// <param name="outputZeroPoint">Output zero point.</param>
        /// <param name="activationMin">Lower clamp.</param>
        /// <param name="activationMax">Upper clamp.</param>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentException">An array length does not match the shape, or a value is out of its range.</exception>
        public QuantizedFullyConnected(int inputFeatures, int outputFeatures, sbyte[] weights, int[] bias,
            int[] outputMultiplier, int[] outputShift, int inputZeroPoint, int outputZeroPoint, int activationMin, int activationMax)
            : base(LayerKind.FullyConnected)
        {
            if (inputFeatures < 1 || outputFeatures < 1)
            {
                throw new ArgumentException("FullyConnected shape must be positive: N_in " + inputFeatures + ", N_out " + outputFeatures + ".");
            }

            QuantizationChecks.CheckWeights(weights, outputFeatures * inputFeatures, "weights");
            QuantizationChecks.CheckPerChannel(bias, outputMultiplier, outputShift, outputFeatures);
            QuantizationChecks.CheckActivation(inputZeroPoint, outputZeroPoint, activationMin, activationMax);
            InputFeatures = inputFeatures;
            OutputFeatures = outputFeatures;
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
