namespace EdgeDigits.Tooling.Calibration;

/// <summary>The range-selection rules of the calibration methods, applied to one <see cref="ActivationHistogram"/>.</summary>
public static class RangeSelection
{
    /// <summary>Percentile used by <see cref="CalibrationMethod.Percentile"/>.</summary>
    public const double Percentile = 99.99;

    /// <summary>Chooses [min, max] for a histogram with the given method.</summary>
    /// <param name="histogram">Observed values.</param>
    /// <param name="method">Method.</param>
    /// <returns>(min, max), a sub-range of the observed one.</returns>
    public static (float Min, float Max) Select(ActivationHistogram histogram, CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => (histogram.Min, histogram.Max),
        CalibrationMethod.Percentile => SelectPercentile(histogram, Percentile),
        CalibrationMethod.Mse => SelectMse(histogram),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown calibration method."),
    };

    /// <summary>
    /// Clips at the <paramref name="percentile"/>-th percentile of the non-zero values above zero and the
    /// (100 − percentile)-th below zero; bin edges are used, so the result never lies inside the bin that holds
    /// the percentile.
    /// </summary>
    /// <param name="histogram">Observed values.</param>
    /// <param name="percentile">e.g. 99.99.</param>
    /// <returns>(min, max).</returns>
    public static (float Min, float Max) SelectPercentile(ActivationHistogram histogram, double percentile)
    {
        long[] bins = histogram.Bins;
        long total = bins.Sum();
        if (total == 0)
        {
            return (histogram.Min, histogram.Max);
        }

        double tail = total * (1 - percentile / 100);
        float min = histogram.Min;
        float max = histogram.Max;
        if (histogram.Max > 0)
        {
            long above = 0;
            for (int b = bins.Length - 1; b >= 0; b--)
            {
                if (above + bins[b] > tail)
                {
                    max = (float)(histogram.Min + (b + 1) * histogram.BinWidth);
                    break;
                }

                above += bins[b];
            }
        }

        if (histogram.Min < 0)
        {
            long below = 0;
            for (int b = 0; b < bins.Length; b++)
            {
                if (below + bins[b] > tail)
                {
                    min = (float)(histogram.Min + b * histogram.BinWidth);
                    break;
                }

                below += bins[b];
            }
        }

        return (min, max);
    }

    /// <summary>
    /// Scans ranges <c>[t·min, t·max]</c> for t = k/256, k = 16..256, and returns the one with the least expected
    /// squared error over the histogram: <c>(v − clip(v))²</c> for values outside the range plus the uniform
    /// rounding noise <c>Δ²/12</c> (Δ = range/255) for values inside it (Widrow's model of quantization noise).
    /// </summary>
    /// <param name="histogram">Observed values.</param>
    /// <returns>(min, max).</returns>
    public static (float Min, float Max) SelectMse(ActivationHistogram histogram)
    {
        double bestError = double.PositiveInfinity;
        double bestT = 1;
        for (int k = 16; k <= 256; k++)
        {
            double t = k / 256.0;
            double lo = Math.Min(0, histogram.Min * t);
            double hi = Math.Max(0, histogram.Max * t);
            double step = (hi - lo) / 255;
            double noise = step * step / 12;
            double error = 0;
            for (int b = 0; b < ActivationHistogram.BinCount; b++)
            {
                long n = histogram.Bins[b];
                if (n == 0)
                {
                    continue;
                }

                double v = histogram.Center(b);
                double clipped = v < lo ? lo - v : v > hi ? v - hi : 0;
                error += n * (clipped > 0 ? clipped * clipped : noise);
            }

            if (error < bestError)
            {
                bestError = error;
                bestT = t;
            }
        }

        return ((float)(histogram.Min * bestT), (float)(histogram.Max * bestT));
    }
}
