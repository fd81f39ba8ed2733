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
    /// Ink whose mean stroke width exceeds this share of the larger side of its box is no pen's (<see cref="StrokeWidthShare"/>).
    /// </summary>
    public const double MaxStrokeWidthShare = 0.25;

    /// <summary>How near each edge, as a share of the image's side, the ink of a tight crop comes (<see cref="IsTightCrop"/>).</summary>
    public const double TightCropMargin = 0.02;

    /// <summary>The ink found against the paper around it is used only when at least this share of it is the image's darkest pixels (<see cref="DarkestShare"/>).</summary>
    public const double MinDarkestShare = 0.5;

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
    /// <item>Unless that map is blank or a tight crop (<see cref="IsTightCrop"/>), the ink against the paper around
    /// each pixel (<see cref="PaperBackground.Closing"/>: a page on a table, a shadow across it) replaces it when the
    /// closing is uneven (its 5th–95th percentiles <see cref="MinContrast"/> apart, or the one-level map was not dark
    /// on light) and that ink is strokes (mean width at most <see cref="MaxStrokeWidthShare"/> of their box), at least
    /// <see cref="MinDarkestShare"/> of them the image's darkest pixels, and darker than the one-level background by
    /// half <see cref="MinContrast"/> (which the filled holes of light-on-dark digits are not).</item>
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
        InkMap uniform = ExtractUniform(image);
        if (uniform.IsBlank() || uniform.IsTightCrop())
        {
            return uniform;
        }

        int window = PaperBackground.Window(image);
        byte[] paper = PaperBackground.Closing(image, window);
        InkMap onPaper = ExtractOnPaper(image, paper);
        double width = onPaper.MeanStrokeWidth();
        if (width * PaperBackground.WindowPerStrokeWidth > window)
        {
            // Bold strokes: a window not several strokes wide leaves their crossings and bends unfilled.
            window = 2 * (int)Math.Ceiling(width * PaperBackground.WindowPerStrokeWidth / 2) + 1;
            if (window > Math.Min(image.Width, image.Height) / 2)
            {
                return uniform;
            }

            paper = PaperBackground.Closing(image, window);
            onPaper = ExtractOnPaper(image, paper);
        }

        if (uniform.DarkOnLight && Spread(paper) < MinContrast)
        {
            return uniform;     // even paper: the one level was right
        }

        double share = onPaper.StrokeWidthShare();
        bool strokes = share > 0 && share <= MaxStrokeWidthShare;
        bool darkest = onPaper.DarkestShare(image) >= MinDarkestShare;
        bool darkerThanBackground = onPaper.MedianStrokeLevel(image) <= uniform.Background - MinContrast / 2;
        return strokes && darkest && darkerThanBackground ? onPaper : uniform;
    }

    /// <summary>True when no pixel holds ink.</summary>
    private bool IsBlank() => Array.TrueForAll(Ink, v => v == 0);

    /// <summary>The median gray level, in <paramref name="image"/>, of this map's stroke pixels (ink at or above <see cref="StrokeWidth.StrokeLevel"/>); 255 when there are none.</summary>
    private int MedianStrokeLevel(GrayImage image)
    {
        var histogram = new long[256];
        for (int i = 0; i < Ink.Length; i++)
        {
            if (Ink[i] >= StrokeWidth.StrokeLevel)
            {
                histogram[image.Pixels[i]]++;
            }
        }

        return histogram.Sum() == 0 ? 255 : HistogramMedian(histogram, 0, 255);
    }

    /// <summary>
    /// Of the image's n darkest pixels, n being the number of this map's stroke pixels (ink at or above
    /// <see cref="StrokeWidth.StrokeLevel"/>), the share that are stroke pixels; 0 for a blank map. Dark ink on paper
    /// is the darkest thing on the page, whatever lies around the page or over it; a closing whose window is narrower
    /// than the strokes lifts only their thin ends, which are not.
    /// </summary>
    internal double DarkestShare(GrayImage image)
    {
        var histogram = new long[256];
        long strokes = 0;
        for (int i = 0; i < Ink.Length; i++)
        {
            histogram[image.Pixels[i]]++;
            strokes += Ink[i] >= StrokeWidth.StrokeLevel ? 1 : 0;
        }

        if (strokes == 0)
        {
            return 0;
        }

        // The level of the n-th darkest pixel; of the pixels at that level, only the share that fits counts.
        int level = HistogramQuantile(histogram, strokes - 1);
        long below = 0;
        for (int v = 0; v < level; v++)
        {
            below += histogram[v];
        }

        double atLevel = (double)(strokes - below) / histogram[level];
        double found = 0;
        for (int i = 0; i < Ink.Length; i++)
        {
            if (Ink[i] >= StrokeWidth.StrokeLevel && image.Pixels[i] <= level)
            {
                found += image.Pixels[i] < level ? 1 : atLevel;
            }
        }

        return found / strokes;
    }

    /// <summary>The 5th to 95th percentile range of the levels, in gray levels.</summary>
    private static int Spread(byte[] levels)
    {
        var histogram = new long[256];
        foreach (byte v in levels)
        {
            histogram[v]++;
        }

        return HistogramQuantile(histogram, (long)(0.95 * (levels.Length - 1))) - HistogramQuantile(histogram, (long)(0.05 * (levels.Length - 1)));
    }

    /// <summary>The ink of a levelled image found against one background level (<see cref="Extract"/>, steps 2–5).</summary>
    private static InkMap ExtractUniform(GrayImage image)
    {
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
        for (int i = 0; i < raw.Length; i++)
        {
            int v = pixels[i];
            raw[i] = Math.Max(0, darkOnLight ? background - v : v - background);
        }

        return Stretched(w, h, raw, floor, darkOnLight, background);
    }

    /// <summary>
    /// The ink of dark strokes on paper whose brightness changes across the image (<see cref="PaperBackground"/>): the
    /// closing's excess over the image, less its median over the image (paper pixels, most of any image, sit a little
    /// under the closing's local maximum), with the noise floor <see cref="NoiseSigmas"/> σ of that excess (σ from the
    /// median absolute deviation) and the same stretch as <see cref="Extract"/>.
    /// </summary>
    private static InkMap ExtractOnPaper(GrayImage image, byte[] paper)
    {
        int w = image.Width, h = image.Height;
        byte[] pixels = image.Pixels;
        var excess = new long[256];
        var paperLevels = new long[256];
        for (int i = 0; i < pixels.Length; i++)
        {
            excess[paper[i] - pixels[i]]++;
            paperLevels[paper[i]]++;
        }

        int median = HistogramMedian(excess, 0, 255);
        var deviations = new long[256];
        for (int v = 0; v < 256; v++)
        {
            deviations[Math.Abs(v - median)] += excess[v];
        }

        int floor = (int)Math.Ceiling(NoiseSigmas * MadToSigma * HistogramMedian(deviations, 0, 255));
        var raw = new int[pixels.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = Math.Max(0, paper[i] - pixels[i] - median);
        }

        return Stretched(w, h, raw, floor, darkOnLight: true, HistogramMedian(paperLevels, 0, 255));
    }

    /// <summary>
    /// The ink map of distances towards the ink: what exceeds the noise <paramref name="floor"/>, with the 99th
    /// percentile of it stretched to 255; blank when nothing exceeds the floor or that percentile lies less than
    /// <see cref="MinContrast"/> above it.
    /// </summary>
    private static InkMap Stretched(int w, int h, int[] raw, int floor, bool darkOnLight, int background)
    {
        var ink = new byte[w * h];
        var inkHistogram = new long[256];
        long inkCount = 0;
        foreach (int r in raw)
        {
            if (r > floor)
            {
                inkHistogram[r]++;
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
    /// Mean width of the ink's strokes (<see cref="StrokeWidth.Estimate"/>) over the larger side of the box of its
    /// stroke pixels (ink at or above <see cref="StrokeWidth.StrokeLevel"/>); 0 for a blank map. Pen strokes are
    /// narrow for their digit; a sheet of paper, a table or a shadow taken for ink is about as wide as it is long.
    /// </summary>
    /// <summary>Mean width of the ink's strokes, pixels (<see cref="Images.StrokeWidth.Estimate"/>); 0 for a blank map.</summary>
    internal double MeanStrokeWidth()
    {
        var values = new double[Ink.Length];
        for (int i = 0; i < Ink.Length; i++)
        {
            values[i] = Ink[i];
        }

        return Images.StrokeWidth.Estimate(values, Width, Height);
    }

    /// <summary>
    /// Mean width of the ink's strokes (<see cref="MeanStrokeWidth"/>) over the larger side of <see cref="StrokeBox"/>;
    /// 0 for a blank map. Pen strokes are narrow for their digit; a sheet of paper, a table or a shadow taken for ink
    /// is about as wide as it is long.
    /// </summary>
    internal double StrokeWidthShare()
    {
        (int x0, int y0, int x1, int y1) = StrokeBox();
        return x1 < x0 ? 0 : MeanStrokeWidth() / Math.Max(x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>
    /// True when stroke pixels (ink at or above <see cref="StrokeWidth.StrokeLevel"/>: noise specks do not count) come within <see cref="TightCropMargin"/> of the image's side (at least 2 px, an anti-aliased edge) of all four edges: a crop to the
    /// digit, which leaves no room for a table or a shadow beside it (and whose strokes may be wider than any window
    /// of <see cref="PaperBackground"/>).
    /// </summary>
    internal bool IsTightCrop()
    {
        int left = Width, top = Height, right = -1, bottom = -1;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (Ink[y * Width + x] >= StrokeWidth.StrokeLevel)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        // A frame of table around a page also reaches every edge, but covers the border: a digit crosses it in places.
        long border = 0, inked = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x += y == 0 || y == Height - 1 || x == Width - 1 ? 1 : Width - 1)
            {
                border++;
                inked += Ink[y * Width + x] > 0 ? 1 : 0;
            }
        }

        int mx = Math.Max(2, (int)(TightCropMargin * Width)), my = Math.Max(2, (int)(TightCropMargin * Height));
        return right >= 0 && left < mx && top < my && Width - 1 - right < mx && Height - 1 - bottom < my && inked * 2 < border;
    }

    /// <summary>The box of the stroke pixels (ink at or above <see cref="StrokeWidth.StrokeLevel"/>), inclusive; x1 &lt; x0 when there are none.</summary>
    private (int X0, int Y0, int X1, int Y1) StrokeBox()
    {
        int x0 = Width, y0 = Height, x1 = -1, y1 = -1;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (Ink[y * Width + x] >= StrokeWidth.StrokeLevel)
                {
                    x0 = Math.Min(x0, x);
                    x1 = Math.Max(x1, x);
                    y0 = Math.Min(y0, y);
                    y1 = Math.Max(y1, y);
                }
            }
        }

        return (x0, y0, x1, y1);
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
