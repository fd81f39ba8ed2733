namespace EdgeDigits.Runtime.Reference
{
    /// <summary>The straightforward int8 MaxPool2D with a 2×2 window and stride 2 (ONNX MaxPool, kernel_shape [2,2], strides [2,2]).</summary>
    public static class MaxPool2DReference
    {
        /// <summary>
        /// Computes <c>output[c, y, x] = max(input[c, 2y + dy, 2x + dx])</c> over dy, dx ∈ {0, 1}. Output quantization
        /// equals input quantization, as TFLite requires for MAX_POOL_2D.
        /// </summary>
        /// <param name="input">Input, [C, H, W], flat index (c·H + y)·W + x.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H, even, in pixels.</param>
        /// <param name="width">W, even, in pixels.</param>
        /// <param name="output">Output, [C, H/2, W/2].</param>
        public static void Run(sbyte[] input, int channels, int height, int width, sbyte[] output)
        {
            int outHeight = height / 2;
            int outWidth = width / 2;
            for (int c = 0; c < channels; c++)
            {
                for (int oy = 0; oy < outHeight; oy++)
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int best = -128;
                        for (int dy = 0; dy < 2; dy++)
                        {
                            for (int dx = 0; dx < 2; dx++)
                            {
                                int v = input[(c * height + 2 * oy + dy) * width + 2 * ox + dx];
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
    }
}
