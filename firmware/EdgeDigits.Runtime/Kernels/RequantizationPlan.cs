using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// Per-output-channel requantization parameters prepared once, so a kernel can inline
    /// <see cref="FixedPoint.MultiplyByQuantizedMultiplier"/> without calls: the bias with the input offsets
    /// folded in, the left-shift factor, the right shift and its rounding mask.
    /// </summary>
    /// <remarks>
    /// Inlined form, bit-identical to FixedPoint (gemmlowp SaturatingRoundingDoublingHighMul then
    /// RoundingDivideByPOT, TFLite's double rounding):
    /// <code>x    = acc · LeftMultiplier[c]                         (int32, wraps exactly like the reference)
    /// high = (int)((x · Multiplier[c] + 2^30) &gt;&gt; 31)          (round half up; never saturates: Multiplier ≥ 0)
    /// q    = (high &gt;&gt; RightShift[c]) + (rem &gt; (mask &gt;&gt; 1) + (high &lt; 0 ? 1 : 0) ? 1 : 0),  rem = high &amp; mask</code>
    /// </remarks>
    internal sealed class RequantizationPlan
    {
        /// <summary>Bias with the input offsets folded in: <c>Bias[c] + Σ_i offset_i · W[c, i]</c> (int32, wrapping like the reference).</summary>
        internal readonly int[] Bias;

        /// <summary>Q0.31 multiplier per channel.</summary>
        internal readonly int[] Multiplier;

        /// <summary><c>2^max(shift, 0)</c> per channel.</summary>
        internal readonly int[] LeftMultiplier;

        /// <summary><c>max(−shift, 0)</c> per channel.</summary>
        internal readonly int[] RightShift;

        /// <summary><c>2^RightShift − 1</c> per channel.</summary>
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

        /// <summary>Output of each channel when every input equals its offset (acc = folded bias), [C].</summary>
        internal readonly int[] ConstantOutput;

        /// <summary>Prepares the plan and checks that requantization is monotone over every reachable accumulator.</summary>
        /// <param name="layer">Layer name for messages.</param>
        /// <param name="channels">Output channels.</param>
        /// <param name="weights">Weights, [C, taps] flat.</param>
        /// <param name="taps">Weights per channel.</param>
        /// <param name="tapOffsets">Input offset per tap, [taps]: the folded bias adds Σ offset·w.</param>
        /// <param name="bias">Layer bias, [C].</param>
        /// <param name="multiplier">Q0.31 multipliers, [C].</param>
        /// <param name="shift">Shifts, [C].</param>
        /// <param name="outputZeroPoint">Output zero point.</param>
        /// <param name="activationMin">Lower clamp.</param>
        /// <param name="activationMax">Upper clamp.</param>
        /// <exception cref="NotSupportedException">A channel with a positive shift could overflow int32 before the high multiply.</exception>
        internal RequantizationPlan(string layer, int channels, sbyte[] weights, int taps, int[] tapOffsets, int[] bias,
            int[] multiplier, int[] shift, int outputZeroPoint, int activationMin, int activationMax)
        {
            Bias = new int[channels];
            Multiplier = new int[channels];
            LeftMultiplier = new int[channels];
            RightShift = new int[channels];
            RoundingMask = new int[channels];
            ConstantOutput = new int[channels];
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
                    folded += tapOffsets[t] * w;
                    exactFolded += (long)tapOffsets[t] * w;
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
                Multiplier[c] = multiplier[c];
                LeftMultiplier[c] = 1 << left;
                RightShift[c] = right;
                RoundingMask[c] = (int)((1L << right) - 1);
                int y = FixedPoint.MultiplyByQuantizedMultiplier(folded, multiplier[c], shift[c]) + outputZeroPoint;
                ConstantOutput[c] = y < activationMin ? activationMin : (y > activationMax ? activationMax : y);
            }
        }

        /// <summary>Bytes held by the plan's arrays.</summary>
        internal int Bytes
        {
            get { return 4 * 6 * Bias.Length; }
        }
    }
}
