using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The fast int8 FullyConnected: bit-identical to <see cref="Reference.FullyConnectedReference"/>, built for an
    /// IL interpreter. Input [N_in] int8, output [N_out] int8.
    /// </summary>
    /// <remarks>
    /// Tricks, each exact (docs/runtime.md):
    /// <list type="bullet">
    /// <item>Zero point folded into the bias: <c>acc = Bias + Σ W·q = B' + Σ W·(q − zp_in)</c> with
    /// <c>B' = Bias + zp_in·Σ W</c> precomputed, so ReLU zeros (q = zp_in) contribute nothing and are skipped:
    /// the input is first compacted into a list of its non-zero <c>v = q − zp_in</c>.</item>
    /// <item>Three output channels per 64-bit multiply-add (<see cref="TripleLanes"/>: 21-bit lanes, centred, the dot
    /// product split into chunks of inputs when a lane could not fit 21 bits), eight such groups (24 outputs) per pass
    /// over the list: the eight accumulators live in locals and each input is loaded once per pass
    /// (fc1's 120 outputs: 5 passes). Four listed inputs per step, so each accumulator is loaded and stored once per
    /// four multiply-adds (6.5 IL per three MACs instead of 8).</item>
    /// <item>Requantization inlined (no calls), with the ReLU shortcut acc ≤ 0 → ActivationMin.</item>
    /// </list>
    /// </remarks>
    public sealed class FullyConnected : ILayerKernel
    {
        private const int GroupsPerPass = 8;
        private const int LanesPerPass = TripleLanes.Lanes * GroupsPerPass;

        private readonly int _inputs;
        private readonly int _outputs;
        private readonly int _passes;
        private readonly int _groups;
        private readonly int _inputZeroPoint;
        private readonly long[][] _groupWeights;
        private readonly RequantizationPlan _plan;
        private readonly int[] _paddedBias;
        private readonly int[] _chunkEnds;
        private readonly long[] _laneStarts;
        private readonly int[] _listEnds;
        private readonly int[] _nonzeroIndex;
        private readonly long[] _nonzeroValue;
        private readonly bool _ownsScratch;
        private readonly int[] _passSums = new int[LanesPerPass];

        /// <summary>Prepares the kernel: packs the weights in channel triples and folds the input zero point into the bias.</summary>
        /// <param name="layer">The layer, weights [N_out, N_in].</param>
        /// <param name="name">Layer name used in error messages, e.g. "fc1".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
        /// <exception cref="NotSupportedException">A positive shift could overflow.</exception>
        public FullyConnected(QuantizedFullyConnected layer, string name)
            : this(layer, name, null, null)
        {
        }

        /// <summary>Prepares the kernel with caller-owned scratch lists (shared by kernels that never run at the same time).</summary>
        /// <param name="layer">The layer, weights [N_out, N_in].</param>
        /// <param name="name">Layer name used in error messages.</param>
        /// <param name="nonzeroIndex">Scratch of at least N_in entries, or null to allocate one.</param>
        /// <param name="nonzeroValue">Scratch of at least N_in entries, or null to allocate one.</param>
        internal FullyConnected(QuantizedFullyConnected layer, string name, int[] nonzeroIndex, long[] nonzeroValue)
        {
            if (layer == null)
            {
                throw new ArgumentNullException("layer");
            }

            _inputs = layer.InputFeatures;
            _outputs = layer.OutputFeatures;
            _inputZeroPoint = layer.InputZeroPoint;
            _groups = (_outputs + TripleLanes.Lanes - 1) / TripleLanes.Lanes;
            _passes = (_groups + GroupsPerPass - 1) / GroupsPerPass;

            // Row g: w_g[i] = W[3g, i] + W[3g+1, i]·2^21 + W[3g+2, i]·2^42; padding rows of the last pass alias the
            // last real row (their sums are computed and never stored).
            _groupWeights = new long[_passes * GroupsPerPass][];
            for (int g = 0; g < _groups; g++)
            {
                long[] row = new long[_inputs];
                for (int i = 0; i < _inputs; i++)
                {
                    row[i] = TripleLanes.PackChannelGroup(layer.Weights, _outputs, _inputs, g, i);
                }

                _groupWeights[g] = row;
            }

            for (int g = _groups; g < _groupWeights.Length; g++)
            {
                _groupWeights[g] = _groupWeights[_groups - 1];
            }

            _plan = new RequantizationPlan(name, _outputs, layer.Weights, _inputs, new int[] { _inputZeroPoint }, _inputs, layer.Bias,
                layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, true);
            _paddedBias = new int[_groupWeights.Length * TripleLanes.Lanes];
            Array.Copy(_plan.Bias, _paddedBias, _outputs);
            _chunkEnds = TripleLanes.Chunks(layer.Weights, _outputs, _inputs, 1);
            _laneStarts = TripleLanes.CentredStarts(layer.Weights, _outputs, _inputs, 1, new int[] { _inputZeroPoint }, _chunkEnds,
                _groupWeights.Length, _paddedBias);
            _listEnds = new int[_chunkEnds.Length];
            _ownsScratch = nonzeroIndex == null || nonzeroValue == null;
            _nonzeroIndex = _ownsScratch ? new int[_inputs] : nonzeroIndex;
            _nonzeroValue = _ownsScratch ? new long[_inputs] : nonzeroValue;
            if (_nonzeroIndex.Length < _inputs || _nonzeroValue.Length < _inputs)
            {
                throw new ArgumentException(name + ": scratch lists shorter than " + _inputs + " inputs.", "nonzeroIndex");
            }
        }

        /// <summary>Chunks of inputs the dot product is split into (1 when every lane width fits 21 bits).</summary>
        public int Chunks
        {
            get { return _chunkEnds.Length; }
        }

        /// <summary>
        /// Bytes of RAM held by the prepared weights (rows and the 4-byte row references of a 32-bit device), the bias
        /// plan and lane starts, plus the scratch lists when the kernel owns them (shared scratch is counted once by its owner).
        /// </summary>
        public int Bytes
        {
            get
            {
                return 8 * _groups * _inputs + 4 * _groupWeights.Length + _plan.Bytes + (_ownsScratch ? 12 * _inputs : 0)
                    + 8 * _laneStarts.Length + 4 * (_paddedBias.Length + 2 * _chunkEnds.Length + LanesPerPass);
            }
        }

        /// <summary>Computes <c>output[o] = clamp(MBQM(Bias[o] + Σ_i W[o,i]·input[i]) + zp_out)</c>.</summary>
        /// <param name="input">[N_in] int8 input.</param>
        /// <param name="output">[N_out] int8 output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            // Compact the non-zero inputs v = q − zp_in (ReLU zeros and background are skipped), chunk by chunk:
            // chunk k's entries are list[listEnds[k − 1] .. listEnds[k]).
            int[] nonzeroIndex = _nonzeroIndex;
            long[] nonzeroValue = _nonzeroValue;
            int[] chunkEnds = _chunkEnds;
            int[] listEnds = _listEnds;
            int chunks = chunkEnds.Length;
            int zeroPoint = _inputZeroPoint;
            int count = 0;
            int i = 0;
            for (int k = 0; k < chunks; k++)
            {
                for (int end = chunkEnds[k]; i < end; i++)
                {
                    int v = input[i] - zeroPoint;
                    if (v != 0)
                    {
                        nonzeroIndex[count] = i;
                        nonzeroValue[count] = v;
                        count++;
                    }
                }

                listEnds[k] = count;
            }

            int[] bias = _paddedBias;
            long[] laneStarts = _laneStarts;
            int startStride = _groupWeights.Length;
            int[] multiplier = _plan.Multiplier;
            int[] leftMultiplier = _plan.LeftMultiplier;
            int[] rightShift = _plan.RightShift;
            int[] roundingMask = _plan.RoundingMask;
            int outputZeroPoint = _plan.OutputZeroPoint;
            int activationMin = _plan.ActivationMin;
            int activationMax = _plan.ActivationMax;
            bool clampsNonPositive = _plan.ClampsNonPositive;
            int outputs = _outputs;
            int[] sums = _passSums;
            long[][] groupWeights = _groupWeights;
            for (int pass = 0; pass < _passes; pass++)
            {
                // Eight channel groups (24 outputs) per pass; the sums start at B' (lane centres included).
                int first = GroupsPerPass * pass;
                long[] w0 = groupWeights[first], w1 = groupWeights[first + 1], w2 = groupWeights[first + 2], w3 = groupWeights[first + 3];
                long[] w4 = groupWeights[first + 4], w5 = groupWeights[first + 5], w6 = groupWeights[first + 6], w7 = groupWeights[first + 7];
                for (int l = 0, b = LanesPerPass * pass; l < LanesPerPass; l++, b++)
                {
                    sums[l] = bias[b];
                }

                int e = 0;
                for (int k = 0; k < chunks; k++)
                {
                    int s = k * startStride + first;
                    long a0 = laneStarts[s], a1 = laneStarts[s + 1], a2 = laneStarts[s + 2], a3 = laneStarts[s + 3];
                    long a4 = laneStarts[s + 4], a5 = laneStarts[s + 5], a6 = laneStarts[s + 6], a7 = laneStarts[s + 7];
                    // Four listed inputs per step (one load and store of each accumulator per four multiply-adds; int64
                    // addition wraps the same in any order, and the lanes are read only after the chunk), then the rest.
                    int end = listEnds[k];
                    for (int quadEnd = end - 3; e < quadEnd; e += 4)
                    {
                        int j0 = nonzeroIndex[e], j1 = nonzeroIndex[e + 1], j2 = nonzeroIndex[e + 2], j3 = nonzeroIndex[e + 3];
                        long v0 = nonzeroValue[e], v1 = nonzeroValue[e + 1], v2 = nonzeroValue[e + 2], v3 = nonzeroValue[e + 3];
                        a0 += w0[j0] * v0 + w0[j1] * v1 + w0[j2] * v2 + w0[j3] * v3;
                        a1 += w1[j0] * v0 + w1[j1] * v1 + w1[j2] * v2 + w1[j3] * v3;
                        a2 += w2[j0] * v0 + w2[j1] * v1 + w2[j2] * v2 + w2[j3] * v3;
                        a3 += w3[j0] * v0 + w3[j1] * v1 + w3[j2] * v2 + w3[j3] * v3;
                        a4 += w4[j0] * v0 + w4[j1] * v1 + w4[j2] * v2 + w4[j3] * v3;
                        a5 += w5[j0] * v0 + w5[j1] * v1 + w5[j2] * v2 + w5[j3] * v3;
                        a6 += w6[j0] * v0 + w6[j1] * v1 + w6[j2] * v2 + w6[j3] * v3;
                        a7 += w7[j0] * v0 + w7[j1] * v1 + w7[j2] * v2 + w7[j3] * v3;
                    }

                    for (; e < end; e++)
                    {
                        int j = nonzeroIndex[e];
                        long v = nonzeroValue[e];
                        a0 += w0[j] * v; a1 += w1[j] * v; a2 += w2[j] * v; a3 += w3[j] * v;
                        a4 += w4[j] * v; a5 += w5[j] * v; a6 += w6[j] * v; a7 += w7[j] * v;
                    }

                    // Extract the three 21-bit lanes of each group (TripleLanes) and add them to the int32 sums,
                    // wrapping like the reference's accumulator.
                    int lane;
                    lane = (int)((a0 << 43) >> 43); sums[0] += lane; a0 = (a0 - lane) >> 21; lane = (int)((a0 << 43) >> 43); sums[1] += lane; sums[2] += (int)((a0 - lane) >> 21);
                    lane = (int)((a1 << 43) >> 43); sums[3] += lane; a1 = (a1 - lane) >> 21; lane = (int)((a1 << 43) >> 43); sums[4] += lane; sums[5] += (int)((a1 - lane) >> 21);
                    lane = (int)((a2 << 43) >> 43); sums[6] += lane; a2 = (a2 - lane) >> 21; lane = (int)((a2 << 43) >> 43); sums[7] += lane; sums[8] += (int)((a2 - lane) >> 21);
                    lane = (int)((a3 << 43) >> 43); sums[9] += lane; a3 = (a3 - lane) >> 21; lane = (int)((a3 << 43) >> 43); sums[10] += lane; sums[11] += (int)((a3 - lane) >> 21);
                    lane = (int)((a4 << 43) >> 43); sums[12] += lane; a4 = (a4 - lane) >> 21; lane = (int)((a4 << 43) >> 43); sums[13] += lane; sums[14] += (int)((a4 - lane) >> 21);
                    lane = (int)((a5 << 43) >> 43); sums[15] += lane; a5 = (a5 - lane) >> 21; lane = (int)((a5 << 43) >> 43); sums[16] += lane; sums[17] += (int)((a5 - lane) >> 21);
                    lane = (int)((a6 << 43) >> 43); sums[18] += lane; a6 = (a6 - lane) >> 21; lane = (int)((a6 << 43) >> 43); sums[19] += lane; sums[20] += (int)((a6 - lane) >> 21);
                    lane = (int)((a7 << 43) >> 43); sums[21] += lane; a7 = (a7 - lane) >> 21; lane = (int)((a7 << 43) >> 43); sums[22] += lane; sums[23] += (int)((a7 - lane) >> 21);
                }

                int o = LanesPerPass * pass;
                for (int l = 0; l < LanesPerPass && o < outputs; l++, o++)
                {
                    int acc = sums[l];

                    // Requantization: FixedPoint.MultiplyByQuantizedMultiplier inlined (see RequantizationPlan).
                    int y;
                    if (acc <= 0 && clampsNonPositive)
                    {
                        y = activationMin;
                    }
                    else
                    {
                        int high = (int)(((long)(acc * leftMultiplier[o]) * multiplier[o] + (1L << 30)) >> 31);
                        int mask = roundingMask[o];
                        int threshold = (mask >> 1) + (high < 0 ? 1 : 0);
                        y = (high >> rightShift[o]) + ((high & mask) > threshold ? 1 : 0) + outputZeroPoint;
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
