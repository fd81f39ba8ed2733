using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Checks of a PNG file that SixLabors.ImageSharp 2.1.13 does not make, so that damaged files are refused with a
/// message instead of decoding to a silently blank or partial image. Measured on that version: a file cut before IEND
/// decodes, image data shorter than the image is padded with transparent black, and the zlib Adler-32 checksum is not
/// verified. Chunk CRCs, the IHDR fields and the scanline filters are left to ImageSharp, which checks them.
/// </summary>
internal static class PngIntegrity
{
    /// <summary>The chunk layout (PNG spec §5.3: length, type, data, CRC), walked without decoding.</summary>
    /// <param name="Width">IHDR width, pixels.</param>
    /// <param name="Height">IHDR height, pixels.</param>
    /// <param name="BitsPerPixel">Bits per pixel from colour type and bit depth, or 0 for an invalid pair.</param>
    /// <param name="Interlaced">True for Adam7.</param>
    /// <param name="ImageData">The IDAT chunks' data, concatenated (the zlib stream).</param>
    internal sealed record Layout(long Width, long Height, int BitsPerPixel, bool Interlaced, byte[] ImageData);

    /// <summary>Walks the chunks: every chunk within the file, IHDR first, at least one IDAT, IEND present.</summary>
    /// <exception cref="ImageFormatException">The file is truncated or the chunk layout is broken.</exception>
    internal static Layout ReadLayout(byte[] data, string source)
    {
        int offset = 8;
        var idat = new MemoryStream();
        Layout? header = null;
        bool end = false;
        while (offset < data.Length && !end)
        {
            if (data.Length - offset < 12)
            {
                throw new ImageFormatException(source, $"chunk header at byte {offset} is cut short (file truncated?)");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            if (length > int.MaxValue || offset + 12L + length > data.Length)
            {
                throw new ImageFormatException(source, $"chunk {type} at byte {offset} runs past the end of the file (truncated?)");
            }

            ReadOnlySpan<byte> body = data.AsSpan(offset + 8, (int)length);
            if (header == null && type != "IHDR")
            {
                throw new ImageFormatException(source, $"first chunk is {type}, expected IHDR");
            }

            switch (type)
            {
                case "IHDR" when header == null && length == 13:
                    header = new Layout(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
                        BitsPerPixel(body[9], body[8]), body[12] == 1, Array.Empty<byte>());
                    break;
                case "IHDR":
                    throw new ImageFormatException(source, "malformed IHDR chunk");
                case "IDAT":
                    idat.Write(body);
                    break;
                case "IEND":
                    end = true;
                    break;
            }

            offset += 12 + (int)length;
        }

        if (header == null)
        {
            throw new ImageFormatException(source, "missing IHDR chunk (file truncated?)");
        }

        if (idat.Length == 0)
        {
            throw new ImageFormatException(source, "no IDAT chunk (no image data; file truncated?)");
        }

        if (!end)
        {
            throw new ImageFormatException(source, "missing IEND chunk (file truncated?)");
        }

        return header with { ImageData = idat.ToArray() };
    }

    /// <summary>
    /// Inflates the image data without keeping it and compares its length with the filtered scanlines the header
    /// declares (PNG spec §7.2, §8.2: one filter byte plus ⌈width·bits/8⌉ bytes per row, per Adam7 pass).
    /// .NET's <see cref="ZLibStream"/> verifies the Adler-32 checksum at the end of the stream. Call only after the
    /// size limits were checked, so the inflation is bounded.
    /// </summary>
    /// <exception cref="ImageFormatException">The zlib stream is corrupt (bad deflate data or Adler-32), or shorter than the image.</exception>
    internal static void CheckImageData(Layout layout, string source)
    {
        if (layout.BitsPerPixel == 0)
        {
            return; // invalid colour type / bit depth: ImageSharp reports it.
        }

        long expected = 0;
        foreach ((int x0, int y0, int dx, int dy) in layout.Interlaced ? Adam7 : new[] { (0, 0, 1, 1) })
        {
            long w = (layout.Width - x0 + dx - 1) / dx, h = (layout.Height - y0 + dy - 1) / dy;
            if (w > 0 && h > 0)
            {
                expected += h * (1 + (w * layout.BitsPerPixel + 7) / 8);
            }
        }

        long inflated = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(layout.ImageData), CompressionMode.Decompress);
            var buffer = new byte[81920];
            int n;
            while ((n = zlib.Read(buffer)) > 0)
            {
                inflated += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException(source, "corrupted zlib image data (bad deflate stream or Adler-32 checksum): " + e.Message);
        }

        if (inflated < expected)
        {
            throw new ImageFormatException(source, $"image data is truncated: {inflated} bytes of filtered scanlines, expected {expected}");
        }
    }

    /// <summary>Adam7 passes: first column, first row, column step, row step (PNG spec §8.2).</summary>
    private static readonly (int, int, int, int)[] Adam7 =
        { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) };

    /// <summary>Bits per pixel for a legal colour type / bit depth pair (PNG spec Table 11.1), else 0.</summary>
    private static int BitsPerPixel(int colorType, int depth) => (colorType, depth) switch
    {
        (0, 1 or 2 or 4 or 8 or 16) => depth,
        (3, 1 or 2 or 4 or 8) => depth,
        (2, 8 or 16) => 3 * depth,
        (4, 8 or 16) => 2 * depth,
        (6, 8 or 16) => 4 * depth,
        _ => 0,
    };
}
