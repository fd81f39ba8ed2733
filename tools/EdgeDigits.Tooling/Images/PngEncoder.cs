using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SharpPngEncoder = SixLabors.ImageSharp.Formats.Png.PngEncoder;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Writes 8-bit grayscale PNG files (colour type 0, bit depth 8) with SixLabors.ImageSharp, for dumps of the 28×28
/// network inputs and for tests. Deterministic: the same pixels give the same bytes (no time or text chunks).
/// </summary>
public static class PngEncoder
{
    private static readonly SharpPngEncoder Gray8 = new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestCompression,
    };

    /// <summary>Encodes an 8-bit grayscale PNG.</summary>
    /// <param name="image">The image; [Height, Width] luminance, 0 = black.</param>
    /// <returns>The PNG file bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static byte[] EncodeGray(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var sharp = Image.LoadPixelData<L8>(image.Pixels, image.Width, image.Height);
        using var stream = new MemoryStream();
        sharp.Save(stream, Gray8);
        return stream.ToArray();
    }

    /// <summary>Writes an 8-bit grayscale PNG file.</summary>
    /// <param name="image">The image.</param>
    /// <param name="path">The file to write (overwritten).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void SaveGray(GrayImage image, string path) => File.WriteAllBytes(path, EncodeGray(image));
}
