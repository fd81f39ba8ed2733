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
    /// <item>All output channels of one position accumulate in locals, three per int64 (<see cref="TripleLanes"/>:
    /// 21-bit centred lanes; the sum is split into chunks of input channels when a lane could not fit), six groups
    /// (18 lanes) per pass.</item>
    /// <item>The two outputs (oy, ox) and (oy, ox + 1) of a pool-window row are computed together: a kernel row reads
    /// its six inputs once, and each zero input costs one test for both outputs' 36 lanes.</item>
    /// <item>Weights stored per kernel column kx (one array per group and kx, indexed by ic·5 + ky): a tap's weight
    /// needs no index arithmetic. Kernel rows unrolled; requantization inlined.</item>
    /// </list>
    /// </remarks>
    public sealed class GatherConv5x5Pool2x2 : ILayerKernel
    {
        /// <summary>Kernel size this kernel is unrolled for.</summary>
        public const int KernelSize = 5;

        private const int GroupsPerPass = 6;
        private const int LanesPerPass = TripleLanes.Lanes * GroupsPerPass;
        private const int Taps = KernelSize * KernelSize;

        private readonly int _inputChannels;
        private readonly int _outputChannels;
        private readonly int _height;
        private readonly int _width;
        private readonly int _passes;
        private readonly int _groups;
        private readonly int[] _inputOffsets;
        private readonly long[][] _groupWeights;
        private readonly int[] _chunkEnds;
        private readonly long[] _laneStarts;
        private readonly RequantizationPlan _plan;
        private readonly int[] _paddedBias;
        private readonly bool _ownsRelative;
        private readonly long[] _relative;
        private readonly int[] _constantOutput;
        private readonly int[] _laneMax = new int[LanesPerPass];

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H, in pixels; H − 4 must be even and positive.</param>
        /// <param name="width">Input width W, in pixels; W − 4 must be even and positive.</param>
        /// <param name="inputOffsets">[C_in] offset r subtracted from each input channel (any int8 value; exact for all).</param>
        /// <param name="name">Layer name used in error messages, e.g. "conv2".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> or <paramref name="inputOffsets"/> is null.</exception>
        /// <exception cref="ArgumentException">A size or the offsets' length does not fit the layer.</exception>
        /// <exception cref="NotSupportedException">K ≠ 5, or a positive shift could overflow.</exception>
        public GatherConv5x5Pool2x2(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name)
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
        internal GatherConv5x5Pool2x2(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name, long[] relative)
        {
            int taps = FusedConvChecks.Validate(layer, height, width, inputOffsets, name, false);
            _inputChannels = layer.InputChannels;
            _outputChannels = layer.OutputChannels;
            _height = height;
            _width = width;
            _inputOffsets = new int[_inputChannels];
            Array.Copy(inputOffsets, _inputOffsets, _inputChannels);
            _groups = (_outputChannels + TripleLanes.Lanes - 1) / TripleLanes.Lanes;
            _passes = (_groups + GroupsPerPass - 1) / GroupsPerPass;
            // One array per (group, kernel column kx): the packed weights of channels 3g, 3g+1, 3g+2 at kernel row
            // index ic·5 + ky (missing channels are zero), so a tap's weight index is its row's, with no per-tap sum.
            _groupWeights = new long[_passes * GroupsPerPass * KernelSize][];
            for (int g = 0; g < _groups; g++)
            {
                for (int kx = 0; kx < KernelSize; kx++)
                {
                    long[] packed = new long[_inputChannels * KernelSize];
                    for (int r = 0; r < packed.Length; r++)
                    {
                        packed[r] = TripleLanes.PackChannelGroup(layer.Weights, _outputChannels, taps, g, r * KernelSize + kx);
                    }

                    _groupWeights[g * KernelSize + kx] = packed;
                }
            }

            // Padding groups of the last pass alias the last real group: their sums are computed and never stored.
            for (int g = _groups; g < _passes * GroupsPerPass; g++)
            {
                for (int kx = 0; kx < KernelSize; kx++)
                {
                    _groupWeights[g * KernelSize + kx] = _groupWeights[(_groups - 1) * KernelSize + kx];
                }
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

            // Lanes start at −centre per chunk of input channels (TripleLanes); the centres go into the bias.
            _paddedBias = new int[_passes * GroupsPerPass * TripleLanes.Lanes];
            Array.Copy(_plan.Bias, _paddedBias, _outputChannels);
            _chunkEnds = TripleLanes.Chunks(layer.Weights, _outputChannels, _inputChannels, Taps);
            _laneStarts = TripleLanes.CentredStarts(layer.Weights, _outputChannels, _inputChannels, Taps, _inputOffsets, _chunkEnds,
                _passes * GroupsPerPass, _paddedBias);
        }

        /// <summary>Output of each channel when every input value equals its channel's offset, [C_out].</summary>
        /// <remarks>For conv1 fed a blank image this is pool1's background; pass it as conv2's input offsets.</remarks>
        public int[] ConstantOutput
        {
            get { return _constantOutput; }
        }

        /// <summary>Chunks of input channels the dot product is split into (1 when every lane width fits 21 bits).</summary>
        public int Chunks
        {
            get { return _chunkEnds.Length; }
        }

        /// <summary>Bytes of RAM held by the prepared weights, plan and scratch (the relative-input buffer only when owned).</summary>
        public int Bytes
        {
            get
            {
                return 8 * _groups * _inputChannels * Taps + 4 * _groupWeights.Length + _plan.Bytes + (_ownsRelative ? 8 * _relative.Length : 0)
                    + 8 * _laneStarts.Length + 4 * (_chunkEnds.Length + _constantOutput.Length + LanesPerPass + _inputChannels + _paddedBias.Length);
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
            int[] chunkEnds = _chunkEnds;
            int chunks = chunkEnds.Length;
            long[] laneStarts = _laneStarts;
            int startStride = _passes * GroupsPerPass;
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
                int firstGroup = GroupsPerPass * pass;
                long[] w0c0 = _groupWeights[(firstGroup + 0) * KernelSize + 0], w0c1 = _groupWeights[(firstGroup + 0) * KernelSize + 1], w0c2 = _groupWeights[(firstGroup + 0) * KernelSize + 2], w0c3 = _groupWeights[(firstGroup + 0) * KernelSize + 3], w0c4 = _groupWeights[(firstGroup + 0) * KernelSize + 4];
                long[] w1c0 = _groupWeights[(firstGroup + 1) * KernelSize + 0], w1c1 = _groupWeights[(firstGroup + 1) * KernelSize + 1], w1c2 = _groupWeights[(firstGroup + 1) * KernelSize + 2], w1c3 = _groupWeights[(firstGroup + 1) * KernelSize + 3], w1c4 = _groupWeights[(firstGroup + 1) * KernelSize + 4];
                long[] w2c0 = _groupWeights[(firstGroup + 2) * KernelSize + 0], w2c1 = _groupWeights[(firstGroup + 2) * KernelSize + 1], w2c2 = _groupWeights[(firstGroup + 2) * KernelSize + 2], w2c3 = _groupWeights[(firstGroup + 2) * KernelSize + 3], w2c4 = _groupWeights[(firstGroup + 2) * KernelSize + 4];
                long[] w3c0 = _groupWeights[(firstGroup + 3) * KernelSize + 0], w3c1 = _groupWeights[(firstGroup + 3) * KernelSize + 1], w3c2 = _groupWeights[(firstGroup + 3) * KernelSize + 2], w3c3 = _groupWeights[(firstGroup + 3) * KernelSize + 3], w3c4 = _groupWeights[(firstGroup + 3) * KernelSize + 4];
                long[] w4c0 = _groupWeights[(firstGroup + 4) * KernelSize + 0], w4c1 = _groupWeights[(firstGroup + 4) * KernelSize + 1], w4c2 = _groupWeights[(firstGroup + 4) * KernelSize + 2], w4c3 = _groupWeights[(firstGroup + 4) * KernelSize + 3], w4c4 = _groupWeights[(firstGroup + 4) * KernelSize + 4];
                long[] w5c0 = _groupWeights[(firstGroup + 5) * KernelSize + 0], w5c1 = _groupWeights[(firstGroup + 5) * KernelSize + 1], w5c2 = _groupWeights[(firstGroup + 5) * KernelSize + 2], w5c3 = _groupWeights[(firstGroup + 5) * KernelSize + 3], w5c4 = _groupWeights[(firstGroup + 5) * KernelSize + 4];
                int firstChannel = LanesPerPass * pass;
                int b0 = bias[firstChannel], b1 = bias[firstChannel + 1], b2 = bias[firstChannel + 2];
                int b3 = bias[firstChannel + 3], b4 = bias[firstChannel + 4], b5 = bias[firstChannel + 5];
                int b6 = bias[firstChannel + 6], b7 = bias[firstChannel + 7], b8 = bias[firstChannel + 8];
                int b9 = bias[firstChannel + 9], b10 = bias[firstChannel + 10], b11 = bias[firstChannel + 11];
                int b12 = bias[firstChannel + 12], b13 = bias[firstChannel + 13], b14 = bias[firstChannel + 14];
                int b15 = bias[firstChannel + 15], b16 = bias[firstChannel + 16], b17 = bias[firstChannel + 17];
                for (int py = 0; py < pooledHeight; py++)
                {
                    for (int px = 0; px < pooledWidth; px++)
                    {
                        // Running maximum of acc = B' + Σ W·v per channel over the 2×2 window, in locals.
                        int m0 = int.MinValue, m1 = int.MinValue, m2 = int.MinValue, m3 = int.MinValue, m4 = int.MinValue, m5 = int.MinValue;
                        int m6 = int.MinValue, m7 = int.MinValue, m8 = int.MinValue, m9 = int.MinValue, m10 = int.MinValue, m11 = int.MinValue;
                        int m12 = int.MinValue, m13 = int.MinValue, m14 = int.MinValue, m15 = int.MinValue, m16 = int.MinValue, m17 = int.MinValue;

                        for (int half = 0; half < 2; half++)
                        {
                            // Row oy of the 2×2 pool window: its two conv outputs (oy, ox) and (oy, ox + 1), all 18 lanes of
                            // each, together: a kernel row reads the six inputs ox .. ox + 5 once (not 5 + 5), and input
                            // column c is tap kx = c of the left output and kx = c − 1 of the right one.
                            int oy = 2 * py + half;
                            int ox = 2 * px;
                            int s0 = b0, s1 = b1, s2 = b2, s3 = b3, s4 = b4, s5 = b5, s6 = b6, s7 = b7, s8 = b8;
                            int s9 = b9, s10 = b10, s11 = b11, s12 = b12, s13 = b13, s14 = b14, s15 = b15, s16 = b16, s17 = b17;
                            int t0 = b0, t1 = b1, t2 = b2, t3 = b3, t4 = b4, t5 = b5, t6 = b6, t7 = b7, t8 = b8;
                            int t9 = b9, t10 = b10, t11 = b11, t12 = b12, t13 = b13, t14 = b14, t15 = b15, t16 = b16, t17 = b17;
                            int r = 0;
                            int ic = 0;
                            for (int chunk = 0; chunk < chunks; chunk++)
                            {
                                int k = chunk * startStride + firstGroup;
                                long a0 = laneStarts[k], a1 = laneStarts[k + 1], a2 = laneStarts[k + 2];
                                long a3 = laneStarts[k + 3], a4 = laneStarts[k + 4], a5 = laneStarts[k + 5];
                                long d0 = laneStarts[k], d1 = laneStarts[k + 1], d2 = laneStarts[k + 2];
                                long d3 = laneStarts[k + 3], d4 = laneStarts[k + 4], d5 = laneStarts[k + 5];
                                for (int icEnd = chunkEnds[chunk]; ic < icEnd; ic++)
                                {
                                    int row = (ic * height + oy) * width + ox;
                                    for (int ky = 0; ky < KernelSize; ky++, row += width, r++)
                                    {
                                        // One unrolled row of six inputs (kernel row index r = ic·5 + ky); a zero input costs
                                        // one test for all 36 lanes of the two outputs.
                                        long x = v[row];
                                        if (x != 0)
                                        {
                                            a0 += w0c0[r] * x; a1 += w1c0[r] * x; a2 += w2c0[r] * x; a3 += w3c0[r] * x; a4 += w4c0[r] * x; a5 += w5c0[r] * x;
                                        }
                                        x = v[row + 1];
                                        if (x != 0)
                                        {
                                            a0 += w0c1[r] * x; a1 += w1c1[r] * x; a2 += w2c1[r] * x; a3 += w3c1[r] * x; a4 += w4c1[r] * x; a5 += w5c1[r] * x;
                                            d0 += w0c0[r] * x; d1 += w1c0[r] * x; d2 += w2c0[r] * x; d3 += w3c0[r] * x; d4 += w4c0[r] * x; d5 += w5c0[r] * x;
                                        }
                                        x = v[row + 2];
                                        if (x != 0)
                                        {
                                            a0 += w0c2[r] * x; a1 += w1c2[r] * x; a2 += w2c2[r] * x; a3 += w3c2[r] * x; a4 += w4c2[r] * x; a5 += w5c2[r] * x;
                                            d0 += w0c1[r] * x; d1 += w1c1[r] * x; d2 += w2c1[r] * x; d3 += w3c1[r] * x; d4 += w4c1[r] * x; d5 += w5c1[r] * x;
                                        }
                                        x = v[row + 3];
                                        if (x != 0)
                                        {
                                            a0 += w0c3[r] * x; a1 += w1c3[r] * x; a2 += w2c3[r] * x; a3 += w3c3[r] * x; a4 += w4c3[r] * x; a5 += w5c3[r] * x;
                                            d0 += w0c2[r] * x; d1 += w1c2[r] * x; d2 += w2c2[r] * x; d3 += w3c2[r] * x; d4 += w4c2[r] * x; d5 += w5c2[r] * x;
                                        }
                                        x = v[row + 4];
                                        if (x != 0)
                                        {
                                            a0 += w0c4[r] * x; a1 += w1c4[r] * x; a2 += w2c4[r] * x; a3 += w3c4[r] * x; a4 += w4c4[r] * x; a5 += w5c4[r] * x;
                                            d0 += w0c3[r] * x; d1 += w1c3[r] * x; d2 += w2c3[r] * x; d3 += w3c3[r] * x; d4 += w4c3[r] * x; d5 += w5c3[r] * x;
                                        }
                                        x = v[row + 5];
                                        if (x != 0)
                                        {
                                            d0 += w0c4[r] * x; d1 += w1c4[r] * x; d2 += w2c4[r] * x; d3 += w3c4[r] * x; d4 += w4c4[r] * x; d5 += w5c4[r] * x;
                                        }
                                    }
                                }

                                // Extract the three 21-bit lanes of each group (TripleLanes: sign-extend, shift, repeat) and add
                                // them to the int32 sums (wrapping like the reference's accumulator; the centres are in B').
                                int lane;
                                lane = (int)((a0 << 43) >> 43); s0 += lane; a0 = (a0 - lane) >> 21; lane = (int)((a0 << 43) >> 43); s1 += lane; s2 += (int)((a0 - lane) >> 21);
                                lane = (int)((a1 << 43) >> 43); s3 += lane; a1 = (a1 - lane) >> 21; lane = (int)((a1 << 43) >> 43); s4 += lane; s5 += (int)((a1 - lane) >> 21);
                                lane = (int)((a2 << 43) >> 43); s6 += lane; a2 = (a2 - lane) >> 21; lane = (int)((a2 << 43) >> 43); s7 += lane; s8 += (int)((a2 - lane) >> 21);
                                lane = (int)((a3 << 43) >> 43); s9 += lane; a3 = (a3 - lane) >> 21; lane = (int)((a3 << 43) >> 43); s10 += lane; s11 += (int)((a3 - lane) >> 21);
                                lane = (int)((a4 << 43) >> 43); s12 += lane; a4 = (a4 - lane) >> 21; lane = (int)((a4 << 43) >> 43); s13 += lane; s14 += (int)((a4 - lane) >> 21);
                                lane = (int)((a5 << 43) >> 43); s15 += lane; a5 = (a5 - lane) >> 21; lane = (int)((a5 << 43) >> 43); s16 += lane; s17 += (int)((a5 - lane) >> 21);
                                lane = (int)((d0 << 43) >> 43); t0 += lane; d0 = (d0 - lane) >> 21; lane = (int)((d0 << 43) >> 43); t1 += lane; t2 += (int)((d0 - lane) >> 21);
                                lane = (int)((d1 << 43) >> 43); t3 += lane; d1 = (d1 - lane) >> 21; lane = (int)((d1 << 43) >> 43); t4 += lane; t5 += (int)((d1 - lane) >> 21);
                                lane = (int)((d2 << 43) >> 43); t6 += lane; d2 = (d2 - lane) >> 21; lane = (int)((d2 << 43) >> 43); t7 += lane; t8 += (int)((d2 - lane) >> 21);
                                lane = (int)((d3 << 43) >> 43); t9 += lane; d3 = (d3 - lane) >> 21; lane = (int)((d3 << 43) >> 43); t10 += lane; t11 += (int)((d3 - lane) >> 21);
                                lane = (int)((d4 << 43) >> 43); t12 += lane; d4 = (d4 - lane) >> 21; lane = (int)((d4 << 43) >> 43); t13 += lane; t14 += (int)((d4 - lane) >> 21);
                                lane = (int)((d5 << 43) >> 43); t15 += lane; d5 = (d5 - lane) >> 21; lane = (int)((d5 << 43) >> 43); t16 += lane; t17 += (int)((d5 - lane) >> 21);
                            }

                            if (s0 > m0) { m0 = s0; } if (s1 > m1) { m1 = s1; } if (s2 > m2) { m2 = s2; } if (s3 > m3) { m3 = s3; } if (s4 > m4) { m4 = s4; } if (s5 > m5) { m5 = s5; }
                            if (s6 > m6) { m6 = s6; } if (s7 > m7) { m7 = s7; } if (s8 > m8) { m8 = s8; } if (s9 > m9) { m9 = s9; } if (s10 > m10) { m10 = s10; } if (s11 > m11) { m11 = s11; }
                            if (s12 > m12) { m12 = s12; } if (s13 > m13) { m13 = s13; } if (s14 > m14) { m14 = s14; } if (s15 > m15) { m15 = s15; } if (s16 > m16) { m16 = s16; } if (s17 > m17) { m17 = s17; }
                            if (t0 > m0) { m0 = t0; } if (t1 > m1) { m1 = t1; } if (t2 > m2) { m2 = t2; } if (t3 > m3) { m3 = t3; } if (t4 > m4) { m4 = t4; } if (t5 > m5) { m5 = t5; }
                            if (t6 > m6) { m6 = t6; } if (t7 > m7) { m7 = t7; } if (t8 > m8) { m8 = t8; } if (t9 > m9) { m9 = t9; } if (t10 > m10) { m10 = t10; } if (t11 > m11) { m11 = t11; }
                            if (t12 > m12) { m12 = t12; } if (t13 > m13) { m13 = t13; } if (t14 > m14) { m14 = t14; } if (t15 > m15) { m15 = t15; } if (t16 > m16) { m16 = t16; } if (t17 > m17) { m17 = t17; }
                        }

                        laneMax[0] = m0; laneMax[1] = m1; laneMax[2] = m2; laneMax[3] = m3; laneMax[4] = m4; laneMax[5] = m5;
                        laneMax[6] = m6; laneMax[7] = m7; laneMax[8] = m8; laneMax[9] = m9; laneMax[10] = m10; laneMax[11] = m11;
                        laneMax[12] = m12; laneMax[13] = m13; laneMax[14] = m14; laneMax[15] = m15; laneMax[16] = m16; laneMax[17] = m17;
                        for (int lane = 0; lane < LanesPerPass; lane++)
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
