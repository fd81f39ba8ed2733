using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The fast int8 Conv2D (5×5, stride 1, valid) fused with its activation clamp and a 2×2/stride-2 max pool,
    /// gathering each output from its window; bit-identical to <see cref="Reference.Conv2DReference"/> followed by
    /// <see cref="Reference.MaxPool2DReference"/>. Suited to an input that is dense-ish but still has many zeros
    /// relative to its background (LeNet-5's conv2).
    /// </summary>
    /// <remarks>
    /// Layouts: input [C_in, H, W] NCHW, flat (ic·H + y)·W + x; output [C_out, (H−4)/2, (W−4)/2].
    /// Tricks, each exact (docs/runtime.md):
    /// <list type="bullet">
    /// <item>Pool before requantizing: requantization is monotone non-decreasing, so
    /// <c>maxpool(clamp(requant(acc))) = clamp(requant(max acc))</c>; one requantization per pooled output.</item>
    /// <item>Offsets folded into the bias: <c>acc = B' + Σ W·(q − r_ic)</c> with r_ic any constant per input channel
    /// (the caller passes the input's background value, e.g. conv1's response to a blank image), so the input is
    /// sparse wherever the drawing is absent, and zero terms are skipped.</item>
    /// <item>All output channels of one position accumulate in locals, two per 64-bit lane pair
    /// (<see cref="LanePacking"/>), eight pairs per pass; each window tap is tested for zero once for all 16 channels.</item>
    /// <item>5-tap kernel rows unrolled; requantization inlined.</item>
    /// </list>
    /// </remarks>
    public sealed class Conv2DReluPool : ILayerKernel
    {
        /// <summary>Kernel size this kernel is unrolled for.</summary>
        public const int KernelSize = 5;

        private const int PairsPerPass = 8;
        private const int Taps = KernelSize * KernelSize;

        private readonly int _inputChannels;
        private readonly int _outputChannels;
        private readonly int _height;
        private readonly int _width;
        private readonly int _passes;
        private readonly int[] _inputOffsets;
        private readonly long[][] _pairWeights;
        private readonly RequantizationPlan _plan;
        private readonly int[] _paddedBias;
        private readonly bool _ownsRelative;
        private readonly long[] _relative;
        private readonly int[] _constantOutput;
        private readonly int[] _laneMax = new int[2 * PairsPerPass];

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H, in pixels; H − 4 must be even and positive.</param>
        /// <param name="width">Input width W, in pixels; W − 4 must be even and positive.</param>
        /// <param name="inputOffsets">[C_in] offset r subtracted from each input channel (any int8 value; exact for all).</param>
        /// <param name="name">Layer name used in error messages, e.g. "conv2".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> or <paramref name="inputOffsets"/> is null.</exception>
        /// <exception cref="ArgumentException">A size or the offsets' length does not fit the layer.</exception>
        /// <exception cref="NotSupportedException">K ≠ 5, C_in·25 exceeds <see cref="LanePacking.MaxTaps"/>, or a positive shift could overflow.</exception>
        public Conv2DReluPool(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name)
            : this(layer, height, width, inputOffsets, name, null)
        {
        }

        /// <summary>Prepares the kernel with a caller-owned relative-input buffer (shared by kernels that never run at the same time).</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H.</param>
        /// <param name="width">Input width W.</param>
        /// <param name="inputOffsets">[C_in] offsets.</param>
        /// <param name="name">Layer name used in error messages.</param>
        /// <param name="relative">Scratch of at least C_in·H·W entries, or null to allocate one.</param>
        internal Conv2DReluPool(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name, long[] relative)
        {
            int taps = FusedConvChecks.Validate(layer, height, width, inputOffsets, name);
            _inputChannels = layer.InputChannels;
            _outputChannels = layer.OutputChannels;
            _height = height;
            _width = width;
            _inputOffsets = new int[_inputChannels];
            Array.Copy(inputOffsets, _inputOffsets, _inputChannels);
            int pairs = (_outputChannels + 1) / 2;
            _passes = (pairs + PairsPerPass - 1) / PairsPerPass;
            _pairWeights = new long[_passes * PairsPerPass][];
            for (int p = 0; p < pairs; p++)
            {
                // Weights of channels 2p and 2p+1, tap t = (ic·5 + ky)·5 + kx; a missing odd channel is zero.
                long[] packed = new long[taps];
                for (int t = 0; t < taps; t++)
                {
                    packed[t] = LanePacking.PackChannelPair(layer.Weights, _outputChannels, taps, p, t);
                }

                _pairWeights[p] = packed;
            }

            // Padding pairs of the last pass alias the last real pair: their sums are computed and never stored.
            for (int p = pairs; p < _pairWeights.Length; p++)
            {
                _pairWeights[p] = _pairWeights[pairs - 1];
            }

            _plan = new RequantizationPlan(name, _outputChannels, layer.Weights, taps, inputOffsets, Taps, layer.Bias,
                layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, true);
            _constantOutput = _plan.ComputeConstantOutput();
            int inputs = _inputChannels * height * width;
            _ownsRelative = relative == null;
            _relative = _ownsRelative ? new long[inputs] : relative;
            if (_relative.Length < inputs)
            {
                throw new ArgumentException(name + ": relative-input buffer shorter than " + inputs + " inputs.", "relative");
            }
            _paddedBias = new int[_pairWeights.Length * 2];
            Array.Copy(_plan.Bias, _paddedBias, _outputChannels);
        }

        /// <summary>Output of each channel when every input value equals its channel's offset, [C_out].</summary>
        /// <remarks>For conv1 fed a blank image this is pool1's background; pass it as conv2's input offsets.</remarks>
        public int[] ConstantOutput
        {
            get { return _constantOutput; }
        }

        /// <summary>Bytes of RAM held by the prepared weights, plan and scratch (the relative-input buffer only when owned).</summary>
        public int Bytes
        {
            get
            {
                return (_outputChannels + 1) / 2 * 8 * _inputChannels * Taps + 4 * _pairWeights.Length + _plan.Bytes + (_ownsRelative ? 8 * _relative.Length : 0)
                    + 4 * (_constantOutput.Length + 2 * PairsPerPass + _inputChannels + _paddedBias.Length);
            }
        }

        /// <summary>Runs conv → clamp → 2×2 max pool.</summary>
        /// <param name="input">[C_in, H, W] int8 input.</param>
        /// <param name="output">[C_out, (H−4)/2, (W−4)/2] int8 pooled output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            int height = _height;
            int width = _width;
            int plane = height * width;
            int inputChannels = _inputChannels;

            // v = q − r_ic: zero wherever the input equals its background. (Reading q in place instead costs
            // ≈ 24k more IL per LeNet-5 inference: the int64 copy pays for its tests.)
            long[] v = _relative;
            for (int ic = 0; ic < inputChannels; ic++)
            {
                int offset = _inputOffsets[ic];
                int end = (ic + 1) * plane;
                for (int i = ic * plane; i < end; i++)
                {
                    v[i] = input[i] - offset;
                }
            }

            int pooledHeight = (height - KernelSize + 1) / 2;
            int pooledWidth = (width - KernelSize + 1) / 2;
            int outputChannels = _outputChannels;
            int[] bias = _paddedBias;
            int[] multiplier = _plan.Multiplier;
            int[] leftMultiplier = _plan.LeftMultiplier;
            int[] rightShift = _plan.RightShift;
            int[] roundingMask = _plan.RoundingMask;
            int outputZeroPoint = _plan.OutputZeroPoint;
            int activationMin = _plan.ActivationMin;
            int activationMax = _plan.ActivationMax;
            bool clampsNonPositive = _plan.ClampsNonPositive;
            int[] laneMax = _laneMax;
            for (int pass = 0; pass < _passes; pass++)
            {
                long[] w0 = _pairWeights[PairsPerPass * pass];
                long[] w1 = _pairWeights[PairsPerPass * pass + 1];
                long[] w2 = _pairWeights[PairsPerPass * pass + 2];
                long[] w3 = _pairWeights[PairsPerPass * pass + 3];
                long[] w4 = _pairWeights[PairsPerPass * pass + 4];
                long[] w5 = _pairWeights[PairsPerPass * pass + 5];
                long[] w6 = _pairWeights[PairsPerPass * pass + 6];
                long[] w7 = _pairWeights[PairsPerPass * pass + 7];
                int firstChannel = 2 * PairsPerPass * pass;
                int b0 = bias[firstChannel], b1 = bias[firstChannel + 1], b2 = bias[firstChannel + 2], b3 = bias[firstChannel + 3];
                int b4 = bias[firstChannel + 4], b5 = bias[firstChannel + 5], b6 = bias[firstChannel + 6], b7 = bias[firstChannel + 7];
                int b8 = bias[firstChannel + 8], b9 = bias[firstChannel + 9], b10 = bias[firstChannel + 10], b11 = bias[firstChannel + 11];
                int b12 = bias[firstChannel + 12], b13 = bias[firstChannel + 13], b14 = bias[firstChannel + 14], b15 = bias[firstChannel + 15];
                for (int py = 0; py < pooledHeight; py++)
                {
                    for (int px = 0; px < pooledWidth; px++)
                    {
                        // Running maximum of acc = B' + lane per channel over the 2×2 window, in locals.
                        int m0 = int.MinValue, m1 = int.MinValue, m2 = int.MinValue, m3 = int.MinValue;
                        int m4 = int.MinValue, m5 = int.MinValue, m6 = int.MinValue, m7 = int.MinValue;
                        int m8 = int.MinValue, m9 = int.MinValue, m10 = int.MinValue, m11 = int.MinValue;
                        int m12 = int.MinValue, m13 = int.MinValue, m14 = int.MinValue, m15 = int.MinValue;

                        for (int window = 0; window < 4; window++)
                        {
                            // One conv output position of the 2×2 pool window: all 16 channels at once.
                            int oy = 2 * py + (window >> 1);
                            int ox = 2 * px + (window & 1);
                            long a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
                            int t = 0;
                            for (int ic = 0; ic < inputChannels; ic++)
                            {
                                int row = (ic * height + oy) * width + ox;
                                for (int ky = 0; ky < KernelSize; ky++, row += width, t += KernelSize)
                                {
                                    // One unrolled 5-tap row; a zero input costs one test for all 16 channels.
                                    long x = v[row];
                                    if (x != 0)
                                    {
                                        a0 += w0[t] * x; a1 += w1[t] * x; a2 += w2[t] * x; a3 += w3[t] * x;
                                        a4 += w4[t] * x; a5 += w5[t] * x; a6 += w6[t] * x; a7 += w7[t] * x;
                                    }

                                    x = v[row + 1];
                                    if (x != 0)
                                    {
                                        int u = t + 1;
                                        a0 += w0[u] * x; a1 += w1[u] * x; a2 += w2[u] * x; a3 += w3[u] * x;
                                        a4 += w4[u] * x; a5 += w5[u] * x; a6 += w6[u] * x; a7 += w7[u] * x;
                                    }

                                    x = v[row + 2];
                                    if (x != 0)
                                    {
                                        int u = t + 2;
                                        a0 += w0[u] * x; a1 += w1[u] * x; a2 += w2[u] * x; a3 += w3[u] * x;
                                        a4 += w4[u] * x; a5 += w5[u] * x; a6 += w6[u] * x; a7 += w7[u] * x;
                                    }

                                    x = v[row + 3];
                                    if (x != 0)
                                    {
                                        int u = t + 3;
                                        a0 += w0[u] * x; a1 += w1[u] * x; a2 += w2[u] * x; a3 += w3[u] * x;
                                        a4 += w4[u] * x; a5 += w5[u] * x; a6 += w6[u] * x; a7 += w7[u] * x;
                                    }

                                    x = v[row + 4];
                                    if (x != 0)
                                    {
                                        int u = t + 4;
                                        a0 += w0[u] * x; a1 += w1[u] * x; a2 += w2[u] * x; a3 += w3[u] * x;
                                        a4 += w4[u] * x; a5 += w5[u] * x; a6 += w6[u] * x; a7 += w7[u] * x;
                                    }
                                }
                            }

                            // Unpack each pair (low lane = sign-extended low 24 bits, high lane = the rest; LanePacking),
                            // add B' in int32 (wrapping exactly like the reference's accumulator), keep the maximum.
                            int low, acc;
                            low = (int)((a0 << 40) >> 40); acc = b0 + low; if (acc > m0) { m0 = acc; } acc = b1 + (int)((a0 - low) >> 24); if (acc > m1) { m1 = acc; }
                            low = (int)((a1 << 40) >> 40); acc = b2 + low; if (acc > m2) { m2 = acc; } acc = b3 + (int)((a1 - low) >> 24); if (acc > m3) { m3 = acc; }
                            low = (int)((a2 << 40) >> 40); acc = b4 + low; if (acc > m4) { m4 = acc; } acc = b5 + (int)((a2 - low) >> 24); if (acc > m5) { m5 = acc; }
                            low = (int)((a3 << 40) >> 40); acc = b6 + low; if (acc > m6) { m6 = acc; } acc = b7 + (int)((a3 - low) >> 24); if (acc > m7) { m7 = acc; }
                            low = (int)((a4 << 40) >> 40); acc = b8 + low; if (acc > m8) { m8 = acc; } acc = b9 + (int)((a4 - low) >> 24); if (acc > m9) { m9 = acc; }
                            low = (int)((a5 << 40) >> 40); acc = b10 + low; if (acc > m10) { m10 = acc; } acc = b11 + (int)((a5 - low) >> 24); if (acc > m11) { m11 = acc; }
                            low = (int)((a6 << 40) >> 40); acc = b12 + low; if (acc > m12) { m12 = acc; } acc = b13 + (int)((a6 - low) >> 24); if (acc > m13) { m13 = acc; }
                            low = (int)((a7 << 40) >> 40); acc = b14 + low; if (acc > m14) { m14 = acc; } acc = b15 + (int)((a7 - low) >> 24); if (acc > m15) { m15 = acc; }
                        }

                        laneMax[0] = m0; laneMax[1] = m1; laneMax[2] = m2; laneMax[3] = m3; laneMax[4] = m4; laneMax[5] = m5; laneMax[6] = m6; laneMax[7] = m7;
                        laneMax[8] = m8; laneMax[9] = m9; laneMax[10] = m10; laneMax[11] = m11; laneMax[12] = m12; laneMax[13] = m13; laneMax[14] = m14; laneMax[15] = m15;
                        for (int lane = 0; lane < 2 * PairsPerPass; lane++)
                        {
                            int oc = firstChannel + lane;
                            if (oc >= outputChannels)
                            {
                                break;
                            }

                            // Requantize the pooled maximum once: FixedPoint.MultiplyByQuantizedMultiplier inlined.
                            int pooled = laneMax[lane];
                            int y;
                            if (pooled <= 0 && clampsNonPositive)
                            {
                                y = activationMin;
                            }
                            else
                            {
                                int high = (int)(((long)(pooled * leftMultiplier[oc]) * multiplier[oc] + (1L << 30)) >> 31);
                                int mask = roundingMask[oc];
                                int threshold = (mask >> 1) + (high < 0 ? 1 : 0);
                                y = (high >> rightShift[oc]) + ((high & mask) > threshold ? 1 : 0) + outputZeroPoint;
                                if (y < activationMin)
                                {
                                    y = activationMin;
                                }

                                if (y > activationMax)
                                {
                                    y = activationMax;
                                }
                            }

                            output[(oc * pooledHeight + py) * pooledWidth + px] = (sbyte)y;
                        }
                    }
                }
            }
        }
    }
}
