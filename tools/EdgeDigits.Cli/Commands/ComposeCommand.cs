using System.CommandLine;
using System.Globalization;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Cli.Commands;

/// <summary>
/// <c>edgedigits compose --out FILE.jsonl</c>: composes multi-digit drawings from the real pen-drawn single digits
/// (<see cref="MultiDigitComposer"/>), each number written by one writer, for measuring whole-string reading with
/// <c>edgedigits recognize</c>. Exit codes: 0 written, 1 failure (missing or malformed pen-digit file, count out of
/// range, no usable writer, cannot write), 2 usage error.
/// </summary>
internal static class ComposeCommand
{
    /// <summary>Most drawings one run writes: 1,000,000 (a few GB of strokes; beyond that the count is a typo).</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var pen = new Option<string?>("--pen")
        {
            Description = $"The pen-digit file ({PenDigitsLocator.DevFileName}) or its directory. Default: ${PenDigitsLocator.EnvironmentVariable}, "
                + $"else {PenDigitsLocator.DefaultRelativeDirectory} beside the repository.",
        };
        var writers = new Option<string>("--writers")
        {
            Description = "Whose digits: 'validation' (the held-out writers of the project's writer split), 'train' or 'all'.",
            DefaultValueFactory = _ => "validation",
        };
        writers.AcceptOnlyFromAmong("validation", "train", "all");
        var count = new Option<int>("--count") { Description = "Number of drawings.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed and file give a byte-identical output.", DefaultValueFactory = _ => MultiDigitComposer.DefaultSeed };
        var output = new Option<string>("--out") { Description = "The .jsonl stroke file to write (overwritten).", Required = true };
        var command = new Command("compose", "Compose multi-digit drawings from real pen-drawn digits, each number by one writer.")
        {
            pen, writers, count, seed, output,
        };
        command.SetAction(parse => Run(parse.GetValue(pen), parse.GetValue(writers)!, parse.GetValue(count), parse.GetValue(seed), parse.GetValue(output)!));
        return command;
    }

    private static int Run(string? penOption, string writers, int count, int seed, string output)
    {
        if (count < 1 || count > MaxCount)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compose: --count must lie in 1..{MaxCount:N0}, got {count}."));
            return 1;
        }

        string? path;
        try
        {
            path = PenDigitsLocator.Find(penOption);
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine("compose: " + e.Message);
            return 1;
        }

        if (path == null)
        {
            Console.Error.WriteLine($"compose: no pen-digit file: pass --pen FILE, set {PenDigitsLocator.EnvironmentVariable}, "
                + $"or put {PenDigitsLocator.DevFileName} in {PenDigitsLocator.DefaultRelativeDirectory} beside the repository.");
            return 1;
        }

        List<StrokeFileEntry> entries = StrokeFileReader.Read(path);
        List<string> errors = entries.Where(e => e.Error != null).Select(e => e.Error!).ToList();
        if (errors.Count > 0)
        {
            foreach (string error in errors.Take(10))
            {
                Console.Error.WriteLine("error: " + error);
            }

            Console.Error.WriteLine($"compose: {errors.Count} malformed drawing(s) in {path}; nothing written.");
            return 1;
        }

        WriterSubset subset = writers switch
        {
            "train" => WriterSubset.Train,
            "all" => WriterSubset.All,
            _ => WriterSubset.Validation,
        };
        var composer = new MultiDigitComposer(entries.Select(e => e.Sample!));
        List<ComposedDrawing> drawings;
        try
        {
            drawings = composer.Compose(count, seed, subset);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"compose: {path}: {e.Message}");
            return 1;
        }

        try
        {
            MultiDigitComposer.WriteJsonl(drawings, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"compose: cannot write {output}: {e.Message}");
            return 1;
        }

        int digits = drawings.Sum(d => d.Digits.Count);
        int usedWriters = drawings.Select(d => d.Writer).Distinct(StringComparer.Ordinal).Count();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"composed {drawings.Count:N0} drawings ({digits:N0} digits) from {usedWriters} {writers} writers of {path}, seed {seed}; "
            + $"{composer.SkippedCount} source drawing(s) skipped; wrote {Path.GetFullPath(output)}"));
        return 0;
    }
}
