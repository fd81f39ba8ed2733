using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Tests.PenDigits;

/// <summary>
/// The real pen-digit file for the data tests, found as the tool finds it (EDGEDIGITS_PEN_DIGITS, else
/// ../shared/data/pen-digits beside the repository). Without it the data tests fail, naming the variable: CI has the data.
/// </summary>
internal static class PenDigitsData
{
    private static readonly Lazy<string> s_path = new(() =>
    {
        string? path;
        try
        {
            path = PenDigitsLocator.Find(null);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException($"{e.Message} Point {PenDigitsLocator.EnvironmentVariable} at {PenDigitsLocator.DevFileName} or its directory.", e);
        }

        return path ?? throw new InvalidOperationException(
            $"The real pen-digit file {PenDigitsLocator.DevFileName} was not found: set {PenDigitsLocator.EnvironmentVariable} to the file or its "
            + $"directory, or put it in {PenDigitsLocator.DefaultRelativeDirectory} beside the repository ({System.IO.Path.GetFullPath(System.IO.Path.Combine(TestData.RepositoryRoot, PenDigitsLocator.DefaultRelativeDirectory))}).");
    });

    private static readonly Lazy<List<StrokeSample>> s_samples = new(() =>
    {
        List<StrokeFileEntry> entries = StrokeFileReader.Read(Path);
        StrokeFileEntry? bad = entries.FirstOrDefault(e => e.Error != null);
        if (bad != null)
        {
            throw new InvalidOperationException("pen-digit file has a malformed line: " + bad.Error);
        }

        return entries.Select(e => e.Sample!).ToList();
    });

    /// <summary>Full path of unipen-1a-dev.jsonl.</summary>
    public static string Path => s_path.Value;

    /// <summary>Every drawing of the file, in file order.</summary>
    public static IReadOnlyList<StrokeSample> Samples => s_samples.Value;
}
