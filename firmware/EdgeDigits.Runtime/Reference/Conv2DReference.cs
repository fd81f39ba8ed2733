namespace EdgeDigits.Runtime.Reference
{
    /// <summary>
    /// The straightforward int8 Conv2D: one loop per tensor dimension, index arithmetic in the inner loop
    /// and requantization through <see cref="FixedPoint"/> calls. It is the readable definition the fast
    /// kernels are tested against bit for bit, and the baseline of <c>edgedigits bench</c>.
    /// </summary>
    public static class Conv2DReference
    {
        /// <summary>
        /// Computes <c>output[oc, oy, ox] = clamp(MBQM(Bias[oc] + Σ W[oc,ic,ky,kx]·input[ic,oy+ky,ox+kx]) + zp_out)</c>
        /// for stride 1 and no padding (see <see cref="QuantizedConv2D"/> for the formula and its source).
        /// </summary>
        /// <param name="layer">Layer parameters.</param>
        /// <param name="input">Input, [C_in, H, W] NCHW without the batch, flat index (ic·H + y)·W + x.</param>
        /// <param name="height">Input height H, in pixels, at least K.</param>
        /// <param name="width">Input width W, in pixels, at least K.</param>
        /// <param name="output">Output, [C_out, H − K + 1, W − K + 1], flat index (oc·OH + oy)·OW + ox.</param>
        public static void Run(QuantizedConv2D layer, sbyte[] input, int height, int width, sbyte[] output)
        {
            int k = layer.KernelSize;
            int outHeight = height - k + 1;
            int outWidth = width - k + 1;
            for (int oc = 0; oc < layer.OutputChannels; oc++)
            {
                for (int oy = 0; oy < outHeight; oy++)
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int acc = layer.Bias[oc];
                        for (int ic = 0; ic < layer.InputChannels; ic++)
                        {
                            for (int ky = 0; ky < k; ky++)
                            {
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int w = layer.Weights[((oc * layer.InputChannels + ic) * k + ky) * k + kx];
                                    int x = input[(ic * height + oy + ky) * width + ox + kx];
                                    acc += w * x;
                                }
                            }
                        }

                        int y = FixedPoint.MultiplyByQuantizedMultiplier(acc, layer.OutputMultiplier[oc], layer.OutputShift[oc]) + layer.OutputZeroPoint;
                        if (y < layer.ActivationMin)
                        {
                            y = layer.ActivationMin;
                        }

                        if (y > layer.ActivationMax)
                        {
                            y = layer.ActivationMax;
                        }

                        output[(oc * outHeight + oy) * outWidth + ox] = (sbyte)y;
                    }
                }
            }
        }
    }
}
