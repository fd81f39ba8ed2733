namespace EdgeDigits.Tooling.Mnist;

/// <summary>The four MNIST files and the SHA-256 of their uncompressed content.</summary>
/// <remarks>
/// Hashes of the uncompressed IDX bytes (not of the .gz files, whose bytes differ between mirrors that
/// re-compress): they pin the original LeCun/Cortes/Burges data whatever mirror served it.
/// </remarks>
public static class MnistFiles
{
    /// <summary>(file stem, SHA-256 of the uncompressed file, lowercase hex).</summary>
    public static readonly IReadOnlyList<(string Stem, string Sha256)> All = new[]
    {
        ("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        ("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        ("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        ("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    };

    /// <summary>Public mirrors serving the gzip files under their canonical names, tried in order.</summary>
    public static readonly IReadOnlyList<string> Mirrors = new[]
    {
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    };
}
