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
    /// <item>Two output channels per 64-bit multiply-add (<see cref="LanePacking"/>), eight such pairs per pass over
    /// the list: the eight accumulators live in locals and each input is loaded once per pass.</item>
    /// <item>Requantization inlined (no calls), with the ReLU shortcut acc ≤ 0 → ActivationMin.</item>
    /// </list>
    /// </remarks>
    public sealed class FullyConnected : ILayerKernel
    {
        private const int PairsPerPass = 8;

        private readonly int _inputs;
        private readonly int _outputs;
        private readonly int _passes;
        private readonly int _inputZeroPoint;
        private readonly int[][] _pairWeights;
        private readonly RequantizationPlan _plan;
        private readonly int[] _nonzeroIndex;
        private readonly long[] _nonzeroValue;
        private readonly bool _ownsScratch;
        private readonly long[] _passAcc = new long[PairsPerPass];

        /// <summary>Prepares the kernel: packs the weights pairwise and folds the input zero point into the bias.</summary>
        /// <param name="layer">The layer, weights [N_out, N_in].</param>
        /// <param name="name">Layer name used in error messages, e.g. "fc1".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
        /// <exception cref="NotSupportedException">N_in exceeds <see cref="LanePacking.MaxTaps"/>, or a positive shift could overflow.</exception>
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

            LanePacking.CheckTaps(layer.InputFeatures, name);
            _inputs = layer.InputFeatures;
            _outputs = layer.OutputFeatures;
            _inputZeroPoint = layer.InputZeroPoint;
            int pairs = (_outputs + 1) / 2;
            _passes = (pairs + PairsPerPass - 1) / PairsPerPass;
            _pairWeights = LanePacking.PackPairRows(layer.Weights, _outputs, _inputs, _passes * PairsPerPass);

            _plan = new RequantizationPlan(name, _outputs, layer.Weights, _inputs, new int[] { _inputZeroPoint }, _inputs, layer.Bias,
                layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, true);
            _ownsScratch = nonzeroIndex == null || nonzeroValue == null;
            _nonzeroIndex = _ownsScratch ? new int[_inputs] : nonzeroIndex;
            _nonzeroValue = _ownsScratch ? new long[_inputs] : nonzeroValue;
            if (_nonzeroIndex.Length < _inputs || _nonzeroValue.Length < _inputs)
            {
                throw new ArgumentException(name + ": scratch lists shorter than " + _inputs + " inputs.", "nonzeroIndex");
            }
        }

        /// <summary>
        /// Bytes of RAM held by the prepared weights (rows and the 4-byte row references of a 32-bit device) and the
        /// bias plan, plus the scratch lists when the kernel owns them (shared scratch is counted once by its owner).
        /// </summary>
        public int Bytes
        {
            get { return (_outputs + 1) / 2 * 4 * _inputs + 4 * _pairWeights.Length + _plan.Bytes + (_ownsScratch ? 12 * _inputs : 0) + 8 * PairsPerPass; }
        }

        /// <summary>Computes <c>output[o] = clamp(MBQM(Bias[o] + Σ_i W[o,i]·input[i]) + zp_out)</c>.</summary>
        /// <param name="input">[N_in] int8 input.</param>
        /// <param name="output">[N_out] int8 output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            // Compact the non-zero inputs v = q − zp_in (ReLU zeros and background are skipped).
            int[] nonzeroIndex = _nonzeroIndex;
            long[] nonzeroValue = _nonzeroValue;
            int zeroPoint = _inputZeroPoint;
            int count = 0;
            for (int i = 0; i < _inputs; i++)
            {
                int v = input[i] - zeroPoint;
                if (v != 0)
                {
                    nonzeroIndex[count] = i;
                    nonzeroValue[count] = v;
                    count++;
                }
            }

            int[] bias = _plan.Bias;
            int[] multiplier = _plan.Multiplier;
            int[] leftMultiplier = _plan.LeftMultiplier;
            int[] rightShift = _plan.RightShift;
            int[] roundingMask = _plan.RoundingMask;
            int outputZeroPoint = _plan.OutputZeroPoint;
            int activationMin = _plan.ActivationMin;
            int activationMax = _plan.ActivationMax;
            bool clampsNonPositive = _plan.ClampsNonPositive;
            int outputs = _outputs;
            long[] passAcc = _passAcc;
            int[][] pairWeights = _pairWeights;
            for (int pass = 0; pass < _passes; pass++)
            {
                // Eight channel pairs (16 outputs) per pass: weights w_p[i] = W[2p, i] + W[2p+1, i]·2^24.
                int first = PairsPerPass * pass;
                int[] w0 = pairWeights[first], w1 = pairWeights[first + 1], w2 = pairWeights[first + 2], w3 = pairWeights[first + 3];
                int[] w4 = pairWeights[first + 4], w5 = pairWeights[first + 5], w6 = pairWeights[first + 6], w7 = pairWeights[first + 7];
                long a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
                for (int k = 0; k < count; k++)
                {
                    int i = nonzeroIndex[k];
                    long v = nonzeroValue[k];
                    a0 += w0[i] * v; a1 += w1[i] * v; a2 += w2[i] * v; a3 += w3[i] * v;
                    a4 += w4[i] * v; a5 += w5[i] * v; a6 += w6[i] * v; a7 += w7[i] * v;
                }

                passAcc[0] = a0; passAcc[1] = a1; passAcc[2] = a2; passAcc[3] = a3;
                passAcc[4] = a4; passAcc[5] = a5; passAcc[6] = a6; passAcc[7] = a7;
                int o = 2 * PairsPerPass * pass;
                for (int lane = 0; lane < 2 * PairsPerPass && o < outputs; lane++, o++)
                {
                    // Even lanes: low 24 bits, sign-extended; odd lanes: the rest (LanePacking).
                    long packed = passAcc[lane >> 1];
                    int low = (int)((packed << 40) >> 40);
                    int acc = bias[o] + ((lane & 1) == 0 ? low : (int)((packed - low) >> LanePacking.LaneBits));

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
