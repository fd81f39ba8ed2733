using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The general int8 MaxPool2D (square window K, stride S, valid padding), used for pools the engine does not fuse into
    /// the preceding conv. Bit-identical to <see cref="Reference.MaxPool2DReference"/>; no prepared data.
    /// </summary>
    /// <remarks>Layouts: input [C, H, W] NCHW, output [C, (H − K)/S + 1, (W − K)/S + 1]. Quantization passes through.</remarks>
    public sealed class MaxPool2D : ILayerKernel
    {
        private readonly int _channels;
        private readonly int _height;
        private readonly int _width;
        private readonly int _kernelSize;
        private readonly int _stride;

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">The pool layer.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H, in pixels, at least K.</param>
        /// <param name="width">W, in pixels, at least K.</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
        /// <exception cref="ArgumentException">H or W is smaller than K.</exception>
        public MaxPool2D(QuantizedMaxPool2D layer, int channels, int height, int width)
        {
            if (layer == null)
            {
                throw new ArgumentNullException("layer");
            }

            if (height < layer.KernelSize || width < layer.KernelSize)
            {
                throw new ArgumentException("input " + height + "x" + width + " is smaller than the " + layer.KernelSize + "x" + layer.KernelSize + " pool window.", "height");
            }

            _channels = channels;
            _height = height;
            _width = width;
            _kernelSize = layer.KernelSize;
            _stride = layer.Stride;
        }

        /// <summary>No prepared data: 0 bytes.</summary>
        public int Bytes
        {
            get { return 0; }
        }

        /// <summary>Computes <c>output[c, oy, ox] = max(input[c, S·oy + dy, S·ox + dx])</c> over dy, dx &lt; K.</summary>
        /// <param name="input">[C, H, W] int8 input.</param>
        /// <param name="output">[C, OH, OW] int8 output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            int k = _kernelSize;
            int stride = _stride;
            int width = _width;
            int outHeight = (_height - k) / stride + 1;
            int outWidth = (width - k) / stride + 1;
            int nextRow = width - k;
            int o = 0;
            for (int c = 0; c < _channels; c++)
            {
                int planeBase = c * _height * width;
                for (int oy = 0; oy < outHeight; oy++)
                {
                    int rowBase = planeBase + oy * stride * width;
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int i = rowBase + ox * stride;
                        int best = -128;
                        for (int dy = 0; dy < k; dy++)
                        {
                            for (int dx = 0; dx < k; dx++)
                            {
                                int v = input[i++];
                                if (v > best)
                                {
                                    best = v;
                                }
                            }

                            i += nextRow;
                        }

                        output[o++] = (sbyte)best;
                    }
                }
            }
        }
    }
}
