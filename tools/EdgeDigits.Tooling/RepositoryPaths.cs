namespace EdgeDigits.Tooling;

/// <summary>Locates the EdgeDigits repository so the CLI's default paths work from the repository root or below it.</summary>
public static class RepositoryPaths
{
    /// <summary>Marker file of the repository root.</summary>
    public const string SolutionFile = "EdgeDigits.sln";

    /// <summary>The nearest directory at or above <paramref name="start"/> holding EdgeDigits.sln, or <paramref name="start"/> itself.</summary>
    /// <param name="start">Where to start (default: the current directory).</param>
    /// <returns>The repository root, or the start directory when none is found.</returns>
    public static string FindRoot(string? start = null)
    {
        string origin = Path.GetFullPath(start ?? Directory.GetCurrentDirectory());
        for (DirectoryInfo? dir = new(origin); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return origin;
    }

    /// <summary>An explicit path as given (relative to the current directory), or the default resolved against the repository root.</summary>
    /// <param name="explicitPath">The option value, or null.</param>
    /// <param name="defaultRelativePath">Default, relative to the repository root, e.g. "models/lenet5.onnx".</param>
    /// <returns>A full path.</returns>
    public static string Resolve(string? explicitPath, string defaultRelativePath) =>
        Path.GetFullPath(explicitPath ?? Path.Combine(FindRoot(), defaultRelativePath));
}
