namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Loads PNG and PGM files (recognized by their signature, not their extension) as luminance; transparency is
/// flattened onto the background that contrasts with the opaque pixels (see <see cref="Flatten"/>).
/// </summary>
public static class ImageLoader
{
    /// <summary>File extensions treated as images when a directory is scanned.</summary>
    public static readonly string[] Extensions = { ".png", ".pgm" };

    /// <summary>True when <paramref name="path"/> has an image extension.</summary>
    public static bool IsImagePath(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Loads an image file.</summary>
    /// <exception cref="ImageFormatException">The file cannot be read, is not PNG/PGM, or is malformed; the message names the file.</exception>
    public static GrayImage Load(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException(path, "cannot read: " + e.Message);
        }

        return Decode(data, path);
    }

    /// <summary>Decodes image bytes (PNG or PGM).</summary>
    /// <exception cref="ImageFormatException">Not PNG/PGM, or malformed.</exception>
    public static GrayImage Decode(byte[] data, string source)
    {
        if (PngDecoder.IsPng(data))
        {
            DecodedImage decoded = PngDecoder.Decode(data, source);
            return decoded.Alpha == null ? decoded.Gray : Flatten(decoded.Gray, decoded.Alpha);
        }

        if (PgmDecoder.IsPgm(data))
        {
            return PgmDecoder.Decode(data, source);
        }

        throw new ImageFormatException(source, "unsupported image format (expected PNG or PGM P2/P5)");
    }

    /// <summary>
    /// Composites an image with alpha onto a flat background: black when the mostly-opaque pixels are light on
    /// average (light ink on a transparent background), white otherwise. So "black ink on transparent" and
    /// "white ink on transparent" both keep their ink visible.
    /// </summary>
    public static GrayImage Flatten(GrayImage gray, byte[] alpha)
    {
        long sum = 0, count = 0;
        for (int i = 0; i < alpha.Length; i++)
        {
            if (alpha[i] >= 128)
            {
                sum += gray.Pixels[i];
                count++;
            }
        }

        int background = count > 0 && sum / count >= 128 ? 0 : 255;
        var pixels = new byte[alpha.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((gray.Pixels[i] * alpha[i] + background * (255 - alpha[i]) + 127) / 255);
        }

        return new GrayImage(gray.Width, gray.Height, pixels);
    }
}
