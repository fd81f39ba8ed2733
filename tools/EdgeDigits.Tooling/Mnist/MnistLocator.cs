namespace EdgeDigits.Tooling.Mnist;

/// <summary>
/// Finds the MNIST directory: the <c>--mnist</c> option, else <c>EDGEDIGITS_MNIST_DIR</c>, else
/// <c>../shared/data/mnist</c> beside the repository when it holds the four files (where the pen digits are found
/// too, <see cref="PenDigits.PenDigitsLocator"/>), else the download cache.
/// </summary>
public static class MnistLocator
{
    /// <summary>Environment variable naming a directory with the MNIST IDX files.</summary>
    public const string EnvironmentVariable = "EDGEDIGITS_MNIST_DIR";

    /// <summary>Default directory, relative to the repository root.</summary>
    public const string DefaultRelativeDirectory = "../shared/data/mnist";

    /// <summary>
    /// Returns the MNIST directory to use, downloading into <see cref="MnistDownloader.DefaultCacheDirectory"/> when
    /// neither the option nor the environment variable is set and the directory beside the repository does not hold
    /// the four files (each as <c>STEM</c> or <c>STEM.gz</c>).
    /// </summary>
    /// <param name="option">Value of <c>--mnist</c>, or null.</param>
    /// <param name="log">Receives progress lines for downloads.</param>
    /// <returns>A directory holding the four files.</returns>
    /// <exception cref="DirectoryNotFoundException">The option or variable names a directory that does not exist.</exception>
    /// <exception cref="IOException">The download failed.</exception>
    public static string Resolve(string? option, Action<string>? log = null)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return Existing(option, "--mnist");
        }

        string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env))
        {
            return Existing(env, EnvironmentVariable);
        }

        if (BesideRepository(RepositoryPaths.FindRoot()) is string beside)
        {
            return beside;
        }

        string cache = MnistDownloader.DefaultCacheDirectory();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        new MnistDownloader(http).EnsureAsync(cache, log).GetAwaiter().GetResult();
        return cache;
    }

    /// <summary>
    /// <see cref="DefaultRelativeDirectory"/> resolved against <paramref name="repositoryRoot"/> when it holds all four
    /// files (each as <c>STEM</c> or <c>STEM.gz</c>), else null.
    /// </summary>
    internal static string? BesideRepository(string repositoryRoot)
    {
        string beside = Path.GetFullPath(Path.Combine(repositoryRoot, DefaultRelativeDirectory));
        bool complete = MnistFiles.All.All(f => File.Exists(Path.Combine(beside, f.Stem)) || File.Exists(Path.Combine(beside, f.Stem + ".gz")));
        return complete ? beside : null;
    }

    private static string Existing(string directory, string source)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"MNIST directory '{directory}' (from {source}) does not exist.");
        }

        return directory;
    }
}
