namespace EdgeDigits.Tooling.Evaluation;

/// <summary>
/// The Wilson score interval of a binomial proportion: how far an accuracy measured on n samples can be trusted.
/// Formula: E. B. Wilson, "Probable inference, the law of succession, and statistical inference", JASA 22 (1927),
/// without continuity correction; it is interval 3 of R. G. Newcombe, "Two-sided confidence intervals for the single
/// proportion: comparison of seven methods", Statistics in Medicine 17 (1998), whose worked examples the tests check.
/// Unlike the normal approximation p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not collapse to a point at 0 or n
/// successes, which matters for accuracies near 100 %.
/// </summary>
public static class WilsonInterval
{
    /// <summary>The standard normal quantile of 97.5 %, for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The two-sided interval for <paramref name="successes"/> of <paramref name="trials"/>, as proportions in [0, 1].</summary>
    /// <param name="successes">Number of successes, 0..trials.</param>
    /// <param name="trials">Number of trials, at least 1.</param>
    /// <param name="z">Standard normal quantile of the confidence level (default <see cref="Z95"/>), positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">trials &lt; 1, successes outside 0..trials, or z not positive and finite.</exception>
    public static (double Low, double High) Of(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must lie in 0..{trials} (the trials).");
        }

        if (!double.IsFinite(z) || z <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "the normal quantile must be positive and finite.");
        }

        double n = trials, p = successes / n, z2 = z * z;
        double centre = p + z2 / (2 * n);
        double halfWidth = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double denominator = 1 + z2 / n;
        double low = successes == 0 ? 0 : (centre - halfWidth) / denominator;
        double high = successes == trials ? 1 : (centre + halfWidth) / denominator;
        return (low, high);
    }

    /// <summary>The 95 % interval as text in percent with one decimal, e.g. "98.0–99.3 %".</summary>
    /// <param name="successes">Number of successes, 0..trials.</param>
    /// <param name="trials">Number of trials, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Of"/>.</exception>
    public static string Format95(int successes, int trials)
    {
        (double low, double high) = Of(successes, trials);
        return FormattableString.Invariant($"{low * 100:0.0}–{high * 100:0.0} %");
    }
}
