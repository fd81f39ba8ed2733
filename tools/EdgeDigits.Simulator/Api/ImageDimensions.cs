using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Simulator.Api;

/// <summary>
/// Refuses an image by the width and height its header declares (<see cref="ImageLoader.DeclaredSize"/>, the reader
/// the decoder itself checks with), before any pixel is decoded, so that a small file declaring a huge image (a
/// decompression bomb) is refused without allocating for it. A header that is not PNG, JPEG or PGM, or is cut short,
/// is left to the decoder, which says what is wrong.
/// </summary>
public static class ImageDimensions
{
    /// <summary>Refuses images wider or taller than <paramref name="maxSide"/> pixels, from the header alone.</summary>
    /// <param name="data">PNG (IHDR), JPEG (the frame header) or PGM (P2/P5: magic, width, height, '#' comments).</param>
    /// <param name="maxSide">Largest width or height, pixels.</param>
    /// <exception cref="BadRequestException">The header declares an image over the limit.</exception>
    public static void Check(byte[] data, int maxSide)
    {
        (long width, long height)? size = ImageLoader.DeclaredSize(data);
        if (size is { } s && (s.width > maxSide || s.height > maxSide))
        {
            throw new BadRequestException("The image is " + s.width + "×" + s.height + " pixels; the limit is " + maxSide + " pixels a side.");
        }
    }
}
