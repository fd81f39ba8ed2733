namespace EdgeDigits.Runtime
{
    /// <summary>
    /// Integer fixed-point primitives of the TFLite int8 scheme: the gemmlowp definitions of
    /// <c>SaturatingRoundingDoublingHighMul</c> and <c>RoundingDivideByPOT</c>, and TFLite's
    /// <c>MultiplyByQuantizedMultiplier</c> built from them (double rounding, TFLite's default).
    /// </summary>
    /// <remarks>
    /// Sources: gemmlowp <c>fixedpoint/fixedpoint.h</c>; TFLite <c>kernels/internal/common.h</c>;
    /// the TFLite quantization spec (https://www.tensorflow.org/lite/performance/quantization_spec).
    /// A real multiplier <c>M ∈ (0, 2^31)</c> is represented as <c>multiplier · 2^(shift − 31)</c> with
    /// <c>multiplier ∈ [2^30, 2^31)</c> (Q0.31) and <c>shift ∈ [−31, 30]</c>, positive for a left shift.
    /// This is the one sign convention used everywhere in EdgeDigits.
    /// Rounding: the high multiply rounds ties toward +∞, the power-of-two division rounds ties away from zero.
    /// These helpers are the readable reference; the fast kernels inline the same arithmetic and are
    /// tested bit-for-bit against it.
    /// </remarks>
    public static class FixedPoint
    {
        /// <summary>
        /// Returns <c>a · b / 2^31</c> rounded to nearest with ties toward +∞ (<c>floor(a·b/2^31 + 1/2)</c>),
        /// saturated to int32.
        /// </summary>
        /// <remarks>
        /// gemmlowp adds a nudge of 2^30 (or 1 − 2^30 for a negative product) and truncates toward zero; both
        /// branches amount to rounding half up, so −0.5 becomes 0 and +0.5 becomes 1. The only input that
        /// saturates is <c>a = b = int.MinValue</c> (the exact result 2^31 does not fit): it returns <c>int.MaxValue</c>.
        /// </remarks>
        /// <param name="a">First factor, any int32.</param>
        /// <param name="b">Second factor, any int32 (a Q0.31 multiplier in practice).</param>
        /// <returns>The rounded high half of the doubled 64-bit product.</returns>
        public static int SaturatingRoundingDoublingHighMul(int a, int b)
        {
            if (a == int.MinValue && b == int.MinValue)
            {
                return int.MaxValue;
            }

            long ab = (long)a * b;
            long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
            // C# long division truncates toward zero, as C++ does: this is gemmlowp's rounding.
            return (int)((ab + nudge) / (1L << 31));
        }

        /// <summary>
        /// Returns <c>x / 2^exponent</c> rounded to nearest, ties away from zero.
        /// </summary>
        /// <param name="x">Dividend, any int32.</param>
        /// <param name="exponent">Power of two, 0..31.</param>
        /// <returns>The rounded quotient.</returns>
        public static int RoundingDivideByPOT(int x, int exponent)
        {
            int mask = (int)((1L << exponent) - 1);
            int remainder = x & mask;
            int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
            return (x >> exponent) + (remainder > threshold ? 1 : 0);
        }

        /// <summary>
        /// Multiplies an int32 accumulator by the real multiplier <c>multiplier · 2^(shift − 31)</c>:
        /// <c>RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x · 2^left, multiplier), right)</c>
        /// with <c>left = max(shift, 0)</c> and <c>right = max(−shift, 0)</c>.
        /// </summary>
        /// <remarks>
        /// TFLite <c>MultiplyByQuantizedMultiplier</c> (double rounding). For a positive shift the caller
        /// guarantees that <c>x · 2^shift</c> fits in int32, as TFLite does.
        /// </remarks>
        /// <param name="x">The int32 accumulator.</param>
        /// <param name="multiplier">Q0.31 multiplier, in [2^30, 2^31) for a non-zero real multiplier, or 0.</param>
        /// <param name="shift">Power-of-two exponent in [−31, 30]; positive shifts left.</param>
        /// <returns>The requantized value, before the output zero point is added.</returns>
        public static int MultiplyByQuantizedMultiplier(int x, int multiplier, int shift)
        {
            int left = shift > 0 ? shift : 0;
            int right = shift > 0 ? 0 : -shift;
            return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);
        }
    }
}
