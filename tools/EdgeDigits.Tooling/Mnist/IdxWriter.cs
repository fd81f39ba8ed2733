using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeDigits.Tooling.Mnist;

/// <summary>
/// Writes IDX files (the format <see cref="IdxReader"/> reads: big-endian magic and dimensions, then unsigned
/// bytes). A path ending in <c>.gz</c> is written gzip-compressed. Output is deterministic: the same data gives the
/// same bytes (the gzip header carries no time stamp).
/// </summary>
public static class IdxWriter
{
    /// <summary>Writes an image file: <c>[count, rows, cols]</c> unsigned bytes, row-major.</summary>
    /// <param name="path">Destination (.gz for compressed).</param>
    /// <param name="pixels">count·rows·cols bytes.</param>
    /// <param name="rows">Rows per image.</param>
    /// <param name="cols">Columns per image.</param>
    /// <exception cref="ArgumentException">The pixel count is not a multiple of rows·cols, or a size is not positive.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteImages(string path, byte[] pixels, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (rows <= 0 || cols <= 0 || pixels.Length % (rows * cols) != 0)
        {
            throw new ArgumentException($"{pixels.Length} pixels are not a whole number of {rows}×{cols} images.", nameof(pixels));
        }

        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), pixels.Length / (rows * cols));
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), cols);
        Write(path, header, pixels);
    }

    /// <summary>Writes a label file: <c>[count]</c> unsigned bytes.</summary>
    /// <param name="path">Destination (.gz for compressed).</param>
    /// <param name="labels">One byte per item.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteLabels(string path, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels);
    }

    private static void Write(string path, byte[] header, byte[] body)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        Stream output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true)
            : file;
        output.Write(header);
        output.Write(body);
        if (output != file)
        {
            output.Dispose();
        }
    }
}
