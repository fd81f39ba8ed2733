namespace EdgeDigits.Tooling.Images;

/// <summary>
/// How much ink each pixel of an image holds, 0 (background) .. 255 (full ink), whatever the image's polarity.
/// </summary>
/// <param name="Width">Width, pixels.</param>
/// <param name="Height">Height, pixels.</param>
/// <param name="Ink">[Height, Width] row-major ink, 0..255.</param>
/// <param name="DarkOnLight">True when the image had dark ink on a light background (paper, a white canvas).</param>
/// <param name="Background">The background luminance, 0..255, of the image once levelled (<see cref="BackgroundSurface"/>): the median of the pixels Otsu's threshold puts in the
/// background class (the whole image's median when the image has a single gray level).</param>
public sealed record InkMap(int Width, int Height, byte[] Ink, bool DarkOnLight, int Background)
{
    /// <summary>
    /// Smallest contrast, in gray levels, between the noise floor and the ink for an image to hold ink at all: about
    /// 10 % of the 0..255 range, well above 8-bit quantization and compression ripple, below the contrast of a pencil
    /// line on paper.
    /// </summary>
    public const int MinContrast = 24;

    /// <summary>
    /// The noise floor in standard deviations of the background's noise: 3 σ leaves a Gaussian background pixel a
    /// 0.13 % chance of reading as ink, and such isolated pixels are then specks (<see cref="ImageSegmenter"/>).
    /// </summary>
    public const double NoiseSigmas = 3.0;

    /// <summary>σ of a normal distribution over its median absolute deviation, 1 / Φ⁻¹(3/4) (Hampel 1974, JASA 69(346)).</summary>
    internal const double MadToSigma = 1.4826;

    /// <summary>
    /// Finds the ink in an image from the whole image, so that ink touching the border (a tight crop, a digit that
    /// fills its frame) is still found.
    /// <list type="number">
    /// <item>Uneven light (a lamp, a phone's vignetting) is levelled first (<see cref="BackgroundSurface.Level"/>):
    /// one background level would otherwise read a dark corner of paper as ink.</item>
    /// <item>Otsu's threshold (N. Otsu, "A threshold selection method from gray-level histograms", IEEE Trans. SMC
    /// 9(1), 62–66, 1979: the gray level t maximizing the between-class variance ω₀ω₁(μ₀ − μ₁)² of the histogram)
    /// splits the pixels into a dark class (≤ t) and a light class (&gt; t).</item>
    /// <item>The background is the class with the larger sum of two shares: its share of the one-pixel border
    /// (background usually surrounds a digit) and its share of the whole image (handwriting covers well under half of
    /// the pixels, even of a tight crop). A border all of one class always wins (1 + s &gt; 1 − s for any share
    /// s &gt; 0), so ordinary images keep the border's verdict; when ink takes part of the border, the image share
    /// decides. Equal sums: the lighter class is the background (paper is the common case).</item>
    /// <item>The background level is the median of its class, its noise σ = 1.4826 × the median absolute deviation
    /// from it (robust to the anti-aliased ink edges that fall into the class), and the noise floor
    /// <see cref="NoiseSigmas"/> σ.</item>
    /// <item>The ink signal is the distance from the background towards the ink, minus the floor, with the 99th
    /// percentile of the remaining ink stretched to 255.</item>
    /// </list>
    /// </summary>
    /// <param name="image">The image.</param>
    /// <returns>The ink map; all zero when the image has a single gray level or less than <see cref="MinContrast"/>
    /// levels between the noise floor and the ink.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static InkMap Extract(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        image = BackgroundSurface.Level(image);
        int w = image.Width, h = image.Height;
        byte[] pixels = image.Pixels;
        var ink = new byte[w * h];
        var histogram = new long[256];
        foreach (byte v in pixels)
        {
            histogram[v]++;
        }

        int? threshold = OtsuThreshold(histogram, pixels.Length);
        if (threshold is not int t)
        {
            int flat = pixels[0];
            return new InkMap(w, h, ink, flat >= 128, flat);
        }

        long borderDark = 0, borderCount = 0;
        for (int y = 0; y < h; y++)
        {
            bool edgeRow = y == 0 || y == h - 1;
            for (int x = 0; x < w; x += edgeRow || x == w - 1 ? 1 : w - 1)
            {
                borderDark += pixels[y * w + x] <= t ? 1 : 0;
                borderCount++;
            }
        }

        long imageDark = 0;
        for (int v = 0; v <= t; v++)
        {
            imageDark += histogram[v];
        }

        double darkScore = (double)borderDark / borderCount + (double)imageDark / pixels.Length;
        double lightScore = 2 - darkScore;
        bool darkOnLight = lightScore >= darkScore;

        int lo = darkOnLight ? t + 1 : 0, hi = darkOnLight ? 255 : t;
        int background = HistogramMedian(histogram, lo, hi);
        var deviations = new long[256];
        for (int v = lo; v <= hi; v++)
        {
            deviations[Math.Abs(v - background)] += histogram[v];
        }

        double sigma = MadToSigma * HistogramMedian(deviations, 0, 255);
        int floor = (int)Math.Ceiling(NoiseSigmas * sigma);

        var raw = new int[pixels.Length];
        var inkHistogram = new long[256];
        long inkCount = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            int v = pixels[i];
            raw[i] = Math.Max(0, darkOnLight ? background - v : v - background);
            if (raw[i] > floor)
            {
                inkHistogram[raw[i]]++;
                inkCount++;
            }
        }

        if (inkCount == 0)
        {
            return new InkMap(w, h, ink, darkOnLight, background);
        }

        int top = HistogramQuantile(inkHistogram, (long)(0.99 * (inkCount - 1)));
        if (top - floor < MinContrast)
        {
            return new InkMap(w, h, ink, darkOnLight, background);
        }

        for (int i = 0; i < ink.Length; i++)
        {
            ink[i] = (byte)Math.Clamp((raw[i] - floor) * 255 / (top - floor), 0, 255);
        }

        return new InkMap(w, h, ink, darkOnLight, background);
    }

    /// <summary>
    /// Otsu's threshold (Otsu 1979, eq. 18–19): the level t maximizing ω₀(t)·ω₁(t)·(μ₀(t) − μ₁(t))², classes
    /// [0, t] and [t + 1, 255]; of equal maxima, the middle one of the tied range (a two-level image splits halfway).
    /// </summary>
    /// <returns>t in 0..254, or null when the histogram holds a single level (no split has two non-empty classes).</returns>
    internal static int? OtsuThreshold(long[] histogram, long total)
    {
        double sumAll = 0;
        for (int v = 0; v < 256; v++)
        {
            sumAll += (double)v * histogram[v];
        }

        double best = 0, sum0 = 0;
        long count0 = 0;
        int first = -1, last = -1;
        for (int t = 0; t < 255; t++)
        {
            count0 += histogram[t];
            sum0 += (double)t * histogram[t];
            long count1 = total - count0;
            if (count0 == 0 || count1 == 0)
            {
                continue;
            }

            double mean0 = sum0 / count0, mean1 = (sumAll - sum0) / count1;
            double between = (double)count0 * count1 * (mean0 - mean1) * (mean0 - mean1);
            if (between > best * (1 + 1e-12))
            {
                best = between;
                first = last = t;
            }
            else if (first >= 0 && between >= best * (1 - 1e-12))
            {
                last = t;
            }
        }

        return first < 0 ? null : (first + last) / 2;
    }

    /// <summary>The lower median of the histogram's levels lo..hi.</summary>
    private static int HistogramMedian(long[] histogram, int lo, int hi)
    {
        long count = 0;
        for (int v = lo; v <= hi; v++)
        {
            count += histogram[v];
        }

        return HistogramQuantile(histogram, (count - 1) / 2, lo, hi);
    }

    /// <summary>The level of the value at 0-based <paramref name="rank"/> in sorted order, over levels lo..hi.</summary>
    private static int HistogramQuantile(long[] histogram, long rank, int lo = 0, int hi = 255)
    {
        long seen = 0;
        for (int v = lo; v <= hi; v++)
        {
            seen += histogram[v];
            if (seen > rank)
            {
                return v;
            }
        }

        return hi;
    }
}
