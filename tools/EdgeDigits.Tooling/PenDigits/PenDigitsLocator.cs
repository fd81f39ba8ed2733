namespace EdgeDigits.Tooling.PenDigits;

/// <summary>
/// Finds the real pen-digit stroke file (<c>unipen-1a-dev.jsonl</c>, see <c>../shared/data/pen-digits/README.md</c>):
/// the option, else <c>EDGEDIGITS_PEN_DIGITS</c>, else <c>../shared/data/pen-digits</c> beside the repository.
/// Each may name the file itself or the directory that holds it. The data is never copied into the repository.
/// </summary>
public static class PenDigitsLocator
{
    /// <summary>Environment variable naming the pen-digit file or its directory.</summary>
    public const string EnvironmentVariable = "EDGEDIGITS_PEN_DIGITS";

    /// <summary>File name of the development set inside its directory.</summary>
    public const string DevFileName = "unipen-1a-dev.jsonl";

    /// <summary>Default directory, relative to the repository root.</summary>
    public const string DefaultRelativeDirectory = "../shared/data/pen-digits";

    /// <summary>The pen-digit file to use, or null when neither the option, the variable nor the default exists.</summary>
    /// <param name="option">Value of the command's option, or null.</param>
    /// <returns>A full path to an existing file, or null when no source is configured and the default is absent.</returns>
    /// <exception cref="FileNotFoundException">The option or the variable names a path that does not hold the file.</exception>
    public static string? Find(string? option)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return Existing(option, "the option");
        }

        string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env))
        {
            return Existing(env, EnvironmentVariable);
        }

        string fallback = Path.GetFullPath(Path.Combine(RepositoryPaths.FindRoot(), DefaultRelativeDirectory, DevFileName));
        return File.Exists(fallback) ? fallback : null;
    }

    private static string Existing(string path, string source)
    {
        string candidate = Directory.Exists(path) ? Path.Combine(path, DevFileName) : path;
        if (!File.Exists(candidate))
        {
            throw new FileNotFoundException($"pen-digit file '{candidate}' (from {source}) does not exist.", candidate);
        }

        return Path.GetFullPath(candidate);
    }
}
