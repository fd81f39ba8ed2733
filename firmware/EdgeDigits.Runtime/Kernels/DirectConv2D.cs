using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The general int8 Conv2D: any kernel size K, any channel counts, stride 1, valid padding, with its activation clamp;
    /// weights read in place (no prepared copy). Bit-identical to <see cref="Reference.Conv2DReference"/>. The engine uses
    /// it for convolutions outside the fused kernels' preconditions (K ≠ 5, no 2×2 pool after it, too many taps).
    /// </summary>
    /// <remarks>
    /// Layouts: input [C_in, H, W] NCHW, flat (ic·H + y)·W + x; output [C_out, H − K + 1, W − K + 1]. Per output:
    /// <c>acc = Bias[oc] + Σ_{ic,ky,kx} W[oc,ic,ky,kx]·x[ic, oy+ky, ox+kx]</c> with the weight and input indices stepped,
    /// not recomputed, and requantization inlined from <see cref="RequantizationPlan"/> (the one definition, tested bit for
    /// bit against <see cref="FixedPoint.MultiplyByQuantizedMultiplier"/>).
    /// </remarks>
    public sealed class DirectConv2D : ILayerKernel
    {
        private readonly int _inputChannels;
        private readonly int _outputChannels;
        private readonly int _kernelSize;
        private readonly int _height;
        private readonly int _width;
        private readonly sbyte[] _weights;
        private readonly RequantizationPlan _plan;

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">The layer, weights [C_out, C_in, K, K].</param>
        /// <param name="height">Input height H, in pixels, at least K.</param>
        /// <param name="width">Input width W, in pixels, at least K.</param>
        /// <param name="name">Layer name used in error messages, e.g. "conv2".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
        /// <exception cref="ArgumentException">H or W is smaller than K.</exception>
        /// <exception cref="NotSupportedException">A positive shift could overflow int32 (outside TFLite's contract).</exception>
        public DirectConv2D(QuantizedConv2D layer, int height, int width, string name)
        {
            if (layer == null)
            {
                throw new ArgumentNullException("layer");
            }

            if (height < layer.KernelSize || width < layer.KernelSize)
            {
                throw new ArgumentException(name + ": input " + height + "x" + width + " is smaller than the " + layer.KernelSize + "x" + layer.KernelSize + " kernel.", "height");
            }

            _inputChannels = layer.InputChannels;
            _outputChannels = layer.OutputChannels;
            _kernelSize = layer.KernelSize;
            _height = height;
            _width = width;
            _weights = layer.Weights;
            int taps = _inputChannels * _kernelSize * _kernelSize;
            // Offsets 0: the bias stays the layer's own (acc = Bias + Σ W·q, as the reference computes it).
            _plan = new RequantizationPlan(name, _outputChannels, layer.Weights, taps, new int[_inputChannels], _kernelSize * _kernelSize,
                layer.Bias, layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, true);
        }

        /// <summary>Bytes of RAM the kernel prepared: its requantization plan (the weights are the model's).</summary>
        public int Bytes
        {
            get { return _plan.Bytes; }
        }

        /// <summary>Computes the convolution, requantizes and clamps.</summary>
        /// <param name="input">[C_in, H, W] int8 input.</param>
        /// <param name="output">[C_out, H − K + 1, W − K + 1] int8 output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            int k = _kernelSize;
            int height = _height;
            int width = _width;
            int outHeight = height - k + 1;
            int outWidth = width - k + 1;
            int inputChannels = _inputChannels;
            int plane = height * width;
            int nextRow = width - k;
            int nextChannel = plane - k * width;
            int taps = inputChannels * k * k;
            sbyte[] weights = _weights;
            RequantizationPlan plan = _plan;
            int zeroPoint = plan.OutputZeroPoint;
            int min = plan.ActivationMin;
            int max = plan.ActivationMax;
            int o = 0;
            for (int oc = 0; oc < _outputChannels; oc++)
            {
                int bias = plan.Bias[oc];
                long multiplier = plan.Multiplier[oc];
                int left = plan.LeftMultiplier[oc];
                int right = plan.RightShift[oc];
                int mask = plan.RoundingMask[oc];
                int half = mask >> 1;
                int weightBase = oc * taps;
                for (int oy = 0; oy < outHeight; oy++)
                {
                    int rowBase = oy * width;
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int acc = bias;
                        int wi = weightBase;
                        int xi = rowBase + ox;
                        for (int ic = 0; ic < inputChannels; ic++)
                        {
                            for (int ky = 0; ky < k; ky++)
                            {
                                for (int kx = 0; kx < k; kx++)
                                {
                                    acc += weights[wi++] * input[xi++];
                                }

                                xi += nextRow;
                            }

                            xi += nextChannel;
                        }

                        // MultiplyByQuantizedMultiplier, inlined (RequantizationPlan's remarks).
                        int high = (int)(((long)(acc * left) * multiplier + (1L << 30)) >> 31);
                        int y = (high >> right) + ((high & mask) > half + (high < 0 ? 1 : 0) ? 1 : 0) + zeroPoint;
                        output[o++] = (sbyte)(y < min ? min : (y > max ? max : y));
                    }
                }
            }
        }
    }
}
