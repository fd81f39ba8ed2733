namespace EdgeDigits.Tooling.Quantization;

/// <summary>
/// The arithmetic of the TFLite int8 scheme (https://www.tensorflow.org/lite/performance/quantization_spec;
/// Jacob et al. 2018, "Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only
/// Inference", §2): real value <c>r = S · (q − Z)</c> with scale S &gt; 0 and integer zero point Z.
/// </summary>
public static class QuantizationMath
{
    /// <summary>Largest magnitude of a symmetric int8 weight; −128 is never used so that −q is representable.</summary>
    public const int WeightMax = 127;

    /// <summary>
    /// Splits a real multiplier <c>M ≥ 0</c> into a Q0.31 integer <c>multiplier ∈ [2^30, 2^31)</c> and a power-of-two
    /// <c>shift</c> so that <c>M ≈ multiplier · 2^(shift − 31)</c>, the representation of
    /// <c>EdgeDigits.Runtime.FixedPoint.MultiplyByQuantizedMultiplier</c> (positive shift = left shift).
    /// </summary>
    /// <remarks>
    /// As TFLite's <c>QuantizeMultiplier</c> (kernels/internal/quantization_util.cc): <c>M = q · 2^shift</c> with
    /// <c>q ∈ [0.5, 1)</c>, <c>multiplier = round(q · 2^31)</c> (half away from zero). When q is within 2^−32 of 1 the
    /// rounding yields 2^31, which does not fit: the mantissa is halved to 2^30 and the shift incremented, which is
    /// exact. A multiplier so small that the shift would fall below −31 underflows to (0, 0), as in TFLite; M = 0 gives
    /// (0, 0). Exact in double arithmetic: q · 2^31 is a scaling by a power of two.
    /// </remarks>
    /// <param name="realMultiplier">M, finite and ≥ 0.</param>
    /// <returns>The Q0.31 multiplier and the shift in [−31, 30].</returns>
    /// <exception cref="ArgumentOutOfRangeException">M is negative, not finite, or ≥ 2^30 (shift above 30).</exception>
    public static (int Multiplier, int Shift) QuantizeMultiplier(double realMultiplier)
    {
        if (!double.IsFinite(realMultiplier) || realMultiplier < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "A requantization multiplier must be finite and non-negative.");
        }

        if (realMultiplier == 0)
        {
            return (0, 0);
        }

        int shift = Math.ILogB(realMultiplier) + 1;               // M = q · 2^shift, q ∈ [0.5, 1)
        double q = Math.ScaleB(realMultiplier, -shift);
        long multiplier = (long)Math.Round(Math.ScaleB(q, 31), MidpointRounding.AwayFromZero);
        if (multiplier == 1L << 31)
        {
            multiplier /= 2;
            shift++;
        }

        if (shift < -31)
        {
            return (0, 0);
        }

        if (shift > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "The requantization multiplier is too large (shift above 30).");
        }

        return ((int)multiplier, shift);
    }

    /// <summary>
    /// Scale and zero point of an asymmetric int8 activation tensor covering [min, max], as TFLite chooses them:
    /// the range is first widened to contain 0 (so that 0 — ReLU's output, zero padding — is exact), then
    /// <c>S = (max − min) / 255</c> and <c>Z = round(−128 − min / S)</c> clamped to [−128, 127] (the "nudge").
    /// A range with min = 0 (every ReLU output) gives Z = −128 exactly.
    /// </summary>
    /// <param name="min">Lower end of the calibrated range.</param>
    /// <param name="max">Upper end of the calibrated range.</param>
    /// <returns>Scale and zero point.</returns>
    public static (double Scale, int ZeroPoint) ActivationParameters(double min, double max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        if (max - min <= 0)
        {
            return (1.0 / 255, -128); // an all-zero tensor: any scale represents it exactly
        }

        double scale = (max - min) / 255;
        double zeroPoint = Math.Round(-128 - min / scale, MidpointRounding.AwayFromZero);
        return (scale, (int)Math.Clamp(zeroPoint, -128, 127));
    }

    /// <summary>
    /// Symmetric per-output-channel weight quantization: <c>S[c] = max|W[c, …]| / 127</c>,
    /// <c>q = clamp(round(w / S[c]), −127, 127)</c>, zero point 0 (TFLite spec: int8 weights, per-axis, symmetric).
    /// An all-zero channel gets scale 1 and zero weights.
    /// </summary>
    /// <param name="weights">Float weights with the output channel as the slowest axis, [C_out, …] row-major.</param>
    /// <param name="channels">C_out.</param>
    /// <returns>The int8 weights (same layout) and the per-channel scales.</returns>
    public static (sbyte[] Weights, double[] Scales) QuantizeWeightsPerChannel(float[] weights, int channels)
    {
        int perChannel = weights.Length / channels;
        var q = new sbyte[weights.Length];
        var scales = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double maxAbs = 0;
            for (int i = 0; i < perChannel; i++)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs((double)weights[c * perChannel + i]));
            }

            double scale = maxAbs > 0 ? maxAbs / WeightMax : 1.0;
            scales[c] = scale;
            for (int i = 0; i < perChannel; i++)
            {
                double v = Math.Round(weights[c * perChannel + i] / scale, MidpointRounding.AwayFromZero);
                q[c * perChannel + i] = (sbyte)Math.Clamp(v, -WeightMax, WeightMax);
            }
        }

        return (q, scales);
    }

    /// <summary>
    /// The int32 bias with the input zero point folded in:
    /// <c>Bias[c] = round(b[c] / (S_in · S_w[c])) − Z_in · Σ_k q_w[c, k]</c>, so that the kernel's
    /// <c>Bias + Σ q_w · q_x</c> equals <c>Σ q_w · (q_x − Z_in) + b / (S_in · S_w)</c> (TFLite: bias scale = S_in · S_w, zero point 0).
    /// </summary>
    /// <param name="bias">[C_out] float biases.</param>
    /// <param name="inputScale">S_in.</param>
    /// <param name="inputZeroPoint">Z_in.</param>
    /// <param name="weights">[C_out, …] int8 weights.</param>
    /// <param name="weightScales">[C_out] S_w.</param>
    /// <returns>[C_out] int32 biases.</returns>
    /// <exception cref="OverflowException">A bias does not fit int32.</exception>
    public static int[] QuantizeBias(float[] bias, double inputScale, int inputZeroPoint, sbyte[] weights, double[] weightScales)
    {
        int channels = bias.Length;
        int perChannel = weights.Length / channels;
        var result = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            long sum = 0;
            for (int i = 0; i < perChannel; i++)
            {
                sum += weights[c * perChannel + i];
            }

            // In double: both terms are integers far below 2^53 whenever the result fits int32, so this is exact;
            // a huge (or non-finite) quotient is reported instead of wrapping or saturating.
            double scale = inputScale * weightScales[c];
            double q = Math.Round(bias[c] / scale, MidpointRounding.AwayFromZero) - (double)inputZeroPoint * sum;
            if (!(Math.Abs(q) <= int.MaxValue))
            {
                throw new OverflowException(
                    $"bias[{c}] = {bias[c]:G6} is {q:G6} in units of the bias scale S_in·S_w = {scale:G6}, outside the int32 range");
            }

            result[c] = (int)q;
        }

        return result;
    }

    /// <summary>
    /// The softmax table of <c>EdgeDigits.Runtime.Softmax</c>: <c>T[d] = round(2^16 · exp(−S_logits · d))</c>, d = 0..255,
    /// so that <c>T[max − l_i] / Σ_j T[max − l_j] ≈ softmax(S_logits · l)_i</c>.
    /// </summary>
    /// <param name="logitScale">S_logits.</param>
    /// <returns>[256] table, T[0] = 65536, non-increasing.</returns>
    public static int[] SoftmaxTable(double logitScale)
    {
        var table = new int[256];
        for (int d = 0; d < table.Length; d++)
        {
            table[d] = (int)Math.Round(65536 * Math.Exp(-logitScale * d), MidpointRounding.AwayFromZero);
        }

        return table;
    }
}
