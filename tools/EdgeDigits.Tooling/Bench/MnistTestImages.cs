using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// Minimal reader of the MNIST test images (IDX format, unsigned bytes, [N, 28, 28]) for the bench.
/// </summary>
/// <remarks>IDX: big-endian magic 0x00000803, then N, rows, cols as big-endian int32, then N·rows·cols bytes.</remarks>
internal static class MnistTestImages
{
    /// <summary>Reads up to <paramref name="limit"/> images from t10k-images-idx3-ubyte(.gz) in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">Neither file exists.</exception>
    /// <exception cref="InvalidDataException">The header or length is wrong, or the gzip stream is corrupt; the message names the file.</exception>
    public static List<byte[]> Read(string directory, int limit)
    {
        string path = Path.Combine(directory, "t10k-images-idx3-ubyte");
        Stream stream;
        if (File.Exists(path + ".gz"))
        {
            path += ".gz";
            stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        }
        else if (File.Exists(path))
        {
            stream = File.OpenRead(path);
        }
        else
        {
            throw new FileNotFoundException("MNIST test images not found: " + path + "(.gz)", path);
        }

        try
        {
            return ReadImages(stream, path, limit);
        }
        catch (Exception e) when (CompressedStreams.IsDamage(e))
        {
            // Never .NET's message ("unsupported compression method" for any damage). The file is read as a stream,
            // not held, so the damage is named by the rule's words for an unknown part.
            throw new InvalidDataException($"{path}: the gzip stream is corrupt ({CompressedStreams.GzipDamage}).", e);
        }
    }

    private static List<byte[]> ReadImages(Stream stream, string path, int limit)
    {
        using (stream)
        {
            var header = new byte[16];
            stream.ReadExactly(header);
            int magic = BinaryPrimitives.ReadInt32BigEndian(header);
            int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
            int rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
            int cols = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
            if (magic != 0x803 || rows != 28 || cols != 28 || count < 0)
            {
                throw new InvalidDataException(path + ": expected IDX magic 0x00000803 and 28x28 images, found magic 0x"
                    + magic.ToString("x8") + ", " + rows + "x" + cols + ".");
            }

            var images = new List<byte[]>();
            for (int n = 0; n < Math.Min(count, limit); n++)
            {
                var image = new byte[784];
                try
                {
                    stream.ReadExactly(image);
                }
                catch (EndOfStreamException)
                {
                    throw new InvalidDataException(path + ": truncated at image " + n + " of " + count + ".");
                }

                images.Add(image);
            }

            return images;
        }
    }
}
