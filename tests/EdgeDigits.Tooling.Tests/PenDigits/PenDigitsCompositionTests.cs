using EdgeDigits.Model;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Recognition;
using EdgeDigits.Tooling.Strokes;
using Xunit.Abstractions;

namespace EdgeDigits.Tooling.Tests.PenDigits;

/// <summary>
/// Composition on the real pen digits (unipen-1a-dev.jsonl, found through EDGEDIGITS_PEN_DIGITS or
/// ../shared/data/pen-digits; without it these tests fail and say so), and the whole-string accuracy of the
/// shipped model on composed numbers of the validation writers.
/// </summary>
public class PenDigitsCompositionTests
{
    private readonly ITestOutputHelper _output;

    public PenDigitsCompositionTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Validation_numbers_are_made_of_validation_writers_digits_only_and_faithfully()
    {
        IReadOnlyList<StrokeSample> sources = PenDigitsData.Samples;
        var composer = new MultiDigitComposer(sources);
        List<ComposedDrawing> drawings = composer.Compose(500, MultiDigitComposer.DefaultSeed, WriterSubset.Validation);
        Dictionary<string, StrokeSample> bySource = sources.ToDictionary(s => s.Source);
        var validationWriters = sources.Select(s => WriterSplit.WriterOf(s.Id)!).Where(WriterSplit.IsValidationWriter).ToHashSet();
        Assert.Equal(36, validationWriters.Count);

        for (int i = 0; i < drawings.Count; i++)
        {
            ComposedDrawing d = drawings[i];
            Assert.EndsWith("/" + MultiDigitComposer.IdSegmentPrefix + (i + 1), d.Sample.Id);
            Assert.Contains(d.Writer, validationWriters);
            Assert.All(d.Digits, x => Assert.True(WriterSplit.IsValidationWriter(WriterSplit.WriterOf(x.SourceId)!), x.SourceId + " is a training writer's digit"));
            ComposedChecks.AssertFaithful(d, bySource);
        }

        // Most validation writers take part; no source digit appears twice in one number (checked per drawing above).
        Assert.True(drawings.Select(d => d.Writer).Distinct().Count() >= 30);
    }

    [Fact]
    public void Training_numbers_use_no_validation_writer()
    {
        var composer = new MultiDigitComposer(PenDigitsData.Samples);
        List<ComposedDrawing> drawings = composer.Compose(300, 9, WriterSubset.Train);
        Assert.All(drawings, d => Assert.False(WriterSplit.IsValidationWriter(d.Writer), d.Writer));
        Assert.All(drawings.SelectMany(d => d.Digits), x => Assert.False(WriterSplit.IsValidationWriter(WriterSplit.WriterOf(x.SourceId)!)));
    }

}

/// <summary>
/// <c>edgedigits compose</c> through the tool's own entry point: exit codes, messages, byte-identical output.
/// Console output is redirected, so these tests do not run in parallel with each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console (compose command)";
}

[Collection(ConsoleCollection.Name)]
public class ComposeCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Writes_byte_identical_files_for_a_seed()
    {
        string pen = PenDigitsData.Path;
        using var dir = new TempDirectory();
        var first = Run("compose", "--pen", pen, "--count", "40", "--out", dir.File("a.jsonl"));
        var second = Run("compose", "--pen", pen, "--count", "40", "--out", dir.File("b.jsonl"));
        var other = Run("compose", "--pen", pen, "--count", "40", "--seed", "5", "--out", dir.File("c.jsonl"));
        Assert.Equal(0, first.Exit);
        Assert.Contains("composed 40 drawings", first.Err);
        Assert.Equal(0, second.Exit);
        Assert.Equal(0, other.Exit);
        byte[] a = File.ReadAllBytes(dir.File("a.jsonl"));
        Assert.Equal(a, File.ReadAllBytes(dir.File("b.jsonl")));
        Assert.NotEqual(a, File.ReadAllBytes(dir.File("c.jsonl")));

        // The default is the validation writers and the default seed.
        string expected = MultiDigitComposer.FormatJsonl(new MultiDigitComposer(PenDigitsData.Samples).Compose(40, MultiDigitComposer.DefaultSeed, WriterSubset.Validation));
        Assert.Equal(expected, File.ReadAllText(dir.File("a.jsonl")));
        List<StrokeFileEntry> read = StrokeFileReader.Read(dir.File("a.jsonl"));
        Assert.Equal(40, read.Count);
        Assert.All(read, e => Assert.True(WriterSplit.IsValidationWriter(WriterSplit.WriterOf(e.Sample!.Id)!)));

        var train = Run("compose", "--pen", pen, "--count", "40", "--writers", "train", "--out", dir.File("t.jsonl"));
        Assert.Equal(0, train.Exit);
        Assert.All(StrokeFileReader.Read(dir.File("t.jsonl")), e => Assert.False(WriterSplit.IsValidationWriter(WriterSplit.WriterOf(e.Sample!.Id)!)));
    }

    [Fact]
    public void Failures_exit_1_with_a_message_and_usage_errors_exit_2()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("nowhere.jsonl");
        var noFile = Run("compose", "--pen", missing, "--out", dir.File("x.jsonl"));
        Assert.Equal(1, noFile.Exit);
        Assert.Contains(missing, noFile.Err);
        Assert.Contains("does not exist", noFile.Err);
        Assert.False(File.Exists(dir.File("x.jsonl")));

        var zero = Run("compose", "--pen", missing, "--count", "0", "--out", dir.File("x.jsonl"));
        Assert.Equal(1, zero.Exit);
        Assert.Contains("--count must lie in 1..1,000,000, got 0", zero.Err);

        string broken = dir.File("broken.jsonl");
        File.WriteAllText(broken, "{\"canvas\":{\"width\":240},\"strokes\":[]}\n");
        var malformed = Run("compose", "--pen", broken, "--out", dir.File("x.jsonl"));
        Assert.Equal(1, malformed.Exit);
        Assert.Contains(broken + ":1", malformed.Err);
        Assert.Contains("nothing written", malformed.Err);

        string lonely = dir.File("lonely.jsonl");
        File.WriteAllText(lonely, StrokeFileWriter.Format(MultiDigitComposerTests.SyntheticDigits(1)[0]) + "\n");
        var noWriter = Run("compose", "--pen", lonely, "--writers", "all", "--out", dir.File("x.jsonl"));
        Assert.Equal(1, noWriter.Exit);
        Assert.Contains("at least 2 usable single digits", noWriter.Err);
        Assert.False(File.Exists(dir.File("x.jsonl")));

        Assert.Equal(2, Run("compose", "--pen", missing).Exit);                                       // --out is required
        Assert.Equal(2, Run("compose", "--writers", "everyone", "--out", dir.File("x.jsonl")).Exit);
        Assert.Equal(2, Run("compose", "--count", "many", "--out", dir.File("x.jsonl")).Exit);
    }
}
