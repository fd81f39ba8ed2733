using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The memory-lean int8 Conv2D (5×5, stride 1, valid) fused with its activation clamp and a 2×2/stride-2 max pool:
    /// a gather that reads its input in place and keeps no scratch planes or lists; bit-identical to
    /// <see cref="Reference.Conv2DReference"/> followed by <see cref="Reference.MaxPool2DReference"/>.
    /// </summary>
    /// <remarks>
    /// Layouts: input [C_in, H, W] NCHW, flat (ic·H + y)·W + x; output [C_out, (H−4)/2, (W−4)/2].
    /// Prepared data: the weights packed in int32 channel pairs (4 bytes per 2 weights: conv1 300 B, conv2 4,800 B),
    /// the requantization plan, and two ints per input row. Tricks, each exact (docs/runtime.md):
    /// <list type="bullet">
    /// <item>Offsets folded into the bias: <c>acc = B' + Σ W·(q − r_ic)</c>, with r_ic the input's background
    /// (conv1: the zero point, so v is the raw pixel; conv2: conv1's response to a blank image), so zero taps are
    /// skipped with one test for all channels.</item>
    /// <item>Ink extents: the first and last column where each input row differs from its background. A kernel row
    /// whose five taps miss that span is skipped with one test, and pooled cells whose 6×6 window misses the ink of
    /// its row band output the precomputed background constant without any work.</item>
    /// <item>Up to 16 output channels of one position accumulate in 8 packed int64 locals (<see cref="LanePacking"/>);
    /// layers with at most 6 channels (conv1) skip pairs 3..7 entirely, one test per non-zero tap or position.</item>
    /// <item>Pool before requantizing (requantization is monotone), requantization inlined.</item>
    /// </list>
    /// Against <see cref="GatherConv5x5Pool2x2"/> (int64 weights, one pass) an int32 weight costs one conversion per pair
    /// MAC; against <see cref="ScatterConv5x5Pool2x2"/> it saves the scatter plane and lists (≈ 27 KB for conv1).
    /// </remarks>
    public sealed class LeanGatherConv5x5Pool2x2 : ILayerKernel
    {
        /// <summary>Kernel size this kernel is unrolled for.</summary>
        public const int KernelSize = 5;

        private const int PairsPerPass = 8;
        private const int NarrowPairs = 3;
        private const int Taps = KernelSize * KernelSize;

        private readonly int _inputChannels;
        private readonly int _outputChannels;
        private readonly int _height;
        private readonly int _width;
        private readonly int _passes;
        private readonly bool _wide;
        private readonly int[] _inputOffsets;
        private readonly int[][] _pairWeights;
        private readonly RequantizationPlan _plan;
        private readonly int[] _paddedBias;
        private readonly int[] _constantOutput;
        private readonly short[] _inkFirst;
        private readonly short[] _inkLast;
        private readonly int[] _laneMax = new int[2 * PairsPerPass];

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H, in pixels; H − 4 must be even and positive.</param>
        /// <param name="width">Input width W, in pixels; W − 4 must be even and positive.</param>
        /// <param name="inputOffsets">[C_in] background r subtracted from each input channel (any int8 value; exact for all).</param>
        /// <param name="name">Layer name used in error messages, e.g. "conv2".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> or <paramref name="inputOffsets"/> is null.</exception>
        /// <exception cref="ArgumentException">A size or the offsets' length does not fit the layer, or W exceeds 32767.</exception>
        /// <exception cref="NotSupportedException">K ≠ 5, C_in·25 exceeds <see cref="LanePacking.MaxTaps"/>, or a positive shift could overflow.</exception>
        public LeanGatherConv5x5Pool2x2(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name)
        {
            int taps = FusedConvChecks.Validate(layer, height, width, inputOffsets, name, true);

            if (width > short.MaxValue)
            {
                throw new ArgumentException(name + ": input width " + width + " exceeds the int16 ink extents (32767).", "width");
            }
            _inputChannels = layer.InputChannels;
            _outputChannels = layer.OutputChannels;
            _height = height;
            _width = width;
            _inputOffsets = new int[_inputChannels];
            Array.Copy(inputOffsets, _inputOffsets, _inputChannels);
            int pairs = (_outputChannels + 1) / 2;
            _passes = (pairs + PairsPerPass - 1) / PairsPerPass;
            _wide = pairs > NarrowPairs;
            // Weights of channels 2p and 2p+1 packed in an int32 (127 + 127·2^24 < 2^31), tap t = (ic·5 + ky)·5 + kx;
            // padding pairs alias the last real pair (their sums are computed, wide layers only, and never stored).
            _pairWeights = LanePacking.PackPairRows(layer.Weights, _outputChannels, taps, _passes * PairsPerPass);

            _plan = new RequantizationPlan(name, _outputChannels, layer.Weights, taps, inputOffsets, Taps, layer.Bias,
                layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, true);
            _constantOutput = _plan.ComputeConstantOutput();
            _paddedBias = new int[_pairWeights.Length * 2];
            Array.Copy(_plan.Bias, _paddedBias, _outputChannels);
            _inkFirst = new short[_inputChannels * height];
            _inkLast = new short[_inputChannels * height];
        }

        /// <summary>Output of each channel when every input value equals its channel's offset, [C_out].</summary>
        /// <remarks>For conv1 fed a blank image this is pool1's background; pass it as conv2's input offsets.</remarks>
        public int[] ConstantOutput
        {
            get { return _constantOutput; }
        }

        /// <summary>Bytes of RAM held by the packed weights, plan, ink extents and lane maxima.</summary>
        public int Bytes
        {
            get
            {
                return (_outputChannels + 1) / 2 * 4 * _inputChannels * Taps + 4 * _pairWeights.Length + _plan.Bytes
                    + 4 * (_paddedBias.Length + _constantOutput.Length + _inputChannels + _laneMax.Length) + 2 * (_inkFirst.Length + _inkLast.Length);
            }
        }

        /// <summary>Runs conv → clamp → 2×2 max pool.</summary>
        /// <param name="input">[C_in, H, W] int8 input.</param>
        /// <param name="output">[C_out, (H−4)/2, (W−4)/2] int8 pooled output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            int height = _height;
            int width = _width;
            int inputChannels = _inputChannels;
            int[] inputOffsets = _inputOffsets;
            short[] inkFirst = _inkFirst;
            short[] inkLast = _inkLast;

            // Ink extents per input row: first and last x with q ≠ r_ic (an empty row gets first = W, last = −W).
            int i = 0;
            for (int r = 0; r < inputChannels * height; r++)
            {
                int offset = inputOffsets[r / height];
                int first = width;
                int last = -width;
                for (int x = 0; x < width; x++, i++)
                {
                    if (input[i] != offset)
                    {
                        if (first == width)
                        {
                            first = x;
                        }

                        last = x;
                    }
                }

                inkFirst[r] = (short)first;
                inkLast[r] = (short)last;
            }

            int pooledHeight = (height - KernelSize + 1) / 2;
            int pooledWidth = (width - KernelSize + 1) / 2;
            int pooledPlane = pooledHeight * pooledWidth;
            int outputChannels = _outputChannels;
            int[] constantOutput = _constantOutput;
            for (int oc = 0; oc < outputChannels; oc++)
            {
                int o = oc * pooledPlane;
                int end = o + pooledPlane;
                sbyte constant = (sbyte)constantOutput[oc];
                for (; o < end; o++)
                {
                    output[o] = constant;
                }
            }

            bool wide = _wide;
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
                int[] w0 = _pairWeights[PairsPerPass * pass];
                int[] w1 = _pairWeights[PairsPerPass * pass + 1];
                int[] w2 = _pairWeights[PairsPerPass * pass + 2];
                int[] w3 = _pairWeights[PairsPerPass * pass + 3];
                int[] w4 = _pairWeights[PairsPerPass * pass + 4];
                int[] w5 = _pairWeights[PairsPerPass * pass + 5];
                int[] w6 = _pairWeights[PairsPerPass * pass + 6];
                int[] w7 = _pairWeights[PairsPerPass * pass + 7];
                int firstChannel = 2 * PairsPerPass * pass;
                int lanes = outputChannels - firstChannel < 2 * PairsPerPass ? outputChannels - firstChannel : 2 * PairsPerPass;
                int b0 = bias[firstChannel], b1 = bias[firstChannel + 1], b2 = bias[firstChannel + 2], b3 = bias[firstChannel + 3];
                int b4 = bias[firstChannel + 4], b5 = bias[firstChannel + 5], b6 = bias[firstChannel + 6], b7 = bias[firstChannel + 7];
                int b8 = bias[firstChannel + 8], b9 = bias[firstChannel + 9], b10 = bias[firstChannel + 10], b11 = bias[firstChannel + 11];
                int b12 = bias[firstChannel + 12], b13 = bias[firstChannel + 13], b14 = bias[firstChannel + 14], b15 = bias[firstChannel + 15];
                for (int py = 0; py < pooledHeight; py++)
                {
                    // Pooled cells of this row band that can see ink: window columns 2px .. 2px + 5 meet [first, last].
                    int bandFirst = width;
                    int bandLast = -width;
                    for (int ic = 0; ic < inputChannels; ic++)
                    {
                        for (int r = ic * height + 2 * py; r < ic * height + 2 * py + KernelSize + 1; r++)
                        {
                            if (inkFirst[r] < bandFirst)
                            {
                                bandFirst = inkFirst[r];
                            }

                            if (inkLast[r] > bandLast)
                            {
                                bandLast = inkLast[r];
                            }
                        }
                    }

                    int pxFirst = (bandFirst - KernelSize + 1) >> 1;
                    int pxLast = bandLast >> 1;
                    for (int px = pxFirst < 0 ? 0 : pxFirst; px <= pxLast && px < pooledWidth; px++)
                    {
                        // Running maximum of acc = B' + lane per channel over the 2×2 window, in locals.
                        int m0 = int.MinValue, m1 = int.MinValue, m2 = int.MinValue, m3 = int.MinValue;
                        int m4 = int.MinValue, m5 = int.MinValue, m6 = int.MinValue, m7 = int.MinValue;
                        int m8 = int.MinValue, m9 = int.MinValue, m10 = int.MinValue, m11 = int.MinValue;
                        int m12 = int.MinValue, m13 = int.MinValue, m14 = int.MinValue, m15 = int.MinValue;
                        for (int window = 0; window < 4; window++)
                        {
                            int oy = 2 * py + (window >> 1);
                            int ox = 2 * px + (window & 1);
                            long a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
                            for (int ic = 0; ic < inputChannels; ic++)
                            {
                                int offset = inputOffsets[ic];
                                int r = ic * height + oy;
                                int row = r * width + ox;
                                int t = ic * Taps;
                                for (int ky = 0; ky < KernelSize; ky++, r++, row += width, t += KernelSize)
                                {
                                    // Skip the kernel row when its five taps miss the row's ink.
                                    if (ox > inkLast[r] || ox + KernelSize - 1 < inkFirst[r])
                                    {
                                        continue;
                                    }

                                    // One unrolled 5-tap row, v = q − r_ic read in place; a zero tap costs one test for all channels.
                                    int q = input[row] - offset;
                                    if (q != 0)
                                    {
                                        long v = q;
                                        a0 += w0[t] * v; a1 += w1[t] * v; a2 += w2[t] * v;
                                        if (wide)
                                        {
                                            a3 += w3[t] * v; a4 += w4[t] * v; a5 += w5[t] * v; a6 += w6[t] * v; a7 += w7[t] * v;
                                        }
                                    }

                                    q = input[row + 1] - offset;
                                    if (q != 0)
                                    {
                                        long v = q;
                                        int u = t + 1;
                                        a0 += w0[u] * v; a1 += w1[u] * v; a2 += w2[u] * v;
                                        if (wide)
                                        {
                                            a3 += w3[u] * v; a4 += w4[u] * v; a5 += w5[u] * v; a6 += w6[u] * v; a7 += w7[u] * v;
                                        }
                                    }

                                    q = input[row + 2] - offset;
                                    if (q != 0)
                                    {
                                        long v = q;
                                        int u = t + 2;
                                        a0 += w0[u] * v; a1 += w1[u] * v; a2 += w2[u] * v;
                                        if (wide)
                                        {
                                            a3 += w3[u] * v; a4 += w4[u] * v; a5 += w5[u] * v; a6 += w6[u] * v; a7 += w7[u] * v;
                                        }
                                    }

                                    q = input[row + 3] - offset;
                                    if (q != 0)
                                    {
                                        long v = q;
                                        int u = t + 3;
                                        a0 += w0[u] * v; a1 += w1[u] * v; a2 += w2[u] * v;
                                        if (wide)
                                        {
                                            a3 += w3[u] * v; a4 += w4[u] * v; a5 += w5[u] * v; a6 += w6[u] * v; a7 += w7[u] * v;
                                        }
                                    }

                                    q = input[row + 4] - offset;
                                    if (q != 0)
                                    {
                                        long v = q;
                                        int u = t + 4;
                                        a0 += w0[u] * v; a1 += w1[u] * v; a2 += w2[u] * v;
                                        if (wide)
                                        {
                                            a3 += w3[u] * v; a4 += w4[u] * v; a5 += w5[u] * v; a6 += w6[u] * v; a7 += w7[u] * v;
                                        }
                                    }

                                }
                            }

                            // Unpack each pair (low lane = sign-extended low 24 bits, high lane = the rest; LanePacking),
                            // add B' in int32 (wrapping exactly like the reference's accumulator), keep the maximum.
                            int low, acc;
                            low = (int)((a0 << 40) >> 40); acc = b0 + low; if (acc > m0) { m0 = acc; } acc = b1 + (int)((a0 - low) >> 24); if (acc > m1) { m1 = acc; }
                            low = (int)((a1 << 40) >> 40); acc = b2 + low; if (acc > m2) { m2 = acc; } acc = b3 + (int)((a1 - low) >> 24); if (acc > m3) { m3 = acc; }
                            low = (int)((a2 << 40) >> 40); acc = b4 + low; if (acc > m4) { m4 = acc; } acc = b5 + (int)((a2 - low) >> 24); if (acc > m5) { m5 = acc; }
                            if (wide)
                            {
                                low = (int)((a3 << 40) >> 40); acc = b6 + low; if (acc > m6) { m6 = acc; } acc = b7 + (int)((a3 - low) >> 24); if (acc > m7) { m7 = acc; }
                                low = (int)((a4 << 40) >> 40); acc = b8 + low; if (acc > m8) { m8 = acc; } acc = b9 + (int)((a4 - low) >> 24); if (acc > m9) { m9 = acc; }
                                low = (int)((a5 << 40) >> 40); acc = b10 + low; if (acc > m10) { m10 = acc; } acc = b11 + (int)((a5 - low) >> 24); if (acc > m11) { m11 = acc; }
                                low = (int)((a6 << 40) >> 40); acc = b12 + low; if (acc > m12) { m12 = acc; } acc = b13 + (int)((a6 - low) >> 24); if (acc > m13) { m13 = acc; }
                                low = (int)((a7 << 40) >> 40); acc = b14 + low; if (acc > m14) { m14 = acc; } acc = b15 + (int)((a7 - low) >> 24); if (acc > m15) { m15 = acc; }
                            }
                        }

                        laneMax[0] = m0; laneMax[1] = m1; laneMax[2] = m2; laneMax[3] = m3; laneMax[4] = m4; laneMax[5] = m5;
                        if (wide)
                        {
                            laneMax[6] = m6; laneMax[7] = m7; laneMax[8] = m8; laneMax[9] = m9; laneMax[10] = m10;
                            laneMax[11] = m11; laneMax[12] = m12; laneMax[13] = m13; laneMax[14] = m14; laneMax[15] = m15;
                        }

                        int o = (firstChannel * pooledHeight + py) * pooledWidth + px;
                        for (int lane = 0; lane < lanes; lane++, o += pooledPlane)
                        {
                            // Requantize the pooled maximum once: FixedPoint.MultiplyByQuantizedMultiplier inlined.
                            int oc = firstChannel + lane;
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

                            output[o] = (sbyte)y;
                        }
                    }
                }
            }
        }
    }
}
