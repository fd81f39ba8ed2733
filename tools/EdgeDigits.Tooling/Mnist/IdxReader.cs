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

    /// <summary>Largest IDX content accepted, raw or after decompression (1 GiB; MNIST's largest file is 47 MB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Most dimensions an IDX header may declare.</summary>
    public const int MaxDimensions = 8;

    /// <summary>
    /// Reads the whole file, decompressing gzip (one member or several concatenated); the result is the raw IDX
    /// content. Decompression is bounded by the size the IDX header declares: a stream that inflates beyond it fails
    /// after reading at most <see cref="SlackBytes"/> more, and a header declaring more than <see cref="MaxBytes"/> is
    /// refused before anything is allocated.
    /// </summary>
    /// <param name="path">File path.</param>
    /// <returns>Uncompressed bytes.</returns>
    /// <exception cref="IdxFormatException">The file cannot be read, is not a regular file, or the gzip stream is
    /// truncated, corrupt or inflates to more than its header declares.</exception>
    public static byte[] ReadAll(string path)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, MaxBytes);
        }
        catch (InputFileException e)
        {
            throw new IdxFormatException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdxFormatException($"{path}: cannot read the IDX file: {e.Message}", e);
        }

        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return bytes;
        }

        // RFC 1952: a member is at least a 10-byte header and an 8-byte trailer.
        if (bytes.Length < 18)
        {
            throw new IdxFormatException($"{path}: truncated gzip: the file is {bytes.Length} bytes, less than the 18 bytes of the smallest gzip stream.");
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var head = new byte[4];
            int got = gzip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (got < head.Length)
            {
                throw Truncated(path, got, "the 4-byte IDX magic number");
            }

            if (head[0] != 0 || head[1] != 0 || head[3] == 0 || head[3] > MaxDimensions)
            {
                throw new IdxFormatException(
                    $"{path}: wrong IDX magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(head):X8} after decompression; an IDX file starts with 00 00, a type byte and 1..{MaxDimensions} dimensions.");
            }

            int headerLength = 4 + (4 * head[3]);
            var header = new byte[headerLength];
            head.CopyTo(header, 0);
            got = 4 + gzip.ReadAtLeast(header.AsSpan(4), headerLength - 4, throwOnEndOfStream: false);
            if (got < headerLength)
            {
                throw Truncated(path, got, $"the {headerLength}-byte IDX header");
            }

            long declared = headerLength;
            long items = 1;
            for (int d = 0; d < head[3]; d++)
            {
                items *= BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 + (4 * d)));
                if (items > MaxBytes)
                {
                    throw new IdxFormatException($"{path}: the IDX header declares more than {MaxBytes:N0} bytes of data (the limit).");
                }
            }

            declared += items;
            var data = new byte[declared];
            header.CopyTo(data, 0);
            got = headerLength + gzip.ReadAtLeast(data.AsSpan(headerLength), data.Length - headerLength, throwOnEndOfStream: false);
            if (got < declared)
            {
                throw Truncated(path, got, $"the {declared:N0} bytes its IDX header declares");
            }

            int extra = gzip.ReadAtLeast(new byte[SlackBytes], 1, throwOnEndOfStream: false);
            if (extra > 0)
            {
                throw new IdxFormatException(
                    $"{path}: the gzip stream decompresses to more than the {declared:N0} bytes its IDX header declares (at least {extra:N0} more); the file is corrupt.");
            }

            return data;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            // Never .NET's message ("unsupported compression method" for any damage): CompressedStreams says what is wrong.
            throw new IdxFormatException($"{path}: the gzip stream is corrupt ({CompressedStreams.DescribeGzip(bytes, MaxBytes + MaxDimensions * 4 + 4 + SlackBytes)}).", e);
        }
    }

    /// <summary>How many bytes past the declared size <see cref="ReadAll"/> reads to tell a longer stream.</summary>
    public const int SlackBytes = 64 << 10;

    private static IdxFormatException Truncated(string path, long got, string what) =>
        new($"{path}: the gzip stream is truncated or corrupt (it decompresses to {got:N0} bytes, less than {what}).");

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
