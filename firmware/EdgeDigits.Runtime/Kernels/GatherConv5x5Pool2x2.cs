using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The int8 Conv2D (5×5, stride 1, valid) fused with its activation clamp and a 2×2/stride-2 max pool, gathering
    /// the four outputs of each pool window from its inputs; bit-identical to <see cref="Reference.Conv2DReference"/>
    /// followed by <see cref="Reference.MaxPool2DReference"/>. Both engines use it for every fused layer that the scatter
    /// does not take; its prepared data is the packed weights and a few hundred bytes.
    /// </summary>
    /// <remarks>
    /// Layouts: input [C_in, H, W] NCHW, flat (ic·H + y)·W + x; output [C_out, (H−4)/2, (W−4)/2].
    /// Per run the input is copied once as v = q − r_ic into an int16 relative plane (C_in·H·W entries; the
    /// engine shares one between its kernels), which costs fewer IL per tap than reading the int8 input in place.
    /// Tricks, each exact (docs/runtime.md):
    /// <list type="bullet">
    /// <item>Pool before requantizing: requantization is monotone non-decreasing, so
    /// <c>maxpool(clamp(requant(acc))) = clamp(requant(max acc))</c>; one requantization per pooled output.</item>
    /// <item>Offsets folded into the bias: <c>acc = B' + Σ W·(q − r_ic)</c> with r_ic any constant per input channel
    /// (the caller passes the input's background: the zero point for the image, conv1's response to a blank image
    /// for conv2), so the input is sparse wherever the drawing is absent, and zero terms cost one test.</item>
    /// <item>All output channels of one position accumulate in locals, three per int64 (<see cref="TripleLanes"/>:
    /// 21-bit centred lanes; the sum is split into chunks of input channels when a lane could not fit), six groups
    /// (18 lanes) per pass. Layers with fewer channels compute padding groups that are never stored: the kernel is
    /// meant for the dense-ish later layers (LeNet-5's conv2: 16 channels), the scatter for a sparse first one.</item>
    /// <item>The four outputs of a 2×2 pool window are computed together: each of the window's 6×6 inputs per
    /// channel is read once, as tap (ky, kx) of the top-left output, (ky, kx − 1) of the top-right, (ky − 1, kx) of the
    /// bottom-left and (ky − 1, kx − 1) of the bottom-right, so a zero input costs one test for all of them and the
    /// first and last input rows, which reach only one output row, are unrolled apart.</item>
    /// <item>Weights stored per kernel column kx (one array per group and kx, indexed by kernel row ic·5 + ky): a tap's
    /// weight needs no index arithmetic. Kernel rows unrolled; requantization inlined.</item>
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
        private readonly int[] _constantOutput;
        private readonly bool _ownsRelative;
        private readonly short[] _relative;
        private readonly int[] _laneMax = new int[LanesPerPass];

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H, in pixels; H − 4 must be even and positive.</param>
        /// <param name="width">Input width W, in pixels; W − 4 must be even and positive.</param>
        /// <param name="inputOffsets">[C_in] background r subtracted from each input channel (any int8 value; exact for all).</param>
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
        /// <param name="relative">Scratch of at least C_in·H·W int16 entries, or null to allocate one.</param>
        /// <exception cref="ArgumentException"><paramref name="relative"/> is shorter than C_in·H·W, or as above.</exception>
        internal GatherConv5x5Pool2x2(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name, short[] relative)
        {
            int taps = FusedConvChecks.Validate(layer, height, width, inputOffsets, name);
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

            // Padding groups of the last pass alias the last real group: their sums are computed
            // and never stored.
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

            // Lanes start at −centre per chunk of input channels (TripleLanes); the centres go into the bias.
            _paddedBias = new int[_passes * GroupsPerPass * TripleLanes.Lanes];
            Array.Copy(_plan.Bias, _paddedBias, _outputChannels);
            _chunkEnds = TripleLanes.Chunks(layer.Weights, _outputChannels, _inputChannels, Taps);
            _laneStarts = TripleLanes.CentredStarts(layer.Weights, _outputChannels, _inputChannels, Taps, _inputOffsets, _chunkEnds,
                _passes * GroupsPerPass, _paddedBias);
            int inputs = _inputChannels * height * width;
            _ownsRelative = relative == null;
            _relative = _ownsRelative ? new short[inputs] : relative;
            if (_relative.Length < inputs)
            {
                throw new ArgumentException(name + ": relative-input buffer shorter than " + inputs + " inputs.", "relative");
            }
        }

        /// <summary>Entries of the int16 relative-input buffer this kernel needs for a [C_in, H, W] input: C_in·H·W.</summary>
        /// <param name="layer">The conv layer.</param>
        /// <param name="height">Input height H.</param>
        /// <param name="width">Input width W.</param>
        /// <returns>The buffer length.</returns>
        internal static int RelativeLength(QuantizedConv2D layer, int height, int width)
        {
            return layer.InputChannels * height * width;
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

        /// <summary>Bytes of RAM held by the packed weights (4 bytes per array reference), plan and lane starts, and the
        /// relative-input buffer when owned.</summary>
        public int Bytes
        {
            get
            {
                return 8 * _groups * _inputChannels * Taps + 4 * _groupWeights.Length + _plan.Bytes + 8 * _laneStarts.Length
                    + 4 * (_chunkEnds.Length + _constantOutput.Length + LanesPerPass + _inputChannels + _paddedBias.Length)
                    + (_ownsRelative ? 2 * _relative.Length : 0);
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

            // v = q − r_ic (|v| ≤ 255): zero wherever the input equals its background.
            short[] v = _relative;
            for (int ic = 0; ic < inputChannels; ic++)
            {
                int offset = _inputOffsets[ic];
                int end = (ic + 1) * plane;
                for (int i = ic * plane; i < end; i++)
                {
                    v[i] = (short)(input[i] - offset);
                }
            }

            int pooledHeight = (height - KernelSize + 1) / 2;
            int pooledWidth = (width - KernelSize + 1) / 2;
            int pooledPlane = pooledHeight * pooledWidth;
            int outputChannels = _outputChannels;
            int[] bias = _paddedBias;
            int[] chunkEnds = _chunkEnds;
            int chunks = chunkEnds.Length;
            long[] laneStarts = _laneStarts;
            int startStride = _passes * GroupsPerPass;
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
                int lanes = outputChannels - firstChannel < LanesPerPass ? outputChannels - firstChannel : LanesPerPass;
                for (int py = 0; py < pooledHeight; py++)
                {
                    for (int px = 0; px < pooledWidth; px++)
                    {
                        // The window's four conv outputs: (2py, 2px) sums s, lanes a; (2py, 2px + 1) t, d;
                        // (2py + 1, 2px) u, e; (2py + 1, 2px + 1) z, f. Sums start at B' (padded to the pass) and wrap like the reference.
                        int corner = 2 * py * width + 2 * px;
                            int s0 = bias[firstChannel], s1 = bias[firstChannel + 1], s2 = bias[firstChannel + 2], s3 = bias[firstChannel + 3], s4 = bias[firstChannel + 4], s5 = bias[firstChannel + 5];
                            int s6 = bias[firstChannel + 6], s7 = bias[firstChannel + 7], s8 = bias[firstChannel + 8], s9 = bias[firstChannel + 9], s10 = bias[firstChannel + 10], s11 = bias[firstChannel + 11];
                            int s12 = bias[firstChannel + 12], s13 = bias[firstChannel + 13], s14 = bias[firstChannel + 14], s15 = bias[firstChannel + 15], s16 = bias[firstChannel + 16], s17 = bias[firstChannel + 17];
                            int t0 = s0, t1 = s1, t2 = s2, t3 = s3, t4 = s4, t5 = s5, t6 = s6, t7 = s7, t8 = s8;
                            int t9 = s9, t10 = s10, t11 = s11, t12 = s12, t13 = s13, t14 = s14, t15 = s15, t16 = s16, t17 = s17;
                            int u0 = s0, u1 = s1, u2 = s2, u3 = s3, u4 = s4, u5 = s5, u6 = s6, u7 = s7, u8 = s8;
                            int u9 = s9, u10 = s10, u11 = s11, u12 = s12, u13 = s13, u14 = s14, u15 = s15, u16 = s16, u17 = s17;
                            int z0 = s0, z1 = s1, z2 = s2, z3 = s3, z4 = s4, z5 = s5, z6 = s6, z7 = s7, z8 = s8;
                            int z9 = s9, z10 = s10, z11 = s11, z12 = s12, z13 = s13, z14 = s14, z15 = s15, z16 = s16, z17 = s17;
                        int ic = 0;
                        for (int chunk = 0; chunk < chunks; chunk++)
                        {
                            int k = chunk * startStride + firstGroup;
                                long a0 = laneStarts[k], a1 = laneStarts[k + 1], a2 = laneStarts[k + 2], a3 = laneStarts[k + 3], a4 = laneStarts[k + 4], a5 = laneStarts[k + 5];
                                long d0 = a0, d1 = a1, d2 = a2, d3 = a3, d4 = a4, d5 = a5;
                                long e0 = a0, e1 = a1, e2 = a2, e3 = a3, e4 = a4, e5 = a5;
                                long f0 = a0, f1 = a1, f2 = a2, f3 = a3, f4 = a4, f5 = a5;
                            for (int icEnd = chunkEnds[chunk]; ic < icEnd; ic++)
                            {
                                // The 6×6 inputs of channel ic, row by row; kernel row index kt (top outputs) and kb = kt − 1
                                // (bottom outputs) into the per-kx weight arrays, ic·5 + ky.
                                int row = ic * plane + corner;
                                int kt = ic * KernelSize;
                                int kb;
                                int q;
                                long x;

                                // Input row 2py: kernel row 0 of the top outputs only.
                                q = v[row];
                                if (q != 0)
                                {
                                    x = q;
                                    a0 += w0c0[kt] * x; a1 += w1c0[kt] * x; a2 += w2c0[kt] * x; a3 += w3c0[kt] * x; a4 += w4c0[kt] * x; a5 += w5c0[kt] * x;
                                }

                                q = v[row + 1];
                                if (q != 0)
                                {
                                    x = q;
                                    a0 += w0c1[kt] * x; a1 += w1c1[kt] * x; a2 += w2c1[kt] * x; a3 += w3c1[kt] * x; a4 += w4c1[kt] * x; a5 += w5c1[kt] * x;
                                    d0 += w0c0[kt] * x; d1 += w1c0[kt] * x; d2 += w2c0[kt] * x; d3 += w3c0[kt] * x; d4 += w4c0[kt] * x; d5 += w5c0[kt] * x;
                                }

                                q = v[row + 2];
                                if (q != 0)
                                {
                                    x = q;
                                    a0 += w0c2[kt] * x; a1 += w1c2[kt] * x; a2 += w2c2[kt] * x; a3 += w3c2[kt] * x; a4 += w4c2[kt] * x; a5 += w5c2[kt] * x;
                                    d0 += w0c1[kt] * x; d1 += w1c1[kt] * x; d2 += w2c1[kt] * x; d3 += w3c1[kt] * x; d4 += w4c1[kt] * x; d5 += w5c1[kt] * x;
                                }

                                q = v[row + 3];
                                if (q != 0)
                                {
                                    x = q;
                                    a0 += w0c3[kt] * x; a1 += w1c3[kt] * x; a2 += w2c3[kt] * x; a3 += w3c3[kt] * x; a4 += w4c3[kt] * x; a5 += w5c3[kt] * x;
                                    d0 += w0c2[kt] * x; d1 += w1c2[kt] * x; d2 += w2c2[kt] * x; d3 += w3c2[kt] * x; d4 += w4c2[kt] * x; d5 += w5c2[kt] * x;
                                }

                                q = v[row + 4];
                                if (q != 0)
                                {
                                    x = q;
                                    a0 += w0c4[kt] * x; a1 += w1c4[kt] * x; a2 += w2c4[kt] * x; a3 += w3c4[kt] * x; a4 += w4c4[kt] * x; a5 += w5c4[kt] * x;
                                    d0 += w0c3[kt] * x; d1 += w1c3[kt] * x; d2 += w2c3[kt] * x; d3 += w3c3[kt] * x; d4 += w4c3[kt] * x; d5 += w5c3[kt] * x;
                                }

                                q = v[row + 5];
                                if (q != 0)
                                {
                                    x = q;
                                    d0 += w0c4[kt] * x; d1 += w1c4[kt] * x; d2 += w2c4[kt] * x; d3 += w3c4[kt] * x; d4 += w4c4[kt] * x; d5 += w5c4[kt] * x;
                                }
                                // Input rows 2py + 1 .. 2py + 4: kernel row kt of the top outputs, kb = kt − 1 of the bottom ones.
                                for (kt++, row += width; kt < (ic + 1) * KernelSize; kt++, row += width)
                                {
                                    kb = kt - 1;
                                    q = v[row];
                                    if (q != 0)
                                    {
                                        x = q;
                                        a0 += w0c0[kt] * x; a1 += w1c0[kt] * x; a2 += w2c0[kt] * x; a3 += w3c0[kt] * x; a4 += w4c0[kt] * x; a5 += w5c0[kt] * x;
                                        e0 += w0c0[kb] * x; e1 += w1c0[kb] * x; e2 += w2c0[kb] * x; e3 += w3c0[kb] * x; e4 += w4c0[kb] * x; e5 += w5c0[kb] * x;
                                    }

                                    q = v[row + 1];
                                    if (q != 0)
                                    {
                                        x = q;
                                        a0 += w0c1[kt] * x; a1 += w1c1[kt] * x; a2 += w2c1[kt] * x; a3 += w3c1[kt] * x; a4 += w4c1[kt] * x; a5 += w5c1[kt] * x;
                                        d0 += w0c0[kt] * x; d1 += w1c0[kt] * x; d2 += w2c0[kt] * x; d3 += w3c0[kt] * x; d4 += w4c0[kt] * x; d5 += w5c0[kt] * x;
                                        e0 += w0c1[kb] * x; e1 += w1c1[kb] * x; e2 += w2c1[kb] * x; e3 += w3c1[kb] * x; e4 += w4c1[kb] * x; e5 += w5c1[kb] * x;
                                        f0 += w0c0[kb] * x; f1 += w1c0[kb] * x; f2 += w2c0[kb] * x; f3 += w3c0[kb] * x; f4 += w4c0[kb] * x; f5 += w5c0[kb] * x;
                                    }

                                    q = v[row + 2];
                                    if (q != 0)
                                    {
                                        x = q;
                                        a0 += w0c2[kt] * x; a1 += w1c2[kt] * x; a2 += w2c2[kt] * x; a3 += w3c2[kt] * x; a4 += w4c2[kt] * x; a5 += w5c2[kt] * x;
                                        d0 += w0c1[kt] * x; d1 += w1c1[kt] * x; d2 += w2c1[kt] * x; d3 += w3c1[kt] * x; d4 += w4c1[kt] * x; d5 += w5c1[kt] * x;
                                        e0 += w0c2[kb] * x; e1 += w1c2[kb] * x; e2 += w2c2[kb] * x; e3 += w3c2[kb] * x; e4 += w4c2[kb] * x; e5 += w5c2[kb] * x;
                                        f0 += w0c1[kb] * x; f1 += w1c1[kb] * x; f2 += w2c1[kb] * x; f3 += w3c1[kb] * x; f4 += w4c1[kb] * x; f5 += w5c1[kb] * x;
                                    }

                                    q = v[row + 3];
                                    if (q != 0)
                                    {
                                        x = q;
                                        a0 += w0c3[kt] * x; a1 += w1c3[kt] * x; a2 += w2c3[kt] * x; a3 += w3c3[kt] * x; a4 += w4c3[kt] * x; a5 += w5c3[kt] * x;
                                        d0 += w0c2[kt] * x; d1 += w1c2[kt] * x; d2 += w2c2[kt] * x; d3 += w3c2[kt] * x; d4 += w4c2[kt] * x; d5 += w5c2[kt] * x;
                                        e0 += w0c3[kb] * x; e1 += w1c3[kb] * x; e2 += w2c3[kb] * x; e3 += w3c3[kb] * x; e4 += w4c3[kb] * x; e5 += w5c3[kb] * x;
                                        f0 += w0c2[kb] * x; f1 += w1c2[kb] * x; f2 += w2c2[kb] * x; f3 += w3c2[kb] * x; f4 += w4c2[kb] * x; f5 += w5c2[kb] * x;
                                    }

                                    q = v[row + 4];
                                    if (q != 0)
                                    {
                                        x = q;
                                        a0 += w0c4[kt] * x; a1 += w1c4[kt] * x; a2 += w2c4[kt] * x; a3 += w3c4[kt] * x; a4 += w4c4[kt] * x; a5 += w5c4[kt] * x;
                                        d0 += w0c3[kt] * x; d1 += w1c3[kt] * x; d2 += w2c3[kt] * x; d3 += w3c3[kt] * x; d4 += w4c3[kt] * x; d5 += w5c3[kt] * x;
                                        e0 += w0c4[kb] * x; e1 += w1c4[kb] * x; e2 += w2c4[kb] * x; e3 += w3c4[kb] * x; e4 += w4c4[kb] * x; e5 += w5c4[kb] * x;
                                        f0 += w0c3[kb] * x; f1 += w1c3[kb] * x; f2 += w2c3[kb] * x; f3 += w3c3[kb] * x; f4 += w4c3[kb] * x; f5 += w5c3[kb] * x;
                                    }

                                    q = v[row + 5];
                                    if (q != 0)
                                    {
                                        x = q;
                                        d0 += w0c4[kt] * x; d1 += w1c4[kt] * x; d2 += w2c4[kt] * x; d3 += w3c4[kt] * x; d4 += w4c4[kt] * x; d5 += w5c4[kt] * x;
                                        f0 += w0c4[kb] * x; f1 += w1c4[kb] * x; f2 += w2c4[kb] * x; f3 += w3c4[kb] * x; f4 += w4c4[kb] * x; f5 += w5c4[kb] * x;
                                    }
                                }

                                // Input row 2py + 5: kernel row 4 of the bottom outputs only.
                                kb = kt - 1;
                                q = v[row];
                                if (q != 0)
                                {
                                    x = q;
                                    e0 += w0c0[kb] * x; e1 += w1c0[kb] * x; e2 += w2c0[kb] * x; e3 += w3c0[kb] * x; e4 += w4c0[kb] * x; e5 += w5c0[kb] * x;
                                }

                                q = v[row + 1];
                                if (q != 0)
                                {
                                    x = q;
                                    e0 += w0c1[kb] * x; e1 += w1c1[kb] * x; e2 += w2c1[kb] * x; e3 += w3c1[kb] * x; e4 += w4c1[kb] * x; e5 += w5c1[kb] * x;
                                    f0 += w0c0[kb] * x; f1 += w1c0[kb] * x; f2 += w2c0[kb] * x; f3 += w3c0[kb] * x; f4 += w4c0[kb] * x; f5 += w5c0[kb] * x;
                                }

                                q = v[row + 2];
                                if (q != 0)
                                {
                                    x = q;
                                    e0 += w0c2[kb] * x; e1 += w1c2[kb] * x; e2 += w2c2[kb] * x; e3 += w3c2[kb] * x; e4 += w4c2[kb] * x; e5 += w5c2[kb] * x;
                                    f0 += w0c1[kb] * x; f1 += w1c1[kb] * x; f2 += w2c1[kb] * x; f3 += w3c1[kb] * x; f4 += w4c1[kb] * x; f5 += w5c1[kb] * x;
                                }

                                q = v[row + 3];
                                if (q != 0)
                                {
                                    x = q;
                                    e0 += w0c3[kb] * x; e1 += w1c3[kb] * x; e2 += w2c3[kb] * x; e3 += w3c3[kb] * x; e4 += w4c3[kb] * x; e5 += w5c3[kb] * x;
                                    f0 += w0c2[kb] * x; f1 += w1c2[kb] * x; f2 += w2c2[kb] * x; f3 += w3c2[kb] * x; f4 += w4c2[kb] * x; f5 += w5c2[kb] * x;
                                }

                                q = v[row + 4];
                                if (q != 0)
                                {
                                    x = q;
                                    e0 += w0c4[kb] * x; e1 += w1c4[kb] * x; e2 += w2c4[kb] * x; e3 += w3c4[kb] * x; e4 += w4c4[kb] * x; e5 += w5c4[kb] * x;
                                    f0 += w0c3[kb] * x; f1 += w1c3[kb] * x; f2 += w2c3[kb] * x; f3 += w3c3[kb] * x; f4 += w4c3[kb] * x; f5 += w5c3[kb] * x;
                                }

                                q = v[row + 5];
                                if (q != 0)
                                {
                                    x = q;
                                    f0 += w0c4[kb] * x; f1 += w1c4[kb] * x; f2 += w2c4[kb] * x; f3 += w3c4[kb] * x; f4 += w4c4[kb] * x; f5 += w5c4[kb] * x;
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
                                lane = (int)((e0 << 43) >> 43); u0 += lane; e0 = (e0 - lane) >> 21; lane = (int)((e0 << 43) >> 43); u1 += lane; u2 += (int)((e0 - lane) >> 21);
                                lane = (int)((e1 << 43) >> 43); u3 += lane; e1 = (e1 - lane) >> 21; lane = (int)((e1 << 43) >> 43); u4 += lane; u5 += (int)((e1 - lane) >> 21);
                                lane = (int)((e2 << 43) >> 43); u6 += lane; e2 = (e2 - lane) >> 21; lane = (int)((e2 << 43) >> 43); u7 += lane; u8 += (int)((e2 - lane) >> 21);
                                lane = (int)((e3 << 43) >> 43); u9 += lane; e3 = (e3 - lane) >> 21; lane = (int)((e3 << 43) >> 43); u10 += lane; u11 += (int)((e3 - lane) >> 21);
                                lane = (int)((e4 << 43) >> 43); u12 += lane; e4 = (e4 - lane) >> 21; lane = (int)((e4 << 43) >> 43); u13 += lane; u14 += (int)((e4 - lane) >> 21);
                                lane = (int)((e5 << 43) >> 43); u15 += lane; e5 = (e5 - lane) >> 21; lane = (int)((e5 << 43) >> 43); u16 += lane; u17 += (int)((e5 - lane) >> 21);
                                lane = (int)((f0 << 43) >> 43); z0 += lane; f0 = (f0 - lane) >> 21; lane = (int)((f0 << 43) >> 43); z1 += lane; z2 += (int)((f0 - lane) >> 21);
                                lane = (int)((f1 << 43) >> 43); z3 += lane; f1 = (f1 - lane) >> 21; lane = (int)((f1 << 43) >> 43); z4 += lane; z5 += (int)((f1 - lane) >> 21);
                                lane = (int)((f2 << 43) >> 43); z6 += lane; f2 = (f2 - lane) >> 21; lane = (int)((f2 << 43) >> 43); z7 += lane; z8 += (int)((f2 - lane) >> 21);
                                lane = (int)((f3 << 43) >> 43); z9 += lane; f3 = (f3 - lane) >> 21; lane = (int)((f3 << 43) >> 43); z10 += lane; z11 += (int)((f3 - lane) >> 21);
                                lane = (int)((f4 << 43) >> 43); z12 += lane; f4 = (f4 - lane) >> 21; lane = (int)((f4 << 43) >> 43); z13 += lane; z14 += (int)((f4 - lane) >> 21);
                                lane = (int)((f5 << 43) >> 43); z15 += lane; f5 = (f5 - lane) >> 21; lane = (int)((f5 << 43) >> 43); z16 += lane; z17 += (int)((f5 - lane) >> 21);
                        }

                        // Pool: the maximum of the four sums per channel (into s), then requantize it once.
                            if (t0 > s0) { s0 = t0; } if (u0 > s0) { s0 = u0; } if (z0 > s0) { s0 = z0; }
                            if (t1 > s1) { s1 = t1; } if (u1 > s1) { s1 = u1; } if (z1 > s1) { s1 = z1; }
                            if (t2 > s2) { s2 = t2; } if (u2 > s2) { s2 = u2; } if (z2 > s2) { s2 = z2; }
                            if (t3 > s3) { s3 = t3; } if (u3 > s3) { s3 = u3; } if (z3 > s3) { s3 = z3; }
                            if (t4 > s4) { s4 = t4; } if (u4 > s4) { s4 = u4; } if (z4 > s4) { s4 = z4; }
                            if (t5 > s5) { s5 = t5; } if (u5 > s5) { s5 = u5; } if (z5 > s5) { s5 = z5; }
                            if (t6 > s6) { s6 = t6; } if (u6 > s6) { s6 = u6; } if (z6 > s6) { s6 = z6; }
                            if (t7 > s7) { s7 = t7; } if (u7 > s7) { s7 = u7; } if (z7 > s7) { s7 = z7; }
                            if (t8 > s8) { s8 = t8; } if (u8 > s8) { s8 = u8; } if (z8 > s8) { s8 = z8; }
                            if (t9 > s9) { s9 = t9; } if (u9 > s9) { s9 = u9; } if (z9 > s9) { s9 = z9; }
                            if (t10 > s10) { s10 = t10; } if (u10 > s10) { s10 = u10; } if (z10 > s10) { s10 = z10; }
                            if (t11 > s11) { s11 = t11; } if (u11 > s11) { s11 = u11; } if (z11 > s11) { s11 = z11; }
                            if (t12 > s12) { s12 = t12; } if (u12 > s12) { s12 = u12; } if (z12 > s12) { s12 = z12; }
                            if (t13 > s13) { s13 = t13; } if (u13 > s13) { s13 = u13; } if (z13 > s13) { s13 = z13; }
                            if (t14 > s14) { s14 = t14; } if (u14 > s14) { s14 = u14; } if (z14 > s14) { s14 = z14; }
                            if (t15 > s15) { s15 = t15; } if (u15 > s15) { s15 = u15; } if (z15 > s15) { s15 = z15; }
                            if (t16 > s16) { s16 = t16; } if (u16 > s16) { s16 = u16; } if (z16 > s16) { s16 = z16; }
                            if (t17 > s17) { s17 = t17; } if (u17 > s17) { s17 = u17; } if (z17 > s17) { s17 = z17; }
                            laneMax[0] = s0; laneMax[1] = s1; laneMax[2] = s2; laneMax[3] = s3; laneMax[4] = s4; laneMax[5] = s5; laneMax[6] = s6; laneMax[7] = s7; laneMax[8] = s8;
                            laneMax[9] = s9; laneMax[10] = s10; laneMax[11] = s11; laneMax[12] = s12; laneMax[13] = s13; laneMax[14] = s14; laneMax[15] = s15; laneMax[16] = s16; laneMax[17] = s17;

                        _plan.RequantizeLanes(laneMax, firstChannel, lanes, output, (firstChannel * pooledHeight + py) * pooledWidth + px, pooledPlane);
                    }
                }
            }
        }
    }
}
