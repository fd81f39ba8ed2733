using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// Per-output-channel requantization parameters prepared once, so a kernel can inline
    /// <see cref="FixedPoint.MultiplyByQuantizedMultiplier"/> without calls: the bias with the input offsets
    /// folded in and, when expanded, the left-shift factor, the right shift and its rounding mask.
    /// </summary>
    /// <remarks>
    /// Inlined form, bit-identical to FixedPoint (gemmlowp SaturatingRoundingDoublingHighMul then
    /// RoundingDivideByPOT, TFLite's double rounding):
    /// <code>x    = acc · LeftMultiplier[c]                         (int32, wraps exactly like the reference)
    /// high = (int)((x · Multiplier[c] + 2^30) &gt;&gt; 31)          (round half up; never saturates: Multiplier ≥ 0)
    /// q    = (high &gt;&gt; RightShift[c]) + (rem &gt; (mask &gt;&gt; 1) + (high &lt; 0 ? 1 : 0) ? 1 : 0),  rem = high &amp; mask</code>
    /// Memory: <see cref="Multiplier"/> and <see cref="Shift"/> are the layer's own arrays (no copy). The expanded
    /// arrays cost 12 bytes per channel and save about ten IL instructions per requantization; a compact plan leaves
    /// them null and the kernel derives them from <see cref="Shift"/> (the lean fully connected kernels do).
    /// </remarks>
    internal sealed class RequantizationPlan
    {
        /// <summary>Bias with the input offsets folded in: <c>Bias[c] + Σ_i offset_i · W[c, i]</c> (int32, wrapping like the reference).</summary>
        internal readonly int[] Bias;

        /// <summary>Q0.31 multiplier per channel: the layer's array, shared.</summary>
        internal readonly int[] Multiplier;

        /// <summary>Shift per channel, positive = left: the layer's array, shared.</summary>
        internal readonly int[] Shift;

        /// <summary><c>2^max(shift, 0)</c> per channel; null in a compact plan.</summary>
        internal readonly int[] LeftMultiplier;

        /// <summary><c>max(−shift, 0)</c> per channel; null in a compact plan.</summary>
        internal readonly int[] RightShift;

        /// <summary><c>2^RightShift − 1</c> per channel; null in a compact plan.</summary>
        internal readonly int[] RoundingMask;

        /// <summary>Output zero point.</summary>
        internal readonly int OutputZeroPoint;

        /// <summary>Lower clamp.</summary>
        internal readonly int ActivationMin;

        /// <summary>Upper clamp.</summary>
        internal readonly int ActivationMax;

        /// <summary>
        /// True when <c>OutputZeroPoint ≤ ActivationMin</c> (a fused ReLU): then every acc ≤ 0 requantizes to
        /// ActivationMin, because requantization is monotone and maps 0 to 0.
        /// </summary>
        internal readonly bool ClampsNonPositive;

        /// <summary>Prepares the plan and checks that requantization is monotone over every reachable accumulator.</summary>
        /// <param name="layer">Layer name for messages.</param>
        /// <param name="channels">Output channels.</param>
        /// <param name="weights">Weights, [C, taps] flat.</param>
        /// <param name="taps">Weights per channel.</param>
        /// <param name="inputOffsets">Input offset per input channel: tap t has offset inputOffsets[t / tapsPerOffset];
        /// the folded bias adds Σ offset·w.</param>
        /// <param name="tapsPerOffset">Consecutive taps sharing one offset (K·K for a conv, N_in for a fully connected layer).</param>
        /// <param name="bias">Layer bias, [C].</param>
        /// <param name="multiplier">Q0.31 multipliers, [C].</param>
        /// <param name="shift">Shifts, [C].</param>
        /// <param name="outputZeroPoint">Output zero point.</param>
        /// <param name="activationMin">Lower clamp.</param>
        /// <param name="activationMax">Upper clamp.</param>
        /// <param name="expanded">Whether to precompute <see cref="LeftMultiplier"/>, <see cref="RightShift"/> and <see cref="RoundingMask"/>.</param>
        /// <exception cref="NotSupportedException">A channel with a positive shift could overflow int32 before the high multiply.</exception>
        internal RequantizationPlan(string layer, int channels, sbyte[] weights, int taps, int[] inputOffsets, int tapsPerOffset, int[] bias,
            int[] multiplier, int[] shift, int outputZeroPoint, int activationMin, int activationMax, bool expanded)
        {
            Bias = new int[channels];
            Multiplier = multiplier;
            Shift = shift;
            if (expanded)
            {
                LeftMultiplier = new int[channels];
                RightShift = new int[channels];
                RoundingMask = new int[channels];
            }

            OutputZeroPoint = outputZeroPoint;
            ActivationMin = activationMin;
            ActivationMax = activationMax;
            ClampsNonPositive = outputZeroPoint <= activationMin;
            for (int c = 0; c < channels; c++)
            {
                int folded = bias[c];
                long exactFolded = bias[c];
                long reach = 0;
                for (int t = 0; t < taps; t++)
                {
                    int w = weights[c * taps + t];
                    int offset = inputOffsets[t / tapsPerOffset];
                    folded += offset * w;
                    exactFolded += (long)offset * w;
                    reach += (w < 0 ? -w : w) * 255L;
                }

                int left = shift[c] > 0 ? shift[c] : 0;
                int right = shift[c] > 0 ? 0 : -shift[c];
                if (left > 0 && (((exactFolded < 0 ? -exactFolded : exactFolded) + reach) << left) > int.MaxValue)
                {
                    // TFLite's MultiplyByQuantizedMultiplier leaves x·2^shift overflow to the caller; the fused
                    // kernels rely on monotone requantization, so they refuse such a channel up front.
                    throw new NotSupportedException(layer + " channel " + c + ": shift +" + left + " lets |acc|·2^" + left
                        + " exceed int32 (|acc| can reach " + ((exactFolded < 0 ? -exactFolded : exactFolded) + reach) + ").");
                }

                Bias[c] = folded;
                if (expanded)
                {
                    LeftMultiplier[c] = 1 << left;
                    RightShift[c] = right;
                    RoundingMask[c] = (int)((1L << right) - 1);
                }
            }
        }

        /// <summary>Bytes held by the plan's own arrays (the shared multiplier and shift arrays are the model's).</summary>
        internal int Bytes
        {
            get { return 4 * (Bias.Length + (LeftMultiplier == null ? 0 : 3 * Bias.Length)); }
        }

        /// <summary>
        /// Requantizes <paramref name="count"/> accumulators, <c>values[c]</c> for channel firstChannel + c, into
        /// <c>output[o + c·stride]</c>: <see cref="FixedPoint.MultiplyByQuantizedMultiplier"/> inlined as above, plus the
        /// output zero point and the clamp. Needs an expanded plan. The gathers call it once per pooled window: it keeps
        /// their unrolled Run within nanoFramework's 255 locals per method in Debug builds (CLR_RECORD_METHODDEF.localsCount
        /// is a byte).
        /// </summary>
        /// <param name="values">[≥ count] accumulators (pooled maxima), int32.</param>
        /// <param name="firstChannel">Channel of values[0].</param>
        /// <param name="count">Channels to requantize.</param>
        /// <param name="output">Int8 output tensor.</param>
        /// <param name="o">Flat index of the first channel's output.</param>
        /// <param name="stride">Distance between consecutive channels' outputs (a plane, for NCHW).</param>
        internal void RequantizeLanes(int[] values, int firstChannel, int count, sbyte[] output, int o, int stride)
        {
            int[] multiplier = Multiplier;
            int[] leftMultiplier = LeftMultiplier;
            int[] rightShift = RightShift;
            int[] roundingMask = RoundingMask;
            int outputZeroPoint = OutputZeroPoint;
            int activationMin = ActivationMin;
            int activationMax = ActivationMax;
            bool clampsNonPositive = ClampsNonPositive;
            for (int c = 0; c < count; c++, o += stride)
            {
                int oc = firstChannel + c;
                int acc = values[c];
                int y;
                if (acc <= 0 && clampsNonPositive)
                {
                    y = activationMin;
                }
                else
                {
                    int high = (int)(((long)(acc * leftMultiplier[oc]) * multiplier[oc] + (1L << 30)) >> 31);
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

        /// <summary>
        /// Output of each channel when every input equals its offset (acc = folded bias), [C]; a new array, for the
        /// kernels that keep it (a conv layer's background, passed on as the next layer's input offsets).
        /// </summary>
        /// <returns>The constant outputs, in [ActivationMin, ActivationMax].</returns>
        internal int[] ComputeConstantOutput()
        {
            int[] constant = new int[Bias.Length];
            for (int c = 0; c < constant.Length; c++)
            {
                int y = FixedPoint.MultiplyByQuantizedMultiplier(Bias[c], Multiplier[c], Shift[c]) + OutputZeroPoint;
                constant[c] = y < ActivationMin ? ActivationMin : (y > ActivationMax ? ActivationMax : y);
            }

            return constant;
        }
    }
}
