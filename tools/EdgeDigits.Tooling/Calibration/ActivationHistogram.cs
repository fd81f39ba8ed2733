namespace EdgeDigits.Tooling.Calibration;

/// <summary>
/// Histogram of one activation tensor's values over [Min, Max], in <see cref="BinCount"/> equal bins. Exact
/// zeros (the bulk of every ReLU output) are counted apart: zero is always exactly representable, so they
/// neither move percentiles of the non-zero values nor add quantization error.
/// </summary>
public sealed class ActivationHistogram
{
    /// <summary>Number of bins.</summary>
    public const int BinCount = 2048;

    /// <summary>Creates an empty histogram over [min, max].</summary>
    /// <param name="min">Smallest observed value.</param>
    /// <param name="max">Largest observed value.</param>
    public ActivationHistogram(float min, float max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>Lower edge of bin 0.</summary>
    public float Min { get; }

    /// <summary>Upper edge of the last bin.</summary>
    public float Max { get; }

    /// <summary>Counts per bin.</summary>
    public long[] Bins { get; } = new long[BinCount];

    /// <summary>Number of values exactly 0.</summary>
    public long Zeros { get; private set; }

    /// <summary>Total number of values, zeros included.</summary>
    public long Total => Zeros + Bins.Sum();

    /// <summary>Width of one bin.</summary>
    public double BinWidth => ((double)Max - Min) / BinCount;

    /// <summary>Centre of bin <paramref name="bin"/>.</summary>
    /// <param name="bin">Bin index.</param>
    /// <returns>The value at the middle of the bin.</returns>
    public double Center(int bin) => Min + (bin + 0.5) * BinWidth;

    /// <summary>Adds values to the histogram.</summary>
    /// <param name="values">Values within [Min, Max].</param>
    public void Add(float[] values)
    {
        double width = BinWidth;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (v == 0f)
            {
                Zeros++;
                continue;
            }

            int bin = width > 0 ? (int)((v - Min) / width) : 0;
            Bins[Math.Clamp(bin, 0, BinCount - 1)]++;
        }
    }

    /// <summary>Adds another histogram over the same range.</summary>
    /// <param name="other">Histogram with the same Min and Max.</param>
    public void Merge(ActivationHistogram other)
    {
        for (int b = 0; b < BinCount; b++)
        {
            Bins[b] += other.Bins[b];
        }

        Zeros += other.Zeros;
    }
}
