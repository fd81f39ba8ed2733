using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The int8 Conv2D (5×5, stride 1, valid) fused with its activation clamp and a 2×2/stride-2 max pool, scattering
    /// each non-zero input into the outputs it touches; bit-identical to <see cref="Reference.Conv2DReference"/>
    /// followed by <see cref="Reference.MaxPool2DReference"/>. Suited to a mostly-zero input (LeNet-5's conv1: a drawn
    /// digit on a blank background); both engines use it there.
    /// </summary>
    /// <remarks>
    /// Layouts: input [C_in, H, W] NCHW, flat (ic·H + y)·W + x; output [C_out, (H−4)/2, (W−4)/2].
    /// Tricks, each exact (docs/runtime.md):
    /// <list type="bullet">
    /// <item>Offsets folded into the bias: <c>acc = B' + Σ W·(q − r_ic)</c>; with r = the input zero point, v = q − r is
    /// the raw pixel, 0 on the background, and only the non-zero inputs (listed once, row by row, as int16 column and
    /// value) are visited.</item>
    /// <item>Scatter with the kernel in locals: for each (channel group, ic) the 25 packed weights sit in locals and
    /// every listed input adds its 25 products to the outputs (y − ky, x − kx) it reaches.</item>
    /// <item>A ring of six accumulator rows instead of a plane: input row y feeds conv rows y − 4 .. y, so conv rows
    /// 2py and 2py + 1 are complete after input row 2py + 5, are pooled and requantized then, and their cells are
    /// zeroed as they are read, ready for conv rows 2py + 6 and 2py + 7. Conv rows outside 0 .. OH − 1 go to a seventh,
    /// never-read trash row, and four spare columns on the left take the products for ox &lt; 0: the 25 taps need no
    /// bounds test, and nothing is ever cleared (1.8 KB for LeNet-5 instead of an 8 KB plane).</item>
    /// <item>Three output channels per 64-bit multiply-add (<see cref="TripleLanes"/>: 21-bit lanes, centred when read),
    /// so LeNet-5's six conv1 channels take two scatter passes instead of three.</item>
    /// <item>Pooled cells whose 6×6 input window holds no non-zero input output the precomputed background constant
    /// without any work. Pool before requantizing (requantization is monotone), requantization inlined.</item>
    /// </list>
    /// </remarks>
    public sealed class ScatterConv5x5Pool2x2 : ILayerKernel
    {
        /// <summary>Kernel size this kernel is unrolled for.</summary>
        public const int KernelSize = 5;

        private const int Taps = KernelSize * KernelSize;
        private const int Margin = KernelSize - 1;
        private const int RingRows = KernelSize + 1;

        private readonly int _inputChannels;
        private readonly int _outputChannels;
        private readonly int _height;
        private readonly int _width;
        private readonly int _groups;
        private readonly int _stride;
        private readonly int[] _inputOffsets;
        private readonly long[] _packedWeights;
        private readonly int[] _paddedBias;
        private readonly long[] _laneStarts;
        private readonly RequantizationPlan _plan;
        private readonly int[] _constantOutput;
        private readonly long[] _ring;
        private readonly int[] _rowBase;
        private readonly bool _ownsEntries;
        private readonly short[] _entryX;
        private readonly short[] _entryValue;
        private readonly int[] _rowStart;
        private readonly int[] _rowMinX;
        private readonly int[] _rowMaxX;
        private readonly int[] _pooledFirst;
        private readonly int[] _pooledLast;

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H, in pixels; H − 4 must be even and positive.</param>
        /// <param name="width">Input width W, in pixels; W − 4 must be even and positive, at most 32767.</param>
        /// <param name="inputOffsets">[C_in] offset r subtracted from each input channel (any int8 value; exact for all).</param>
        /// <param name="name">Layer name used in error messages, e.g. "conv1".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> or <paramref name="inputOffsets"/> is null.</exception>
        /// <exception cref="ArgumentException">A size or the offsets' length does not fit the layer, or W exceeds 32767.</exception>
        /// <exception cref="NotSupportedException">K ≠ 5, a lane width
        /// Σ|w|·255 exceeds <see cref="TripleLanes.MaxWidth"/> (never for C_in ≤ 2: 50·127·255 &lt; 2^21), or a positive shift could overflow.</exception>
        public ScatterConv5x5Pool2x2(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name)
            : this(layer, height, width, inputOffsets, name, null, null)
        {
        }

        /// <summary>Prepares the kernel with caller-owned entry lists (shared by kernels that never run at the same time).</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H.</param>
        /// <param name="width">Input width W.</param>
        /// <param name="inputOffsets">[C_in] offsets.</param>
        /// <param name="name">Layer name used in error messages.</param>
        /// <param name="entryX">Scratch of at least C_in·H·W int16 entries, or null to allocate one.</param>
        /// <param name="entryValue">Scratch of at least C_in·H·W int16 entries, or null to allocate one.</param>
        /// <exception cref="ArgumentException">A list is shorter than C_in·H·W, or as above.</exception>
        internal ScatterConv5x5Pool2x2(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name, short[] entryX, short[] entryValue)
        {
            int taps = FusedConvChecks.Validate(layer, height, width, inputOffsets, name);
            if (width > short.MaxValue)
            {
                throw new ArgumentException(name + ": input width " + width + " exceeds the int16 entry columns (32767).", "width");
            }

            _inputChannels = layer.InputChannels;
            _outputChannels = layer.OutputChannels;
            _height = height;
            _width = width;
            _groups = (_outputChannels + TripleLanes.Lanes - 1) / TripleLanes.Lanes;
            _inputOffsets = new int[_inputChannels];
            Array.Copy(inputOffsets, _inputOffsets, _inputChannels);
            // Packed weights of channels 3g, 3g+1, 3g+2 at ((g·C_in + ic)·5 + ky)·5 + kx.
            _packedWeights = new long[_groups * taps];
            for (int g = 0; g < _groups; g++)
            {
                for (int t = 0; t < taps; t++)
                {
                    _packedWeights[g * taps + t] = TripleLanes.PackChannelGroup(layer.Weights, _outputChannels, taps, g, t);
                }
            }

            // The scatter sums all input channels into one accumulator, so every lane must fit 21 bits in a single chunk.
            int[] chunkEnds = TripleLanes.Chunks(layer.Weights, _outputChannels, _inputChannels, Taps);
            if (chunkEnds.Length > 1)
            {
                throw new NotSupportedException(name + ": a channel's lane width Σ|w|·255 over " + _inputChannels
                    + " input channels exceeds 2^21 - 1; use GatherConv5x5Pool2x2, which splits the sum.");
            }

            _plan = new RequantizationPlan(name, _outputChannels, layer.Weights, taps, inputOffsets, Taps, layer.Bias,
                layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, true);
            _constantOutput = _plan.ComputeConstantOutput();
            _paddedBias = new int[TripleLanes.Lanes * _groups];
            Array.Copy(_plan.Bias, _paddedBias, _outputChannels);
            _laneStarts = TripleLanes.CentredStarts(layer.Weights, _outputChannels, _inputChannels, Taps, _inputOffsets, chunkEnds,
                _groups, _paddedBias);

            // Ring rows of Margin + W columns (output column ox at ox + Margin), six for conv rows and a trash row.
            // _rowBase[oy + Margin], oy = −4 .. H − 1: where conv row oy starts (its ring row, or the trash row when
            // oy is outside 0 .. OH − 1).
            int outputHeight = height - KernelSize + 1;
            _stride = width + Margin;
            _ring = new long[(RingRows + 1) * _stride];
            _rowBase = new int[height + Margin];
            for (int oy = -Margin; oy < height; oy++)
            {
                int row = oy >= 0 && oy < outputHeight ? oy % RingRows : RingRows;
                _rowBase[oy + Margin] = row * _stride + Margin;
            }

            int inputs = _inputChannels * height * width;
            _ownsEntries = entryX == null || entryValue == null;
            _entryX = _ownsEntries ? new short[inputs] : entryX;
            _entryValue = _ownsEntries ? new short[inputs] : entryValue;
            if (_entryX.Length < inputs || _entryValue.Length < inputs)
            {
                throw new ArgumentException(name + ": entry lists shorter than " + inputs + " inputs.", "entryX");
            }

            _rowStart = new int[_inputChannels * height + 1];
            _rowMinX = new int[height];
            _rowMaxX = new int[height];
            _pooledFirst = new int[outputHeight / 2];
            _pooledLast = new int[outputHeight / 2];
        }

        /// <summary>Output of each channel when every input value equals its channel's offset, [C_out].</summary>
        /// <remarks>For conv1 fed a blank image this is pool1's background; pass it as conv2's input offsets.</remarks>
        public int[] ConstantOutput
        {
            get { return _constantOutput; }
        }

        /// <summary>
        /// Bytes of RAM held by the prepared weights, plan, accumulator ring and tables (entry lists only when the
        /// kernel owns them; shared lists are counted once by their owner).
        /// </summary>
        public int Bytes
        {
            get
            {
                return 8 * (_packedWeights.Length + _laneStarts.Length + _ring.Length) + _plan.Bytes
                    + 4 * (_paddedBias.Length + _constantOutput.Length + _inputChannels + _rowBase.Length + _rowStart.Length)
                    + (_ownsEntries ? 4 * _entryX.Length : 0) + 8 * (_rowMinX.Length + _pooledFirst.Length);
            }
        }

        /// <summary>Runs conv → clamp → 2×2 max pool.</summary>
        /// <param name="input">[C_in, H, W] int8 input.</param>
        /// <param name="output">[C_out, (H−4)/2, (W−4)/2] int8 pooled output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            Run(input, null, 0, output);
        }

        /// <summary>
        /// Runs conv → clamp → 2×2 max pool on unsigned pixels whose int8 value is <c>q = p + zeroPoint</c>, reading
        /// them in place (LeNet-5's input: q = p − 128): the same result as <see cref="Run(sbyte[], sbyte[])"/> on the
        /// converted image, without converting it.
        /// </summary>
        /// <param name="pixels">[C_in, H, W] pixels.</param>
        /// <param name="zeroPoint">Offset from pixel to int8 value; every p + zeroPoint must be an int8 (the lane bounds assume it).</param>
        /// <param name="output">[C_out, (H−4)/2, (W−4)/2] int8 pooled output.</param>
        public void RunPixels(byte[] pixels, int zeroPoint, sbyte[] output)
        {
            Run(null, pixels, zeroPoint, output);
        }

        private void Run(sbyte[] input, byte[] pixels, int pixelZeroPoint, sbyte[] output)
        {
            int height = _height;
            int width = _width;
            int inputChannels = _inputChannels;

            // List the non-zero v = q − r_ic row by row (q = input[i], or pixels[i] + pixelZeroPoint): column and value.
            short[] entryX = _entryX;
            short[] entryValue = _entryValue;
            int[] rowStart = _rowStart;
            int[] rowMinX = _rowMinX;
            int[] rowMaxX = _rowMaxX;
            for (int y = 0; y < height; y++)
            {
                rowMinX[y] = int.MaxValue;
                rowMaxX[y] = int.MinValue;
            }

            int count = 0;
            int i = 0;
            for (int ic = 0; ic < inputChannels; ic++)
            {
                int offset = _inputOffsets[ic];
                int pixelOffset = offset - pixelZeroPoint;
                for (int y = 0; y < height; y++)
                {
                    int start = count;
                    rowStart[ic * height + y] = start;
                    int rowFirst = i;
                    int rowEnd = i + width;
                    if (pixels == null)
                    {
                        for (; i < rowEnd; i++)
                        {
                            int v = input[i] - offset;
                            if (v != 0)
                            {
                                entryX[count] = (short)(i - rowFirst);
                                entryValue[count] = (short)v;
                                count++;
                            }
                        }
                    }
                    else
                    {
                        for (; i < rowEnd; i++)
                        {
                            int v = pixels[i] - pixelOffset;
                            if (v != 0)
                            {
                                entryX[count] = (short)(i - rowFirst);
                                entryValue[count] = (short)v;
                                count++;
                            }
                        }
                    }

                    // Column extent of the row's non-zero inputs (entries are in increasing x).
                    if (count > start)
                    {
                        int first = entryX[start];
                        int last = entryX[count - 1];
                        if (first < rowMinX[y])
                        {
                            rowMinX[y] = first;
                        }

                        if (last > rowMaxX[y])
                        {
                            rowMaxX[y] = last;
                        }
                    }
                }
            }

            rowStart[inputChannels * height] = count;

            // Pooled cells whose 6×6 input window holds no non-zero input keep acc = B' and output ConstantOutput:
            // per pooled row, only the columns [first, last] reached by that row band's inputs are computed.
            int outputHeight = height - KernelSize + 1;
            int pooledHeight = outputHeight / 2;
            int pooledWidth = (width - KernelSize + 1) / 2;
            int[] pooledFirst = _pooledFirst;
            int[] pooledLast = _pooledLast;
            for (int py = 0; py < pooledHeight; py++)
            {
                int minX = int.MaxValue;
                int maxX = int.MinValue;
                for (int y = 2 * py; y < 2 * py + RingRows; y++)
                {
                    if (rowMinX[y] < minX)
                    {
                        minX = rowMinX[y];
                    }

                    if (rowMaxX[y] > maxX)
                    {
                        maxX = rowMaxX[y];
                    }
                }

                int first = minX == int.MaxValue ? pooledWidth : (minX - Margin) >> 1;
                pooledFirst[py] = first < 0 ? 0 : first;
                int last = maxX >> 1;
                pooledLast[py] = last >= pooledWidth ? pooledWidth - 1 : last;
            }

            int outputChannels = _outputChannels;
            int[] constantOutput = _constantOutput;
            int pooledPlane = pooledHeight * pooledWidth;
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

            long[] acc = _ring;
            int[] rowBase = _rowBase;
            long[] packedWeights = _packedWeights;
            int[] bias = _paddedBias;
            int[] multiplier = _plan.Multiplier;
            int[] leftMultiplier = _plan.LeftMultiplier;
            int[] rightShift = _plan.RightShift;
            int[] roundingMask = _plan.RoundingMask;
            int outputZeroPoint = _plan.OutputZeroPoint;
            int activationMin = _plan.ActivationMin;
            int activationMax = _plan.ActivationMax;
            bool clampsNonPositive = _plan.ClampsNonPositive;
            long w00 = 0, w01 = 0, w02 = 0, w03 = 0, w04 = 0, w10 = 0, w11 = 0, w12 = 0, w13 = 0, w14 = 0;
            long w20 = 0, w21 = 0, w22 = 0, w23 = 0, w24 = 0, w30 = 0, w31 = 0, w32 = 0, w33 = 0, w34 = 0;
            long w40 = 0, w41 = 0, w42 = 0, w43 = 0, w44 = 0;
            for (int g = 0; g < _groups; g++)
            {
                int first = TripleLanes.Lanes * g;
                bool has1 = first + 1 < outputChannels, has2 = first + 2 < outputChannels;
                int bias0 = bias[first], bias1 = bias[first + 1], bias2 = bias[first + 2];
                long start = _laneStarts[g];
                int mul0 = multiplier[first], left0 = leftMultiplier[first], right0 = rightShift[first], mask0 = roundingMask[first];
                int mul1 = has1 ? multiplier[first + 1] : 0, left1 = has1 ? leftMultiplier[first + 1] : 1;
                int right1 = has1 ? rightShift[first + 1] : 0, mask1 = has1 ? roundingMask[first + 1] : 0;
                int mul2 = has2 ? multiplier[first + 2] : 0, left2 = has2 ? leftMultiplier[first + 2] : 1;
                int right2 = has2 ? rightShift[first + 2] : 0, mask2 = has2 ? roundingMask[first + 2] : 0;
                int loaded = -1;
                for (int y = 0; y < height; y++)
                {
                    // Input row y reaches conv rows y − ky at ring row starts rb_ky (the trash row outside 0 .. OH − 1).
                    int rb0 = rowBase[y + Margin], rb1 = rowBase[y + Margin - 1], rb2 = rowBase[y + Margin - 2];
                    int rb3 = rowBase[y + Margin - 3], rb4 = rowBase[y + Margin - 4];
                    for (int ic = 0; ic < inputChannels; ic++)
                    {
                        int e = rowStart[ic * height + y];
                        int end = rowStart[ic * height + y + 1];
                        if (e == end)
                        {
                            continue;
                        }

                        if (ic != loaded)
                        {
                            // The 5×5 kernel of group g and input channel ic in locals (w_ky,kx), reloaded only when ic changes.
                            int t = (g * inputChannels + ic) * Taps;
                            w00 = packedWeights[t + 0]; w01 = packedWeights[t + 1]; w02 = packedWeights[t + 2]; w03 = packedWeights[t + 3]; w04 = packedWeights[t + 4];
                            w10 = packedWeights[t + 5]; w11 = packedWeights[t + 6]; w12 = packedWeights[t + 7]; w13 = packedWeights[t + 8]; w14 = packedWeights[t + 9];
                            w20 = packedWeights[t + 10]; w21 = packedWeights[t + 11]; w22 = packedWeights[t + 12]; w23 = packedWeights[t + 13]; w24 = packedWeights[t + 14];
                            w30 = packedWeights[t + 15]; w31 = packedWeights[t + 16]; w32 = packedWeights[t + 17]; w33 = packedWeights[t + 18]; w34 = packedWeights[t + 19];
                            w40 = packedWeights[t + 20]; w41 = packedWeights[t + 21]; w42 = packedWeights[t + 22]; w43 = packedWeights[t + 23]; w44 = packedWeights[t + 24];
                            loaded = ic;
                        }

                        for (; e < end; e++)
                        {
                            // Input (y, x) with value v adds w_ky,kx·v to output (y − ky, x − kx) for all 25 taps.
                            int x = entryX[e];
                            long v = entryValue[e];
                            int u;
                            u = rb0 + x; acc[u] += w00 * v; acc[u - 1] += w01 * v; acc[u - 2] += w02 * v; acc[u - 3] += w03 * v; acc[u - 4] += w04 * v;
                            u = rb1 + x; acc[u] += w10 * v; acc[u - 1] += w11 * v; acc[u - 2] += w12 * v; acc[u - 3] += w13 * v; acc[u - 4] += w14 * v;
                            u = rb2 + x; acc[u] += w20 * v; acc[u - 1] += w21 * v; acc[u - 2] += w22 * v; acc[u - 3] += w23 * v; acc[u - 4] += w24 * v;
                            u = rb3 + x; acc[u] += w30 * v; acc[u - 1] += w31 * v; acc[u - 2] += w32 * v; acc[u - 3] += w33 * v; acc[u - 4] += w34 * v;
                            u = rb4 + x; acc[u] += w40 * v; acc[u - 1] += w41 * v; acc[u - 2] += w42 * v; acc[u - 3] += w43 * v; acc[u - 4] += w44 * v;
                        }
                    }

                    // After input row 2py + 5, conv rows 2py and 2py + 1 are complete: pool, requantize, zero their cells.
                    if (y < RingRows - 1 || ((y - RingRows + 1) & 1) != 0)
                    {
                        continue;
                    }

                    int py = (y - RingRows + 1) >> 1;
                    int last = pooledLast[py];
                    int px = pooledFirst[py];
                    int a = rowBase[2 * py + Margin] + 2 * px;
                    int b = rowBase[2 * py + 1 + Margin] + 2 * px;
                    int o = (first * pooledHeight + py) * pooledWidth + px;
                    for (; px <= last; px++, a += 2, b += 2, o++)
                    {
                        // The 2×2 window's four packed accumulators (zeroed as read): add the lane starts (TripleLanes:
                        // the lanes then hold Σ w·v − centre), extract the three 21-bit lanes, add B' (centres included)
                        // in int32, wrapping like the reference, and keep each lane's maximum.
                            long packed;
                            int lane;
                            packed = acc[a] + start; acc[a] = 0;
                            lane = (int)((packed << 43) >> 43);
                            packed = (packed - lane) >> TripleLanes.LaneBits;
                            int max0 = bias0 + lane;
                            lane = (int)((packed << 43) >> 43);
                            int max1 = bias1 + lane;
                            int max2 = bias2 + (int)((packed - lane) >> TripleLanes.LaneBits);
                            packed = acc[a + 1] + start; acc[a + 1] = 0;
                            lane = (int)((packed << 43) >> 43);
                            packed = (packed - lane) >> TripleLanes.LaneBits;
                            int acc0 = bias0 + lane;
                            lane = (int)((packed << 43) >> 43);
                            int acc1 = bias1 + lane;
                            int acc2 = bias2 + (int)((packed - lane) >> TripleLanes.LaneBits);
                            if (acc0 > max0) { max0 = acc0; }
                            if (acc1 > max1) { max1 = acc1; }
                            if (acc2 > max2) { max2 = acc2; }
                            packed = acc[b] + start; acc[b] = 0;
                            lane = (int)((packed << 43) >> 43);
                            packed = (packed - lane) >> TripleLanes.LaneBits;
                            acc0 = bias0 + lane;
                            lane = (int)((packed << 43) >> 43);
                            acc1 = bias1 + lane;
                            acc2 = bias2 + (int)((packed - lane) >> TripleLanes.LaneBits);
                            if (acc0 > max0) { max0 = acc0; }
                            if (acc1 > max1) { max1 = acc1; }
                            if (acc2 > max2) { max2 = acc2; }
                            packed = acc[b + 1] + start; acc[b + 1] = 0;
                            lane = (int)((packed << 43) >> 43);
                            packed = (packed - lane) >> TripleLanes.LaneBits;
                            acc0 = bias0 + lane;
                            lane = (int)((packed << 43) >> 43);
                            acc1 = bias1 + lane;
                            acc2 = bias2 + (int)((packed - lane) >> TripleLanes.LaneBits);
                            if (acc0 > max0) { max0 = acc0; }
                            if (acc1 > max1) { max1 = acc1; }
                            if (acc2 > max2) { max2 = acc2; }

                            // Requantize each pooled maximum once: FixedPoint.MultiplyByQuantizedMultiplier inlined.
                            int r;
                            if (max0 <= 0 && clampsNonPositive)
                            {
                                r = activationMin;
                            }
                            else
                            {
                                int high = (int)(((long)(max0 * left0) * mul0 + (1L << 30)) >> 31);
                                int threshold = (mask0 >> 1) + (high < 0 ? 1 : 0);
                                r = (high >> right0) + ((high & mask0) > threshold ? 1 : 0) + outputZeroPoint;
                                r = r < activationMin ? activationMin : (r > activationMax ? activationMax : r);
                            }
                            output[o] = (sbyte)r;
                            if (!has1)
                            {
                                continue;
                            }

                            if (max1 <= 0 && clampsNonPositive)
                            {
                                r = activationMin;
                            }
                            else
                            {
                                int high = (int)(((long)(max1 * left1) * mul1 + (1L << 30)) >> 31);
                                int threshold = (mask1 >> 1) + (high < 0 ? 1 : 0);
                                r = (high >> right1) + ((high & mask1) > threshold ? 1 : 0) + outputZeroPoint;
                                r = r < activationMin ? activationMin : (r > activationMax ? activationMax : r);
                            }
                            output[o + pooledPlane] = (sbyte)r;
                            if (!has2)
                            {
                                continue;
                            }

                            if (max2 <= 0 && clampsNonPositive)
                            {
                                r = activationMin;
                            }
                            else
                            {
                                int high = (int)(((long)(max2 * left2) * mul2 + (1L << 30)) >> 31);
                                int threshold = (mask2 >> 1) + (high < 0 ? 1 : 0);
                                r = (high >> right2) + ((high & mask2) > threshold ? 1 : 0) + outputZeroPoint;
                                r = r < activationMin ? activationMin : (r > activationMax ? activationMax : r);
                            }
                            output[o + 2 * pooledPlane] = (sbyte)r;
                    }
                }
            }
        }
    }
}
