using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Simulator.Api;

/// <summary>
/// Reads an image's width and height from its header, before any pixel is decoded, so that a small file declaring
/// a huge image (a decompression bomb) is refused without allocating for it.
/// </summary>
public static class ImageDimensions
{
    /// <summary>Refuses images wider or taller than <paramref name="maxSide"/> pixels, from the header alone.</summary>
    /// <param name="data">PNG (IHDR), JPEG (the frame header) or PGM (P2/P5: magic, width, height, '#' comments).</param>
    /// <param name="maxSide">Largest width or height, pixels.</param>
    /// <exception cref="BadRequestException">The header declares an image over the limit.</exception>
    public static void Check(byte[] data, int maxSide)
    {
        (long width, long height)? size = Peek(data);
        if (size is { } s && (s.width > maxSide || s.height > maxSide))
        {
            throw new BadRequestException("The image is " + s.width + "×" + s.height + " pixels; the limit is " + maxSide + " pixels a side.");
        }
    }

    /// <summary>
    /// The declared size, or null when the header is not PNG/JPEG/PGM or is cut short (the decoder then says why). PNG
    /// and JPEG headers are read by <see cref="ImageLoader.DeclaredSize"/>, the reader the decoder itself checks with.
    /// </summary>
    /// <param name="data">The file bytes.</param>
    /// <returns>Width and height in pixels, or null.</returns>
    public static (long Width, long Height)? Peek(byte[] data)
    {
        if (ImageLoader.DeclaredSize(data) is { } size)
        {
            return size;
        }

        if (data.Length >= 2 && data[0] == (byte)'P' && (data[1] == (byte)'2' || data[1] == (byte)'5'))
        {
            int at = 2;
            long? width = PgmNumber(data, ref at);
            long? height = PgmNumber(data, ref at);
            return width is null || height is null ? null : (width.Value, height.Value);
        }

        return null;
    }

    private static long? PgmNumber(byte[] data, ref int at)
    {
        while (at < data.Length && (char.IsWhiteSpace((char)data[at]) || data[at] == (byte)'#'))
        {
            if (data[at] == (byte)'#')
            {
                while (at < data.Length && data[at] != (byte)'\n')
                {
                    at++;
                }
            }
            else
            {
                at++;
            }
        }

        long value = 0;
        int digits = 0;
        while (at < data.Length && data[at] >= (byte)'0' && data[at] <= (byte)'9' && digits < 12)
        {
            value = value * 10 + (data[at] - '0');
            at++;
            digits++;
        }

        return digits == 0 ? null : value;
    }
}
