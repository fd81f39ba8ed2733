using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// The memory-lean int8 FullyConnected: reads the model's int8 weights in place (no repacked copy), bit-identical
    /// to <see cref="Reference.FullyConnectedReference"/>. Input [N_in] int8, output [N_out] int8, weights
    /// [N_out, N_in] row-major (flat o·N_in + i). Prepared data: the folded bias, 4 bytes per output.
    /// </summary>
    /// <remarks>
    /// Tricks, each exact (docs/runtime.md):
    /// <list type="bullet">
    /// <item>Zero point folded into the bias (<c>B' = Bias + zp_in·Σ W</c>), non-zero inputs <c>v = q − zp_in</c>
    /// compacted into a list once, so ReLU zeros cost nothing in any pass.</item>
    /// <item>Twelve outputs per pass over the list, accumulators in int32 locals (|Σ w·v| ≤ 32767·127·255 &lt; 2^31;
    /// the bias is added afterwards in int32 with the reference's wrap-around). Twelve divides LeNet-5's 120 and 84.
    /// Four listed inputs per step: each accumulator is loaded and stored once per four MACs (8.5 IL per MAC instead
    /// of 10).</item>
    /// <item>Requantization inlined; its left multiplier, right shift and rounding mask are derived from the layer's
    /// shift per output instead of being stored (a few IL per output against 12 bytes per output).</item>
    /// </list>
    /// Against <see cref="FullyConnected"/> (two int8 weights per int32 multiply-add) this costs about twice the IL
    /// per MAC and saves the repacked weights: 2 bytes per weight.
    /// </remarks>
    public sealed class LeanFullyConnected : ILayerKernel
    {
        private const int OutputsPerPass = 12;

        private readonly int _inputs;
        private readonly int _outputs;
        private readonly int _inputZeroPoint;
        private readonly sbyte[] _weights;
        private readonly RequantizationPlan _plan;
        private readonly bool _ownsScratch;
        private readonly short[] _nonzeroIndex;
        private readonly short[] _nonzeroValue;
        private readonly int[] _passAcc = new int[OutputsPerPass];

        /// <summary>Prepares the kernel: folds the input zero point into the bias; the weights stay where they are.</summary>
        /// <param name="layer">The layer, weights [N_out, N_in].</param>
        /// <param name="name">Layer name used in error messages, e.g. "fc1".</param>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
        /// <exception cref="NotSupportedException">A positive shift could overflow int32.</exception>
        public LeanFullyConnected(QuantizedFullyConnected layer, string name)
            : this(layer, name, null, null)
        {
        }

        /// <summary>Prepares the kernel with caller-owned scratch lists (shared by kernels that never run at the same time).</summary>
        /// <param name="layer">The layer, weights [N_out, N_in].</param>
        /// <param name="name">Layer name used in error messages.</param>
        /// <param name="nonzeroIndex">Scratch of at least N_in entries, or null to allocate one.</param>
        /// <param name="nonzeroValue">Scratch of at least N_in entries, or null to allocate one.</param>
        internal LeanFullyConnected(QuantizedFullyConnected layer, string name, short[] nonzeroIndex, short[] nonzeroValue)
        {
            if (layer == null)
            {
                throw new ArgumentNullException("layer");
            }

            if (layer.InputFeatures > short.MaxValue)
            {
                throw new NotSupportedException(name + ": " + layer.InputFeatures + " inputs exceed the int16 index list.");
            }

            _inputs = layer.InputFeatures;
            _outputs = layer.OutputFeatures;
            _inputZeroPoint = layer.InputZeroPoint;
            _weights = layer.Weights;
            _plan = new RequantizationPlan(name, _outputs, layer.Weights, _inputs, new int[] { _inputZeroPoint }, _inputs, layer.Bias,
                layer.OutputMultiplier, layer.OutputShift, layer.OutputZeroPoint, layer.ActivationMin, layer.ActivationMax, false);
            _ownsScratch = nonzeroIndex == null || nonzeroValue == null;
            _nonzeroIndex = _ownsScratch ? new short[_inputs] : nonzeroIndex;
            _nonzeroValue = _ownsScratch ? new short[_inputs] : nonzeroValue;
            if (_nonzeroIndex.Length < _inputs || _nonzeroValue.Length < _inputs)
            {
                throw new ArgumentException(name + ": scratch lists shorter than " + _inputs + " inputs.", "nonzeroIndex");
            }
        }

        /// <summary>Bytes of RAM held by the folded bias, the pass accumulators and, when owned, the scratch lists.</summary>
        public int Bytes
        {
            get { return _plan.Bytes + 4 * OutputsPerPass + (_ownsScratch ? 4 * _inputs : 0); }
        }

        /// <summary>Computes <c>output[o] = clamp(MBQM(Bias[o] + Σ_i W[o,i]·input[i]) + zp_out)</c>.</summary>
        /// <param name="input">[N_in] int8 input.</param>
        /// <param name="output">[N_out] int8 output.</param>
        public void Run(sbyte[] input, sbyte[] output)
        {
            // Compact the non-zero inputs v = q − zp_in (ReLU zeros and background are skipped); |v| ≤ 255.
            short[] nonzeroIndex = _nonzeroIndex;
            short[] nonzeroValue = _nonzeroValue;
            int inputs = _inputs;
            int zeroPoint = _inputZeroPoint;
            int count = 0;
            for (int i = 0; i < inputs; i++)
            {
                int v = input[i] - zeroPoint;
                if (v != 0)
                {
                    nonzeroIndex[count] = (short)i;
                    nonzeroValue[count] = (short)v;
                    count++;
                }
            }

            sbyte[] w = _weights;
            int[] bias = _plan.Bias;
            int[] multiplier = _plan.Multiplier;
            int[] shift = _plan.Shift;
            int outputZeroPoint = _plan.OutputZeroPoint;
            int activationMin = _plan.ActivationMin;
            int activationMax = _plan.ActivationMax;
            bool clampsNonPositive = _plan.ClampsNonPositive;
            int outputs = _outputs;
            int lastRow = (outputs - 1) * inputs;
            int[] passAcc = _passAcc;
            for (int first = 0; first < outputs; first += OutputsPerPass)
            {
                // Row starts of outputs first .. first + 11 in W; outputs past the end re-read the last row (discarded).
                int r0 = first * inputs;
                int r1 = r0 + inputs, r2 = r1 + inputs, r3 = r2 + inputs, r4 = r3 + inputs, r5 = r4 + inputs;
                int r6 = r5 + inputs, r7 = r6 + inputs, r8 = r7 + inputs, r9 = r8 + inputs, r10 = r9 + inputs, r11 = r10 + inputs;
                if (r11 > lastRow)
                {
                    r1 = r1 > lastRow ? lastRow : r1; r2 = r2 > lastRow ? lastRow : r2; r3 = r3 > lastRow ? lastRow : r3;
                    r4 = r4 > lastRow ? lastRow : r4; r5 = r5 > lastRow ? lastRow : r5; r6 = r6 > lastRow ? lastRow : r6;
                    r7 = r7 > lastRow ? lastRow : r7; r8 = r8 > lastRow ? lastRow : r8; r9 = r9 > lastRow ? lastRow : r9;
                    r10 = r10 > lastRow ? lastRow : r10; r11 = lastRow;
                }

                // Four listed inputs per step: one load and store of each accumulator per four MACs (int32 addition
                // wraps the same in any order), then the remaining zero to three inputs one by one.
                int a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0;
                int k = 0;
                for (int quadEnd = count - 3; k < quadEnd; k += 4)
                {
                    int i0 = nonzeroIndex[k], i1 = nonzeroIndex[k + 1], i2 = nonzeroIndex[k + 2], i3 = nonzeroIndex[k + 3];
                    int v0 = nonzeroValue[k], v1 = nonzeroValue[k + 1], v2 = nonzeroValue[k + 2], v3 = nonzeroValue[k + 3];
                    a0 += w[r0 + i0] * v0 + w[r0 + i1] * v1 + w[r0 + i2] * v2 + w[r0 + i3] * v3;
                    a1 += w[r1 + i0] * v0 + w[r1 + i1] * v1 + w[r1 + i2] * v2 + w[r1 + i3] * v3;
                    a2 += w[r2 + i0] * v0 + w[r2 + i1] * v1 + w[r2 + i2] * v2 + w[r2 + i3] * v3;
                    a3 += w[r3 + i0] * v0 + w[r3 + i1] * v1 + w[r3 + i2] * v2 + w[r3 + i3] * v3;
                    a4 += w[r4 + i0] * v0 + w[r4 + i1] * v1 + w[r4 + i2] * v2 + w[r4 + i3] * v3;
                    a5 += w[r5 + i0] * v0 + w[r5 + i1] * v1 + w[r5 + i2] * v2 + w[r5 + i3] * v3;
                    a6 += w[r6 + i0] * v0 + w[r6 + i1] * v1 + w[r6 + i2] * v2 + w[r6 + i3] * v3;
                    a7 += w[r7 + i0] * v0 + w[r7 + i1] * v1 + w[r7 + i2] * v2 + w[r7 + i3] * v3;
                    a8 += w[r8 + i0] * v0 + w[r8 + i1] * v1 + w[r8 + i2] * v2 + w[r8 + i3] * v3;
                    a9 += w[r9 + i0] * v0 + w[r9 + i1] * v1 + w[r9 + i2] * v2 + w[r9 + i3] * v3;
                    a10 += w[r10 + i0] * v0 + w[r10 + i1] * v1 + w[r10 + i2] * v2 + w[r10 + i3] * v3;
                    a11 += w[r11 + i0] * v0 + w[r11 + i1] * v1 + w[r11 + i2] * v2 + w[r11 + i3] * v3;
                }

                for (; k < count; k++)
                {
                    int i = nonzeroIndex[k];
                    int v = nonzeroValue[k];
                    a0 += w[r0 + i] * v; a1 += w[r1 + i] * v; a2 += w[r2 + i] * v; a3 += w[r3 + i] * v;
                    a4 += w[r4 + i] * v; a5 += w[r5 + i] * v; a6 += w[r6 + i] * v; a7 += w[r7 + i] * v;
                    a8 += w[r8 + i] * v; a9 += w[r9 + i] * v; a10 += w[r10 + i] * v; a11 += w[r11 + i] * v;
                }

                passAcc[0] = a0; passAcc[1] = a1; passAcc[2] = a2; passAcc[3] = a3; passAcc[4] = a4; passAcc[5] = a5;
                passAcc[6] = a6; passAcc[7] = a7; passAcc[8] = a8; passAcc[9] = a9; passAcc[10] = a10; passAcc[11] = a11;
                int o = first;
                for (int lane = 0; lane < OutputsPerPass && o < outputs; lane++, o++)
                {
                    int acc = bias[o] + passAcc[lane];

                    // Requantization: FixedPoint.MultiplyByQuantizedMultiplier inlined (see RequantizationPlan), with
                    // x = acc·2^left, then the rounding right shift by `right` (mask = 2^right − 1, wraps correctly at 31).
                    int y;
                    if (acc <= 0 && clampsNonPositive)
                    {
                        y = activationMin;
                    }
                    else
                    {
                        int s = shift[o];
                        int left = s > 0 ? s : 0;
                        int right = s > 0 ? 0 : -s;
                        int high = (int)(((long)(acc << left) * multiplier[o] + (1L << 30)) >> 31);
                        int mask = (1 << right) - 1;
                        int threshold = (mask >> 1) + (high < 0 ? 1 : 0);
                        y = (high >> right) + ((high & mask) > threshold ? 1 : 0) + outputZeroPoint;
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
