namespace EdgeDigits.Tooling.Images;

/// <summary>An 8-bit grayscale image: [Height, Width] row-major, 0 = black, 255 = white (as decoded, before any inversion).</summary>
public sealed class GrayImage
{
    /// <summary>Creates an image over <paramref name="pixels"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The size does not match the array.</exception>
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width < 1 || height < 1 || (long)width * height != pixels.Length)
        {
            throw new ArgumentException($"A {width}x{height} image needs {(long)width * height} pixels, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>[Height, Width] row-major luminance, 0..255.</summary>
    public byte[] Pixels { get; }

    /// <summary>Pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y] => Pixels[y * Width + x];
}
