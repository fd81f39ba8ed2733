using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The fast int8 Conv2D (5×5, stride 1, valid) fused with its activation clamp and a 2×2/stride-2 max pool,
    /// scattering each non-zero input into the outputs it touches; bit-identical to
    /// <see cref="Reference.Conv2DReference"/> followed by <see cref="Reference.MaxPool2DReference"/>. Suited to a
    /// mostly-zero input (LeNet-5's conv1: a drawn digit on a blank background).
    /// </summary>
    /// <remarks>
    /// Layouts: input [C_in, H, W] NCHW, flat (ic·H + y)·W + x; output [C_out, (H−4)/2, (W−4)/2].
    /// Tricks, each exact (docs/runtime.md):
    /// <list type="bullet">
    /// <item>Offsets folded into the bias: <c>acc = B' + Σ W·(q − r_ic)</c>; with r = the input zero point, v = q − r is
    /// the raw pixel, 0 on the background, and only the non-zero inputs (listed once, row by row) are visited.</item>
    /// <item>Scatter with the kernel row in locals: for each (channel pair, ic, ky) the five packed weights sit in
    /// locals and every listed input of the rows that reach a valid output row adds five products; the rows
    /// that qualify are a contiguous run of the list, so no bounds test runs per input.</item>
    /// <item>Accumulator rows carry four spare columns on each side, so the five taps never need a column test.</item>
    /// <item>One accumulator plane, cleared natively (<c>Array.Clear</c>) and reused pair after pair: a third of the
    /// RAM of one plane per pair for the same IL (two more calls).</item>
    /// <item>Two output channels per 64-bit multiply-add (<see cref="LanePacking"/>).</item>
    /// <item>Pool before requantizing (requantization is monotone), requantization inlined.</item>
    /// </list>
    /// </remarks>
    public sealed class SparseConv2DReluPool : ILayerKernel
    {
        /// <summary>Kernel size this kernel is unrolled for.</summary>
        public const int KernelSize = 5;

        private const int Taps = KernelSize * KernelSize;
        private const int Margin = KernelSize - 1;

        private readonly int _inputChannels;
        private readonly int _outputChannels;
        private readonly int _height;
        private readonly int _width;
        private readonly int _pairs;
        private readonly int _stride;
        private readonly int _plane;
        private readonly int[] _inputOffsets;
        private readonly long[] _packedWeights;
        private readonly int[] _paddedBias;
        private readonly RequantizationPlan _plan;
        private readonly int[] _constantOutput;
        private readonly bool _ownsEntries;
        private readonly bool _ownsAcc;
        private readonly long[] _acc;
        private readonly int[] _entryBase;
        private readonly long[] _entryValue;
        private readonly int[] _rowStart;
        private readonly int[] _rowMinX;
        private readonly int[] _rowMaxX;
        private readonly int[] _pooledFirst;
        private readonly int[] _pooledLast;

        /// <summary>Prepares the kernel for one input size.</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H, in pixels; H − 4 must be even and positive.</param>
        /// <param name="width">Input width W, in pixels; W − 4 must be even and positive.</param>
        /// <param name="inputOffsets">[C_in] offset r subtracted from each input channel (any int8 value; exact for all).</param>
        /// <param name="name">Layer name used in error messages, e.g. "conv1".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> or <paramref name="inputOffsets"/> is null.</exception>
        /// <exception cref="ArgumentException">A size or the offsets' length does not fit the layer.</exception>
        /// <exception cref="NotSupportedException">K ≠ 5, C_in·25 exceeds <see cref="LanePacking.MaxTaps"/>, or a positive shift could overflow.</exception>
        public SparseConv2DReluPool(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name)
            : this(layer, height, width, inputOffsets, name, null, null, null)
        {
        }

        /// <summary>Prepares the kernel with caller-owned entry lists (shared by kernels that never run at the same time).</summary>
        /// <param name="layer">Layer, K must be 5.</param>
        /// <param name="height">Input height H.</param>
        /// <param name="width">Input width W.</param>
        /// <param name="inputOffsets">[C_in] offsets.</param>
        /// <param name="name">Layer name used in error messages.</param>
        /// <param name="entryBase">Scratch of at least C_in·H·W entries, or null to allocate one.</param>
        /// <param name="entryValue">Scratch of at least C_in·H·W entries, or null to allocate one.</param>
        /// <param name="accumulators">Scratch of at least <see cref="AccumulatorLength"/> entries, or null to allocate one.</param>
        internal SparseConv2DReluPool(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name, int[] entryBase, long[] entryValue, long[] accumulators)
        {
            int taps = FusedConvChecks.Validate(layer, height, width, inputOffsets, name);
            _inputChannels = layer.InputChannels;
            _outputChannels = layer.OutputChannels;
            _height = height;
            _width = width;
            _pairs = (_outputChannels + 1) / 2;
            _inputOffsets = new int[_inputChannels];
            Array.Copy(inputOffsets, _inputOffsets, _inputChannels);
            // Packed weights of channels 2p and 2p+1 at ((p·C_in + ic)·5 + ky)·5 + kx.
            _packedWeights = new long[_pairs * taps];
            for (int p = 0; p < _pairs; p++)
            {
                for (int t = 0; t < taps; t++)
                {
                    _packedWeights[p * taps + t] = LanePacking.PackChannelPair(layer.Weights, _outputChannels, taps, p, t);
                }
            }

            _plan = new RequantizationPlan(name, _outputChannels, layer.Weights, taps, inputOffsets, Taps, layer.Bias,
                layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, true);
            _constantOutput = _plan.ComputeConstantOutput();
            _paddedBias = new int[2 * _pairs];
            Array.Copy(_plan.Bias, _paddedBias, _outputChannels);

            // One accumulator plane, reused pair after pair: OH rows of Margin + OW + Margin columns (output column
            // ox at ox + Margin).
            _stride = width - KernelSize + 1 + 2 * Margin;
            _plane = AccumulatorLength(height, width);
            _ownsAcc = accumulators == null;
            _acc = _ownsAcc ? new long[_plane] : accumulators;
            if (_acc.Length < _plane)
            {
                throw new ArgumentException(name + ": accumulator buffer shorter than " + _plane + ".", "accumulators");
            }
            int inputs = _inputChannels * height * width;
            _ownsEntries = entryBase == null || entryValue == null;
            _entryBase = _ownsEntries ? new int[inputs] : entryBase;
            _entryValue = _ownsEntries ? new long[inputs] : entryValue;
            if (_entryBase.Length < inputs || _entryValue.Length < inputs)
            {
                throw new ArgumentException(name + ": entry lists shorter than " + inputs + " inputs.", "entryBase");
            }
            _rowStart = new int[_inputChannels * height + 1];
            _rowMinX = new int[height];
            _rowMaxX = new int[height];
            _pooledFirst = new int[(height - KernelSize + 1) / 2];
            _pooledLast = new int[(height - KernelSize + 1) / 2];
        }

        /// <summary>Length of the accumulator plane for an H×W input: (H − 4) rows of (W − 4) + 8 columns.</summary>
        /// <param name="height">Input height H.</param>
        /// <param name="width">Input width W.</param>
        /// <returns>Number of int64 accumulators.</returns>
        public static int AccumulatorLength(int height, int width)
        {
            return (height - KernelSize + 1) * (width - KernelSize + 1 + 2 * Margin);
        }

        /// <summary>Output of each channel when every input value equals its channel's offset, [C_out].</summary>
        /// <remarks>For conv1 fed a blank image this is pool1's background; pass it as conv2's input offsets.</remarks>
        public int[] ConstantOutput
        {
            get { return _constantOutput; }
        }

        /// <summary>
        /// Bytes of RAM held by the prepared weights, plan, accumulator plane and scratch (entry lists only when the
        /// kernel owns them; shared lists are counted once by their owner).
        /// </summary>
        public int Bytes
        {
            get
            {
                return 8 * _packedWeights.Length + _plan.Bytes + 4 * (_paddedBias.Length + _constantOutput.Length) + (_ownsAcc ? 8 * _acc.Length : 0)
                    + (_ownsEntries ? 12 * _entryBase.Length : 0) + 4 * _rowStart.Length + 4 * _inputChannels + 8 * (_rowMinX.Length + _pooledFirst.Length);
            }
        }

        /// <summary>Runs conv → clamp → 2×2 max pool.</summary>
        /// <param name="input">[C_in, H, W] int8 input.</param>
        /// <param name="output">[C_out, (H−4)/2, (W−4)/2] int8 pooled output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            int height = _height;
            int width = _width;
            int stride = _stride;
            int inputChannels = _inputChannels;

            // List the non-zero v = q − r_ic row by row; entry base = y·stride + x + Margin is the accumulator
            // index of output (y, x), from which tap (ky, kx) lands at base − ky·stride − kx.
            int[] entryBase = _entryBase;
            long[] entryValue = _entryValue;
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
                for (int y = 0; y < height; y++)
                {
                    int start = count;
                    rowStart[ic * height + y] = start;
                    int rowBase = y * stride + Margin;
                    for (int x = 0; x < width; x++, i++)
                    {
                        int v = input[i] - offset;
                        if (v != 0)
                        {
                            entryBase[count] = rowBase + x;
                            entryValue[count] = v;
                            count++;
                        }
                    }

                    // Column extent of the row's non-zero inputs (entries are in increasing x).
                    if (count > start)
                    {
                        int first = entryBase[start] - rowBase;
                        int last = entryBase[count - 1] - rowBase;
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
                for (int y = 2 * py; y < 2 * py + KernelSize + 1; y++)
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

            long[] acc = _acc;
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
            int t = 0;
            for (int p = 0; p < _pairs; p++)
            {
                // Channel pair p: scatter into the one accumulator plane, then pool and requantize it.
                Array.Clear(acc, 0, _plane);
                for (int ic = 0; ic < inputChannels; ic++)
                {
                    for (int ky = 0; ky < KernelSize; ky++, t += KernelSize)
                    {
                        // Kernel row ky of pair p in locals; input rows ky .. ky + OH − 1 reach output rows 0 .. OH − 1.
                        long w0 = packedWeights[t];
                        long w1 = packedWeights[t + 1];
                        long w2 = packedWeights[t + 2];
                        long w3 = packedWeights[t + 3];
                        long w4 = packedWeights[t + 4];
                        int shift = -ky * stride;
                        int end = rowStart[ic * height + ky + outputHeight];
                        for (int e = rowStart[ic * height + ky]; e < end; e++)
                        {
                            int o = entryBase[e] + shift;
                            long v = entryValue[e];
                            acc[o] += w0 * v;
                            acc[o - 1] += w1 * v;
                            acc[o - 2] += w2 * v;
                            acc[o - 3] += w3 * v;
                            acc[o - 4] += w4 * v;
                        }
                    }
                }

                int biasLow = bias[2 * p];
                int biasHigh = bias[2 * p + 1];
                int lowChannel = 2 * p;
                bool hasHigh = 2 * p + 1 < outputChannels;
                int mLow = multiplier[lowChannel], leftLow = leftMultiplier[lowChannel], rightLow = rightShift[lowChannel], maskLow = roundingMask[lowChannel];
                int mHigh = hasHigh ? multiplier[lowChannel + 1] : 0, leftHigh = hasHigh ? leftMultiplier[lowChannel + 1] : 1;
                int rightHigh = hasHigh ? rightShift[lowChannel + 1] : 0, maskHigh = hasHigh ? roundingMask[lowChannel + 1] : 0;
                for (int py = 0; py < pooledHeight; py++)
                {
                    int last = pooledLast[py];
                    int px = pooledFirst[py];
                    int a = 2 * py * stride + Margin + 2 * px;
                    int o = (lowChannel * pooledHeight + py) * pooledWidth + px;
                    for (; px <= last; px++, a += 2, o++)
                    {
                        // The 2×2 window's four packed accumulators: unpack (LanePacking), add B' in int32
                        // (wrapping like the reference), keep each lane's maximum.
                        long packed = acc[a];
                        int low = (int)((packed << 40) >> 40);
                        int maxLow = biasLow + low;
                        int maxHigh = biasHigh + (int)((packed - low) >> LanePacking.LaneBits);
                        packed = acc[a + 1];
                        low = (int)((packed << 40) >> 40);
                        int accLow = biasLow + low;
                        int accHigh = biasHigh + (int)((packed - low) >> LanePacking.LaneBits);
                        if (accLow > maxLow) { maxLow = accLow; }
                        if (accHigh > maxHigh) { maxHigh = accHigh; }
                        packed = acc[a + stride];
                        low = (int)((packed << 40) >> 40);
                        accLow = biasLow + low;
                        accHigh = biasHigh + (int)((packed - low) >> LanePacking.LaneBits);
                        if (accLow > maxLow) { maxLow = accLow; }
                        if (accHigh > maxHigh) { maxHigh = accHigh; }
                        packed = acc[a + stride + 1];
                        low = (int)((packed << 40) >> 40);
                        accLow = biasLow + low;
                        accHigh = biasHigh + (int)((packed - low) >> LanePacking.LaneBits);
                        if (accLow > maxLow) { maxLow = accLow; }
                        if (accHigh > maxHigh) { maxHigh = accHigh; }

                        // Requantize each pooled maximum once: FixedPoint.MultiplyByQuantizedMultiplier inlined.
                        int y;
                        if (maxLow <= 0 && clampsNonPositive)
                        {
                            y = activationMin;
                        }
                        else
                        {
                            int high = (int)(((long)(maxLow * leftLow) * mLow + (1L << 30)) >> 31);
                            int threshold = (maskLow >> 1) + (high < 0 ? 1 : 0);
                            y = (high >> rightLow) + ((high & maskLow) > threshold ? 1 : 0) + outputZeroPoint;
                            y = y < activationMin ? activationMin : (y > activationMax ? activationMax : y);
                        }

                        output[o] = (sbyte)y;
                        if (!hasHigh)
                        {
                            continue;
                        }

                        if (maxHigh <= 0 && clampsNonPositive)
                        {
                            y = activationMin;
                        }
                        else
                        {
                            int high = (int)(((long)(maxHigh * leftHigh) * mHigh + (1L << 30)) >> 31);
                            int threshold = (maskHigh >> 1) + (high < 0 ? 1 : 0);
                            y = (high >> rightHigh) + ((high & maskHigh) > threshold ? 1 : 0) + outputZeroPoint;
                            y = y < activationMin ? activationMin : (y > activationMax ? activationMax : y);
                        }

                        output[o + pooledPlane] = (sbyte)y;
                    }
                }
            }
        }
    }
}
