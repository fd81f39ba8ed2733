namespace EdgeDigits.Tooling.Mnist;

/// <summary>
/// One MNIST split in memory: 28×28 images, pixels 0..255 (0 = background, 255 = ink), row-major, and labels 0..9.
/// </summary>
public sealed class MnistDataset
{
    /// <summary>Image side, in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>Pixels per image, 784.</summary>
    public const int PixelCount = ImageSize * ImageSize;

    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <summary>Creates a dataset from raw arrays.</summary>
    /// <param name="pixels">[count · 784] pixels.</param>
    /// <param name="labels">[count] labels 0..9.</param>
    /// <param name="name">Label for messages, e.g. the image file path.</param>
    /// <exception cref="ArgumentException">The lengths do not agree or a label is above 9.</exception>
    public MnistDataset(byte[] pixels, byte[] labels, string name)
    {
        if (pixels.Length != labels.Length * PixelCount)
        {
            throw new ArgumentException($"{name}: {pixels.Length} pixels do not make {labels.Length} images of 28×28.", nameof(pixels));
        }

        _pixels = pixels;
        _labels = labels;
        Name = name;
    }

    /// <summary>Where the data came from.</summary>
    public string Name { get; }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>The pixels of image <paramref name="index"/>, [784] row-major.</summary>
    /// <param name="index">0-based image index.</param>
    /// <returns>A view of the pixels.</returns>
    public ReadOnlySpan<byte> Image(int index) => _pixels.AsSpan(index * PixelCount, PixelCount);

    /// <summary>A copy of image <paramref name="index"/>, [784].</summary>
    /// <param name="index">0-based image index.</param>
    /// <returns>A new array.</returns>
    public byte[] CopyImage(int index) => Image(index).ToArray();

    /// <summary>The label (0..9) of image <paramref name="index"/>.</summary>
    /// <param name="index">0-based image index.</param>
    /// <returns>The digit.</returns>
    public int Label(int index) => _labels[index];

    /// <summary>Images [start, start + count) as a dataset of their own (copies).</summary>
    /// <param name="start">First image.</param>
    /// <param name="count">Number of images.</param>
    /// <returns>The slice.</returns>
    public MnistDataset Slice(int start, int count) =>
        new(_pixels.AsSpan(start * PixelCount, count * PixelCount).ToArray(), _labels.AsSpan(start, count).ToArray(), $"{Name}[{start}..{start + count})");

    /// <summary>
    /// Loads one split from <paramref name="directory"/>, which holds the canonical file names, each either
    /// gzip-compressed (<c>.gz</c>) or raw.
    /// </summary>
    /// <param name="directory">MNIST directory.</param>
    /// <param name="split">Which split.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="IdxFormatException">The directory cannot be read, a file cannot be read or is not a regular file,
    /// a file is malformed, the images are not 28×28, the image and label counts differ, or a label is not a digit.</exception>
    public static MnistDataset Load(string directory, MnistSplit split)
    {
        string prefix = split == MnistSplit.Train ? "train" : "t10k";
        string imagesPath = Find(directory, prefix + "-images-idx3-ubyte");
        string labelsPath = Find(directory, prefix + "-labels-idx1-ubyte");
        return Load(imagesPath, labelsPath);
    }

    /// <summary>Loads an image file and a label file and checks that they belong together.</summary>
    /// <param name="imagesPath">IDX3 image file.</param>
    /// <param name="labelsPath">IDX1 label file.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="IdxFormatException">A file is malformed, the images are not 28×28, the counts differ, or a label is not a digit.</exception>
    public static MnistDataset Load(string imagesPath, string labelsPath)
    {
        byte[] pixels = IdxReader.ReadImages(imagesPath, out int rows, out int cols);
        if (rows != ImageSize || cols != ImageSize)
        {
            throw new IdxFormatException($"{imagesPath}: images are {rows}×{cols}; MNIST images are 28×28.");
        }

        byte[] labels = IdxReader.ReadLabels(labelsPath);
        int imageCount = pixels.Length / PixelCount;
        if (imageCount != labels.Length)
        {
            throw new IdxFormatException($"{imagesPath} holds {imageCount} images but {labelsPath} holds {labels.Length} labels; the counts must match.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] > 9)
            {
                throw new IdxFormatException($"{labelsPath}: label {i} is {labels[i]}; MNIST labels are digits 0..9.");
            }
        }

        return new MnistDataset(pixels, labels, imagesPath);
    }

    private static string Find(string directory, string stem)
    {
        string[] names = { stem + ".gz", stem };
        foreach (string name in names)
        {
            // Whatever is there is taken: the IDX reader's regular-file gate then names a directory, FIFO or device as such.
            string path = Path.Combine(directory, name);
            if (InputFile.Classify(path) != InputFile.Kind.Missing)
            {
                return path;
            }
        }

        // Neither name exists, or the directory cannot be searched (an entry then looks missing too): tell them apart.
        List<string?> listed;
        try
        {
            listed = Directory.EnumerateFileSystemEntries(directory, stem + "*").Select(Path.GetFileName).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdxFormatException($"{directory}: cannot read the MNIST directory: {e.Message}", e);
        }

        foreach (string name in names)
        {
            if (listed.Contains(name))
            {
                // Listed but not reachable (a directory without search permission): the reader says why it cannot open it.
                return Path.Combine(directory, name);
            }
        }

        throw new FileNotFoundException($"{Path.Combine(directory, stem)}(.gz) not found: the MNIST directory must hold {stem}.gz or {stem}.", Path.Combine(directory, stem + ".gz"));
    }
}
