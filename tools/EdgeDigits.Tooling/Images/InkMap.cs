namespace EdgeDigits.Tooling.Images;

/// <summary>
/// How much ink each pixel of an image holds, 0 (background) .. 255 (full ink), whatever the image's polarity.
/// </summary>
/// <param name="Width">Width, pixels.</param>
/// <param name="Height">Height, pixels.</param>
/// <param name="Ink">[Height, Width] row-major ink, 0..255.</param>
/// <param name="DarkOnLight">True when the image had dark ink on a light background (paper, a white canvas).</param>
/// <param name="Background">The background luminance found on the border, 0..255.</param>
public sealed record InkMap(int Width, int Height, byte[] Ink, bool DarkOnLight, int Background)
{
    /// <summary>Smallest contrast, in gray levels, between background and ink for an image to hold ink at all.</summary>
    public const int MinContrast = 24;

    /// <summary>
    /// Finds the ink in an image: the background is the median luminance of the one-pixel border (digits rarely fill
    /// the border); the polarity follows from it (background ≥ 128: dark ink on light). The ink signal is the
    /// distance from the background towards the ink, with the border's 90th percentile subtracted as the noise floor
    /// (paper texture, compression artefacts) and the 99th percentile of the remaining ink stretched to 255.
    /// </summary>
    /// <param name="image">The image.</param>
    /// <returns>The ink map; all zero when the image has less than <see cref="MinContrast"/> of contrast.</returns>
    public static InkMap Extract(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        var border = new List<int>();
        for (int x = 0; x < w; x++)
        {
            border.Add(image[x, 0]);
            if (h > 1)
            {
                border.Add(image[x, h - 1]);
            }
        }

        for (int y = 1; y < h - 1; y++)
        {
            border.Add(image[0, y]);
            if (w > 1)
            {
                border.Add(image[w - 1, y]);
            }
        }

        border.Sort();
        int background = border[border.Count / 2];
        bool darkOnLight = background >= 128;
        var raw = new int[w * h];
        for (int i = 0; i < raw.Length; i++)
        {
            int v = image.Pixels[i];
            raw[i] = Math.Max(0, darkOnLight ? background - v : v - background);
        }

        var borderInk = border.Select(v => Math.Max(0, darkOnLight ? background - v : v - background)).OrderBy(v => v).ToList();
        int floor = borderInk[(int)(0.9 * (borderInk.Count - 1))];
        var inkValues = raw.Where(v => v > floor).OrderBy(v => v).ToList();
        var ink = new byte[w * h];
        if (inkValues.Count == 0)
        {
            return new InkMap(w, h, ink, darkOnLight, background);
        }

        int top = inkValues[(int)(0.99 * (inkValues.Count - 1))];
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
}
