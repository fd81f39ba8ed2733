namespace EdgeDigits.Tooling.Images;

/// <summary>
/// The brightness of the paper around each pixel, for photos whose background is not one level: a page on a darker
/// table, a hand's or a phone's shadow across it, a dark corner. One background level (or the smooth surface of
/// <see cref="BackgroundSurface"/>) cannot follow such edges; a gray-level closing can.
/// </summary>
public static class PaperBackground
{
    /// <summary>
    /// The closing's window is the image's smaller side over this (an eighth): far wider than a pen's stroke in any
    /// photo of a digit (a bold marker's stroke is about a tenth of the digit's height, and a digit rarely fills the
    /// frame), far narrower than a table's edge or a shadow, which span the image.
    /// </summary>
    public const int WindowDivisor = 8;

    /// <summary>
    /// A closing fills a stroke only when its window is wider than the stroke's widest dark run, which at a crossing or
    /// a sharp bend is about twice the stroke's width: the window should be at least this many stroke widths.
    /// </summary>
    public const int WindowPerStrokeWidth = 4;

    /// <summary>
    /// Gray-level closing of <paramref name="image"/> (a dilation, the largest value in a square window around each
    /// pixel, then an erosion, the smallest, with the same window; J. Serra, "Image Analysis and Mathematical
    /// Morphology", Academic Press, 1982): every dark feature narrower than the window — a stroke — is filled with the
    /// light around it, every broad one — a table, a shadow — stays, and a straight edge between them stays where it is.
    /// The closing is never darker than the image, so closing − image (the black top-hat transform, Serra 1982 after F. Meyer) is the ink of
    /// dark strokes on whatever light surrounds them. Windows are clipped at the image's edges. Both passes are
    /// separable and O(1) per pixel (<see cref="RunningMaximum"/>).
    /// </summary>
    /// <param name="image">The image, dark ink on lighter paper.</param>
    /// <param name="window">Side of the square window, pixels: odd, at least 3 (<see cref="Window"/> by default).</param>
    /// <returns>[Height, Width] row-major closing, 0..255.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is even or below 3.</exception>
    public static byte[] Closing(GrayImage image, int window)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (window < 3 || window % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), $"the window must be an odd number of pixels, at least 3; was {window}.");
        }

        int w = image.Width, h = image.Height;
        int half = window / 2;
        var values = new double[w * h];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = image.Pixels[i];
        }

        MaxFilter(values, w, h, half);          // dilation
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = -values[i];
        }

        MaxFilter(values, w, h, half);          // erosion: the largest of the negated values
        var closing = new byte[w * h];
        for (int i = 0; i < closing.Length; i++)
        {
            closing[i] = (byte)-values[i];
        }

        return closing;
    }

    /// <summary>The closing's window side, pixels: an odd number, at least 3, near the smaller side over <see cref="WindowDivisor"/>.</summary>
    public static int Window(GrayImage image) => 2 * Math.Max(1, Math.Min(image.Width, image.Height) / WindowDivisor / 2) + 1;

    /// <summary>In place: each pixel becomes the largest value in the (2·half + 1)² window around it, rows then columns.</summary>
    private static void MaxFilter(double[] values, int w, int h, int half)
    {
        int n = Math.Max(w, h);
        double[] prefix = new double[n], suffix = new double[n], line = new double[n];
        for (int y = 0; y < h; y++)
        {
            RunningMaximum.Apply(values, y * w, 1, w, half, prefix, suffix, line);
            Array.Copy(line, 0, values, y * w, w);
        }

        for (int x = 0; x < w; x++)
        {
            RunningMaximum.Apply(values, x, w, h, half, prefix, suffix, line);
            for (int y = 0; y < h; y++)
            {
                values[y * w + x] = line[y];
            }
        }
    }
}
