using System.IO.Compression;

namespace EdgeDigits.Tooling.Recognition;

/// <summary>
/// A minimal reader of MNIST IDX files (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"): idx3-ubyte images
/// [N, 28, 28] row-major, 0 = background, 255 = ink, and idx1-ubyte labels [N]; gzip-compressed or not.
/// Used by the ink tools to build stroke test sets and to measure MNIST's stroke statistics.
/// </summary>
public sealed class MnistDigits
{
    private MnistDigits(byte[] pixels, byte[] labels, int count)
    {
        Pixels = pixels;
        Labels = labels;
        Count = count;
    }

    /// <summary>Number of digits.</summary>
    public int Count { get; }

    /// <summary>All images, [Count, 28, 28] row-major, image i at offset i·784.</summary>
    public byte[] Pixels { get; }

    /// <summary>Labels, [Count], 0..9.</summary>
    public byte[] Labels { get; }

    /// <summary>Copies image <paramref name="index"/> into a new [784] array.</summary>
    public byte[] GetImage(int index) => Pixels.AsSpan(index * 784, 784).ToArray();

    /// <summary>Loads the MNIST test set (t10k) from a directory holding the IDX files (.gz or raw).</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid IDX file of the expected type.</exception>
    public static MnistDigits LoadTestSet(string directory) =>
        Load(Path.Combine(directory, "t10k-images-idx3-ubyte"), Path.Combine(directory, "t10k-labels-idx1-ubyte"));

    /// <summary>Loads the MNIST training set from a directory holding the IDX files (.gz or raw).</summary>
    public static MnistDigits LoadTrainingSet(string directory) =>
        Load(Path.Combine(directory, "train-images-idx3-ubyte"), Path.Combine(directory, "train-labels-idx1-ubyte"));

    /// <summary>Loads images and labels from two IDX files; <c>.gz</c> is appended when the raw file does not exist.</summary>
    public static MnistDigits Load(string imagesPath, string labelsPath)
    {
        byte[] images = ReadAll(imagesPath);
        byte[] labels = ReadAll(labelsPath);
        int n = CheckHeader(images, imagesPath, 0x00000803, 3);
        int m = CheckHeader(labels, labelsPath, 0x00000801, 1);
        int rows = BigEndian(images, 8), cols = BigEndian(images, 12);
        if (rows != 28 || cols != 28)
        {
            throw new InvalidDataException($"{imagesPath}: images are {rows}x{cols}, expected 28x28.");
        }

        if (n != m)
        {
            throw new InvalidDataException($"{imagesPath}: {n} images but {labelsPath} has {m} labels.");
        }

        if (images.Length < 16 + n * 784 || labels.Length < 8 + n)
        {
            throw new InvalidDataException($"{imagesPath}: file is truncated.");
        }

        return new MnistDigits(images.AsSpan(16, n * 784).ToArray(), labels.AsSpan(8, n).ToArray(), n);
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path) && File.Exists(path + ".gz"))
        {
            path += ".gz";
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"MNIST file not found: {path}(.gz)", path);
        }

        using FileStream file = File.OpenRead(path);
        using var memory = new MemoryStream();
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            gzip.CopyTo(memory);
        }
        else
        {
            file.CopyTo(memory);
        }

        return memory.ToArray();
    }

    private static int CheckHeader(byte[] data, string path, int magic, int dims)
    {
        if (data.Length < 4 + 4 * dims || BigEndian(data, 0) != magic)
        {
            throw new InvalidDataException($"{path}: not an IDX file with magic 0x{magic:X8}.");
        }

        return BigEndian(data, 4);
    }

    private static int BigEndian(byte[] data, int offset) =>
        (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
}
