namespace EdgeDigits.Runtime.Reference
{
    /// <summary>The straightforward int8 FullyConnected, requantizing through <see cref="FixedPoint"/> calls.</summary>
    public static class FullyConnectedReference
    {
        /// <summary>
        /// Computes <c>output[o] = clamp(MBQM(Bias[o] + Σ_i W[o,i]·input[i]) + zp_out)</c>
        /// (see <see cref="QuantizedFullyConnected"/> for the formula and its source).
        /// </summary>
        /// <param name="layer">Layer parameters.</param>
        /// <param name="input">Input, [N_in].</param>
        /// <param name="output">Output, [N_out].</param>
        public static void Run(QuantizedFullyConnected layer, sbyte[] input, sbyte[] output)
        {
            for (int o = 0; o < layer.OutputFeatures; o++)
            {
                int acc = layer.Bias[o];
                for (int i = 0; i < layer.InputFeatures; i++)
                {
                    acc += layer.Weights[o * layer.InputFeatures + i] * input[i];
                }

                int y = FixedPoint.MultiplyByQuantizedMultiplier(acc, layer.OutputMultiplier[o], layer.OutputShift[o]) + layer.OutputZeroPoint;
                if (y < layer.ActivationMin)
                {
                    y = layer.ActivationMin;
                }

                if (y > layer.ActivationMax)
                {
                    y = layer.ActivationMax;
                }

                output[o] = (sbyte)y;
            }
        }
    }
}
