using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Checks of a PNG file that SixLabors.ImageSharp 2.1.13 does not make, so that damaged files are refused with a
/// message instead of decoding to a silently blank or partial image. Measured on that version: a file cut before IEND
/// decodes, image data shorter than the image is padded with transparent black, and the zlib Adler-32 checksum is not
/// verified. The IHDR fields and the scanline filters are left to ImageSharp, which checks them.
/// </summary>
/// <remarks>
/// <para>
/// More of what 2.1.13 mishandles, found by ImageFuzzTests. IDAT chunks interrupted by another chunk, which the PNG spec
/// forbids (§5.6), make it stop reading at that chunk: a non-interlaced image decodes with the rest of its rows black,
/// an Adam7 image loops forever. An empty first IDAT and IDATs of one byte each, both legal, make it throw (a zlib
/// header error, an <see cref="IndexOutOfRangeException"/>). Its metadata readers throw
/// <see cref="IndexOutOfRangeException"/> on a malformed iTXt chunk. An Adam7 palette image throws
/// <see cref="NullReferenceException"/> without a PLTE chunk, and reads past the end of a palette shorter than its
/// indices (pixels of heap garbage; the non-interlaced path takes the last entry instead).
/// </para>
/// <para>
/// So image data split by another chunk is refused, and so is a palette image without one PLTE of 1..256 entries
/// before its image data (§11.2.3); and ImageSharp is given a rewritten file (<see cref="Layout.Joined"/>): the IDAT
/// chunks joined into one, no ancillary chunk but tRNS (the others do not change the pixels), and the palette padded
/// to 256 entries with copies of its last one, so an index past the palette reads that entry in both paths. The CRCs of
/// all chunks are checked here, since the rewritten file carries new ones.
/// </para>
/// </remarks>
internal static class PngIntegrity
{
    /// <summary>The chunk layout (PNG spec §5.3: length, type, data, CRC), walked without decoding.</summary>
    /// <param name="Width">IHDR width, pixels.</param>
    /// <param name="Height">IHDR height, pixels.</param>
    /// <param name="BitsPerPixel">Bits per pixel from colour type and bit depth, or 0 for an invalid pair.</param>
    /// <param name="Interlaced">True for Adam7.</param>
    /// <param name="ImageData">The IDAT chunks' data, concatenated (the zlib stream).</param>
    /// <param name="Joined">The file for ImageSharp: the signature, the critical chunks and tRNS before the image data
    /// (PLTE padded to 256 entries), one IDAT holding <paramref name="ImageData"/>, the critical chunks after it up to
    /// IEND; nothing after IEND.</param>
    internal sealed record Layout(long Width, long Height, int BitsPerPixel, bool Interlaced, byte[] ImageData, byte[] Joined);

    /// <summary>
    /// Walks the chunks: every chunk within the file and its CRC right, IHDR first, at least one IDAT, the IDATs
    /// consecutive, one PLTE before them for a palette image, IEND present; and builds the file ImageSharp decodes
    /// (<see cref="Layout.Joined"/>).
    /// </summary>
    /// <exception cref="ImageFormatException">The file is truncated or the chunk layout is broken.</exception>
    internal static Layout ReadLayout(byte[] data, string source)
    {
        int offset = 8;
        var idat = new MemoryStream();
        Layout? header = null;
        int colorType = -1;
        bool end = false, inImageData = false, afterImageData = false, palette = false;
        string previous = "";

        // The chunks ImageSharp is given, in order; the image data goes where the first IDAT was.
        var kept = new List<(string Type, byte[] Data)>();
        int imageDataAt = -1;
        while (offset < data.Length && !end)
        {
            if (data.Length - offset < 12)
            {
                throw new ImageFormatException(source, $"chunk header at byte {offset} is cut short (file truncated?)");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            string type = System.Text.Encoding.Latin1.GetString(data, offset + 4, 4);
            if (length > int.MaxValue || offset + 12L + length > data.Length)
            {
                throw new ImageFormatException(source, $"chunk {type} at byte {offset} runs past the end of the file (truncated?)");
            }

            ReadOnlySpan<byte> body = data.AsSpan(offset + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 8 + (int)length));
            uint computed = Crc32(data.AsSpan(offset + 4, 4 + (int)length));
            if (stored != computed)
            {
                throw new ImageFormatException(source, $"chunk {type} at byte {offset} has a bad CRC (stored {stored:X8}, computed {computed:X8})");
            }

            if (header == null && type != "IHDR")
            {
                throw new ImageFormatException(source, $"first chunk is {type}, expected IHDR");
            }

            if (type != "IDAT")
            {
                afterImageData |= inImageData;
            }

            switch (type)
            {
                case "IHDR" when header == null && length == 13:
                    header = new Layout(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
                        BitsPerPixel(body[9], body[8]), body[12] == 1, Array.Empty<byte>(), Array.Empty<byte>());
                    colorType = body[9];
                    break;
                case "IHDR":
                    throw new ImageFormatException(source, "malformed IHDR chunk");
                case "IDAT" when afterImageData:
                    throw new ImageFormatException(source, $"IDAT chunk at byte {offset} follows a {previous} chunk: the image data chunks must be consecutive");
                case "IDAT":
                    if (!inImageData && colorType == 3 && !palette)
                    {
                        throw new ImageFormatException(source, "palette image (colour type 3) without a PLTE chunk before its image data");
                    }

                    inImageData = true;
                    imageDataAt = imageDataAt < 0 ? kept.Count : imageDataAt;
                    idat.Write(body);
                    break;
                case "PLTE" when palette || inImageData:
                    throw new ImageFormatException(source, $"PLTE chunk at byte {offset} {(palette ? "is the second one" : "follows the image data")}: a PNG has at most one, before its IDAT chunks");
                case "PLTE" when length is 0 or > 768 || length % 3 != 0:
                    throw new ImageFormatException(source, $"PLTE chunk of {length} bytes: a palette is 1 to 256 RGB entries, 3 bytes each");
                case "PLTE":
                    palette = true;
                    var padded = new byte[768];
                    body.CopyTo(padded);
                    for (int i = (int)length; i < padded.Length; i += 3)
                    {
                        body[^3..].CopyTo(padded.AsSpan(i));
                    }

                    kept.Add((type, padded));
                    break;
                case "IEND":
                    end = true;
                    break;
            }

            // Ancillary chunks (type's first letter lower case) other than tRNS do not change the pixels; they are
            // left out, so that ImageSharp's metadata readers never see them.
            if (type is not ("IDAT" or "PLTE") && ((data[offset + 4] & 0x20) == 0 || type == "tRNS"))
            {
                kept.Add((type, body.ToArray()));
            }

            previous = type;
            offset += 12 + (int)length;
        }

        if (header == null)
        {
            throw new ImageFormatException(source, "missing IHDR chunk (file truncated?)");
        }

        if (!inImageData)
        {
            throw new ImageFormatException(source, "no IDAT chunk (no image data; file truncated?)");
        }

        if (!end)
        {
            throw new ImageFormatException(source, "missing IEND chunk (file truncated?)");
        }

        byte[] imageData = idat.ToArray();
        kept.Insert(imageDataAt, ("IDAT", imageData));
        var joined = new byte[8 + kept.Sum(c => 12 + c.Data.Length)];
        data.AsSpan(0, 8).CopyTo(joined);
        int at = 8;
        foreach ((string type, byte[] body) in kept)
        {
            BinaryPrimitives.WriteUInt32BigEndian(joined.AsSpan(at), (uint)body.Length);
            System.Text.Encoding.Latin1.GetBytes(type, joined.AsSpan(at + 4, 4));
            body.CopyTo(joined, at + 8);
            BinaryPrimitives.WriteUInt32BigEndian(joined.AsSpan(at + 8 + body.Length), Crc32(joined.AsSpan(at + 4, 4 + body.Length)));
            at += 12 + body.Length;
        }

        return header with { ImageData = imageData, Joined = joined };
    }

    /// <summary>
    /// Inflates the image data without keeping it and compares its length with the filtered scanlines the header
    /// declares (PNG spec §7.2, §8.2: one filter byte plus ⌈width·bits/8⌉ bytes per row, per Adam7 pass).
    /// .NET's <see cref="ZLibStream"/> verifies the Adler-32 checksum at the end of the stream. Call only after the
    /// size limits were checked, so the inflation is bounded.
    /// </summary>
    /// <exception cref="ImageFormatException">The zlib stream is corrupt (bad header, deflate data or Adler-32), or shorter than the image.</exception>
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
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // IOException: .NET's inflater throws its ZLibException (an IOException, not an InvalidDataException) for
            // some bad zlib headers, e.g. 78 7D (found by ImageFuzzTests).
            // Never .NET's message ("unsupported compression method" for any damage): CompressedStreams says what is wrong.
            throw new ImageFormatException(source, $"corrupted zlib image data ({CompressedStreams.DescribeZlib(layout.ImageData, Math.Max(inflated, expected) + (1 << 20))})");
        }

        if (inflated < expected)
        {
            throw new ImageFormatException(source, $"image data is truncated: {inflated} bytes of filtered scanlines, expected {expected}");
        }
    }

    /// <summary>Adam7 passes: first column, first row, column step, row step (PNG spec §8.2).</summary>
    private static readonly (int, int, int, int)[] Adam7 =
        { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) };

    /// <summary>
    /// The width and height the IHDR chunk declares, read from the first 24 bytes of a file (signature, then IHDR's
    /// length, type and the two unsigned 32-bit sizes, PNG spec §11.2.2), for the size check made before the rest of a
    /// file is read; null when those bytes are not an IHDR header (<see cref="ReadLayout"/> then says what is wrong).
    /// </summary>
    /// <param name="head">The first bytes of the file, signature included.</param>
    /// <returns>(width, height) in pixels, or null.</returns>
    internal static (long Width, long Height)? DeclaredSize(ReadOnlySpan<byte> head) =>
        head.Length >= 24 && head[12..16].SequenceEqual("IHDR"u8)
            ? (BinaryPrimitives.ReadUInt32BigEndian(head[16..]), BinaryPrimitives.ReadUInt32BigEndian(head[20..]))
            : null;

    /// <summary>The CRC-32 of PNG spec §5.5 (ISO 3309, polynomial EDB88320 reflected) over a chunk's type and data.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> bytes) => System.IO.Hashing.Crc32.HashToUInt32(bytes);

    /// <summary>Bits per pixel for a legal colour type / bit depth pair (PNG spec Table 11.1), else 0.</summary>
    internal static int BitsPerPixel(int colorType, int depth) => (colorType, depth) switch
    {
        (0, 1 or 2 or 4 or 8 or 16) => depth,
        (3, 1 or 2 or 4 or 8) => depth,
        (2, 8 or 16) => 3 * depth,
        (4, 8 or 16) => 2 * depth,
        (6, 8 or 16) => 4 * depth,
        _ => 0,
    };
}
