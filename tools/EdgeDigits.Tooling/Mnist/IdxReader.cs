using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeDigits.Tooling.Mnist;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, http://yann.lecun.com/exdb/mnist/): a big-endian header — two zero
/// bytes, a type byte (0x08 = unsigned byte), the number of dimensions, then one 32-bit size per dimension —
/// followed by the data. Files may be gzip-compressed (detected by the gzip magic 1F 8B, whatever the name).
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file: [count, rows, cols] bytes, row-major.</summary>
    /// <param name="path">IDX3 file, raw or .gz.</param>
    /// <param name="rows">Rows per image.</param>
    /// <param name="cols">Columns per image.</param>
    /// <returns>count·rows·cols pixels.</returns>
    /// <exception cref="IdxFormatException">Wrong magic, truncated or oversized file, or an unreadable gzip stream.</exception>
    public static byte[] ReadImages(string path, out int rows, out int cols)
    {
        byte[] data = ReadAll(path);
        CheckMagic(path, data, ImagesMagic, "image");
        if (data.Length < 16)
        {
            throw new IdxFormatException($"{path}: truncated IDX image header ({data.Length} of 16 bytes).");
        }

        int count = ReadDimension(path, data, 4, "image count");
        rows = ReadDimension(path, data, 8, "rows");
        cols = ReadDimension(path, data, 12, "columns");
        long expected = (long)count * rows * cols;
        CheckLength(path, data.Length - 16, expected, $"{count} images of {rows}×{cols}");
        return data.AsSpan(16).ToArray();
    }

    /// <summary>Reads a label file.</summary>
    /// <param name="path">IDX1 file, raw or .gz.</param>
    /// <returns>One label per item.</returns>
    /// <exception cref="IdxFormatException">Wrong magic, truncated or oversized file, or an unreadable gzip stream.</exception>
    public static byte[] ReadLabels(string path)
    {
        byte[] data = ReadAll(path);
        CheckMagic(path, data, LabelsMagic, "label");
        int count = ReadDimension(path, data, 4, "label count");
        CheckLength(path, data.Length - 8, count, $"{count} labels");
        return data.AsSpan(8).ToArray();
    }

    /// <summary>Reads the whole file, decompressing gzip; the result is the raw IDX content.</summary>
    /// <param name="path">File path.</param>
    /// <returns>Uncompressed bytes.</returns>
    /// <exception cref="IdxFormatException">The file cannot be read or the gzip stream is truncated or corrupt.</exception>
    public static byte[] ReadAll(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdxFormatException($"{path}: cannot read the IDX file: {e.Message}", e);
        }

        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            // GZipStream stops quietly at the end of a truncated stream; the gzip trailer (RFC 1952 §2.3.1) ends with
            // ISIZE, the uncompressed length mod 2^32, which a cut-off file does not reproduce.
            uint recorded = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
            if (bytes.Length < 18 || recorded != (uint)output.Length)
            {
                throw new IdxFormatException(
                    $"{path}: the gzip stream is truncated or corrupt (it decompresses to {output.Length} bytes but its trailer records {recorded}).");
            }

            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new IdxFormatException($"{path}: the gzip stream is truncated or corrupt ({e.Message.TrimEnd('.')}).", e);
        }
    }

    private static void CheckMagic(string path, byte[] data, int expected, string kind)
    {
        if (data.Length < 8)
        {
            throw new IdxFormatException($"{path}: truncated IDX header ({data.Length} bytes); not an MNIST {kind} file.");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(data);
        if (magic != expected)
        {
            throw new IdxFormatException($"{path}: wrong IDX magic number 0x{magic:X8}; an MNIST {kind} file starts with 0x{expected:X8}.");
        }
    }

    private static int ReadDimension(string path, byte[] data, int offset, string what)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
        if (value < 0)
        {
            throw new IdxFormatException($"{path}: invalid {what} {value} in the IDX header.");
        }

        return value;
    }

    private static void CheckLength(string path, long actual, long expected, string what)
    {
        if (actual < expected)
        {
            throw new IdxFormatException($"{path}: truncated IDX file: the header announces {what} ({expected} bytes) but only {actual} follow.");
        }

        if (actual > expected)
        {
            throw new IdxFormatException($"{path}: {actual - expected} unexpected bytes after the {what} the header announces.");
        }
    }
}
