namespace EdgeDigits.Tooling.Mnist;

/// <summary>Finds the MNIST directory: the <c>--mnist</c> option, else <c>EDGEDIGITS_MNIST_DIR</c>, else the download cache.</summary>
public static class MnistLocator
{
    /// <summary>Environment variable naming a directory with the MNIST IDX files.</summary>
    public const string EnvironmentVariable = "EDGEDIGITS_MNIST_DIR";

    /// <summary>
    /// Returns the MNIST directory to use, downloading into <see cref="MnistDownloader.DefaultCacheDirectory"/> when
    /// neither the option nor the environment variable is set.
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

        string cache = MnistDownloader.DefaultCacheDirectory();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        new MnistDownloader(http).EnsureAsync(cache, log).GetAwaiter().GetResult();
        return cache;
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
