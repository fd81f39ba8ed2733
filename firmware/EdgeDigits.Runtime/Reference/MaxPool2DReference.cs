namespace EdgeDigits.Runtime.Reference
{
    /// <summary>The straightforward int8 MaxPool2D (ONNX MaxPool: square window, equal strides, no padding, floor output size).</summary>
    public static class MaxPool2DReference
    {
        /// <summary>
        /// Computes <c>output[c, oy, ox] = max(input[c, S·oy + dy, S·ox + dx])</c> over dy, dx &lt; K. Output quantization
        /// equals input quantization, as TFLite requires for MAX_POOL_2D.
        /// </summary>
        /// <param name="input">Input, [C, H, W], flat index (c·H + y)·W + x.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H, in pixels, at least K.</param>
        /// <param name="width">W, in pixels, at least K.</param>
        /// <param name="kernelSize">Window K, in pixels.</param>
        /// <param name="stride">Stride S, in pixels.</param>
        /// <param name="output">Output, [C, (H − K)/S + 1, (W − K)/S + 1].</param>
        public static void Run(sbyte[] input, int channels, int height, int width, int kernelSize, int stride, sbyte[] output)
        {
            int outHeight = (height - kernelSize) / stride + 1;
            int outWidth = (width - kernelSize) / stride + 1;
            for (int c = 0; c < channels; c++)
            {
                for (int oy = 0; oy < outHeight; oy++)
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int best = -128;
                        for (int dy = 0; dy < kernelSize; dy++)
                        {
                            for (int dx = 0; dx < kernelSize; dx++)
                            {
                                int v = input[(c * height + stride * oy + dy) * width + stride * ox + dx];
                                if (v > best)
                                {
                                    best = v;
                                }
                            }
                        }

                        output[(c * outHeight + oy) * outWidth + ox] = (sbyte)best;
                    }
                }
            }
        }

        /// <summary>The 2×2, stride-2 pool: <see cref="Run(sbyte[], int, int, int, int, int, sbyte[])"/> with K = S = 2.</summary>
        /// <param name="input">Input, [C, H, W].</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H, in pixels.</param>
        /// <param name="width">W, in pixels.</param>
        /// <param name="output">Output, [C, H/2, W/2].</param>
        public static void Run(sbyte[] input, int channels, int height, int width, sbyte[] output)
        {
            Run(input, channels, height, width, 2, 2, output);
        }
    }
}
