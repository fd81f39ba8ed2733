using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Tests.PenDigits;

/// <summary>The composer on made-up source digits (no data needed): determinism, faithfulness, ranges, writers.</summary>
public class MultiDigitComposerTests
{
    /// <summary>
    /// Source digits like the real file's: 240×240 canvas, larger side 150 px centred, 1–3 strokes of 5–40 points,
    /// shapes from a thin "1" (width 3 px) to wide ones (aspect 1.6); ids synthetic/&lt;writer&gt;/&lt;i&gt;.
    /// Writers w0..w(writers−1) have 1 + (j % 9) digits each.
    /// </summary>
    internal static List<StrokeSample> SyntheticDigits(int writers, int seed = 3)
    {
        var random = new Random(seed);
        var samples = new List<StrokeSample>();
        for (int w = 0; w < writers; w++)
        {
            int digits = 1 + (w % 9);
            for (int i = 0; i < digits; i++)
            {
                double aspect = (i % 4) switch { 0 => 0.02, 1 => 0.6, 2 => 1.0, _ => 1.6 };
                double width = aspect >= 1 ? 150 : 150 * aspect, height = aspect >= 1 ? 150 / aspect : 150;
                double left = 120 - width / 2, top = 120 - height / 2;
                var strokes = new List<StrokePoint[]>();
                int strokeCount = 1 + random.Next(3);
                for (int s = 0; s < strokeCount; s++)
                {
                    var points = new StrokePoint[5 + random.Next(36)];
                    for (int p = 0; p < points.Length; p++)
                    {
                        points[p] = new StrokePoint(Math.Round(left + width * random.NextDouble(), 2), Math.Round(top + height * random.NextDouble(), 2));
                    }

                    strokes.Add(points);
                }

                // Pin the box: the first stroke touches all four sides.
                strokes[0][0] = new StrokePoint(left, top);
                strokes[0][^1] = new StrokePoint(left + width, top + height);
                samples.Add(new StrokeSample($"synthetic.jsonl:{samples.Count + 1}", 240, 240, strokes, ((w + i) % 10).ToString(), $"synthetic/w{w}/{i}"));
            }
        }

        return samples;
    }

    private static Dictionary<string, StrokeSample> BySource(IEnumerable<StrokeSample> samples) => samples.ToDictionary(s => s.Source);

    [Fact]
    public void Same_seed_gives_byte_identical_output_and_another_seed_differs()
    {
        List<StrokeSample> sources = SyntheticDigits(40);
        string first = MultiDigitComposer.FormatJsonl(new MultiDigitComposer(sources).Compose(200, 11, WriterSubset.All));
        string again = MultiDigitComposer.FormatJsonl(new MultiDigitComposer(SyntheticDigits(40)).Compose(200, 11, WriterSubset.All));
        string other = MultiDigitComposer.FormatJsonl(new MultiDigitComposer(sources).Compose(200, 12, WriterSubset.All));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(200, first.Count(c => c == '\n'));

        // A prefix of a longer run is the shorter run: the n-th drawing does not depend on the count.
        string shorter = MultiDigitComposer.FormatJsonl(new MultiDigitComposer(sources).Compose(50, 11, WriterSubset.All));
        Assert.StartsWith(shorter, first);
    }

    [Fact]
    public void Drawings_are_the_source_strokes_scaled_and_translated_left_to_right_within_the_ranges()
    {
        List<StrokeSample> sources = SyntheticDigits(40);
        var composer = new MultiDigitComposer(sources);
        List<ComposedDrawing> drawings = composer.Compose(400, 5, WriterSubset.All);
        Dictionary<string, StrokeSample> bySource = BySource(sources);
        foreach (ComposedDrawing d in drawings)
        {
            ComposedChecks.AssertFaithful(d, bySource);
        }

        // The ranges are used, not just respected: every length 2..5, overlapping boxes, tight and wide gaps.
        Assert.Equal(new[] { 2, 3, 4, 5 }, drawings.Select(d => d.Digits.Count).Distinct().Order());
        double[] gaps = drawings.SelectMany(d => d.Gaps.Select(g => g / d.DigitHeight)).ToArray();
        Assert.Contains(gaps, g => g < -0.03);
        Assert.Contains(gaps, g => g >= 0 && g < 0.05);
        Assert.Contains(gaps, g => g > 0.35);
        Assert.InRange(gaps.Count(g => g < 0) / (double)gaps.Length, 0.05, 0.20);
        Assert.Contains(drawings, d => d.DigitHeight < 70);
        Assert.Contains(drawings, d => d.DigitHeight > 140);
    }

    [Fact]
    public void Each_drawing_is_one_writers_and_the_subset_is_respected()
    {
        List<StrokeSample> sources = SyntheticDigits(60);
        var composer = new MultiDigitComposer(sources);
        Assert.Equal(60, composer.Writers.Count);
        int validationWriters = composer.Writers.Count(WriterSplit.IsValidationWriter);
        Assert.InRange(validationWriters, 1, 59);

        foreach (WriterSubset subset in new[] { WriterSubset.Validation, WriterSubset.Train })
        {
            List<ComposedDrawing> drawings = composer.Compose(300, 8, subset);
            foreach (ComposedDrawing d in drawings)
            {
                Assert.Equal(subset == WriterSubset.Validation, WriterSplit.IsValidationWriter(d.Writer));
                Assert.All(d.Digits, x => Assert.Equal(d.Writer, WriterSplit.WriterOf(x.SourceId)));
                Assert.True(composer.DigitCount(d.Writer) >= d.Digits.Count);
            }

            // More than a couple of writers take part (the writer is drawn for each drawing).
            Assert.True(drawings.Select(d => d.Writer).Distinct().Count() >= Math.Min(5, subset == WriterSubset.Validation ? validationWriters : 60 - validationWriters) - 1);
        }

        List<ComposedDrawing> all = composer.Compose(300, 8, WriterSubset.All);
        Assert.Contains(all, d => WriterSplit.IsValidationWriter(d.Writer));
        Assert.Contains(all, d => !WriterSplit.IsValidationWriter(d.Writer));
    }

    [Fact]
    public void Unusable_sources_are_skipped_and_short_writers_give_shorter_numbers()
    {
        var one = SyntheticDigits(1)[0];
        var sources = new List<StrokeSample>
        {
            one with { Source = "a:1", Id = "x/only/1", Label = "1" },
            one with { Source = "a:2", Id = "x/only/2", Label = "7" },
            one with { Source = "a:3", Id = "x/only/3", Label = "42" },                      // not a single digit
            one with { Source = "a:4", Id = "x/only/4", Label = null },                      // unlabelled
            one with { Source = "a:5", Id = null },                                          // no writer
            one with { Source = "a:6", Id = "x/only/6", Strokes = new[] { new[] { new StrokePoint(5, 9), new StrokePoint(80, 9) } } }, // no height
        };
        var composer = new MultiDigitComposer(sources);
        Assert.Equal(4, composer.SkippedCount);
        Assert.Equal(2, composer.DigitCount("x/only"));
        List<ComposedDrawing> drawings = composer.Compose(20, 1, WriterSubset.All);
        Assert.All(drawings, d => Assert.True(d.Sample.Label is "17" or "71"));
    }

    [Fact]
    public void Errors_are_clear()
    {
        var composer = new MultiDigitComposer(SyntheticDigits(30));
        Assert.Throws<ArgumentOutOfRangeException>(() => composer.Compose(0, 1));
        var lonely = new MultiDigitComposer(new[] { SyntheticDigits(1)[0] });
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => lonely.Compose(5, 1, WriterSubset.All));
        Assert.Contains("at least 2 usable single digits", e.Message);
    }

    [Fact]
    public void Composed_ids_name_the_source_writer()
    {
        Assert.Equal("unipen-1a/aga/amywldrp/compose-12", MultiDigitComposer.IdFor("unipen-1a/aga/amywldrp", 12));
        Assert.Equal("unipen-1a/aga/amywldrp", WriterSplit.WriterOf(MultiDigitComposer.IdFor("unipen-1a/aga/amywldrp", 12)));
    }

    [Fact]
    public void Written_file_reads_back_as_the_same_drawings()
    {
        List<StrokeSample> sources = SyntheticDigits(30);
        List<ComposedDrawing> drawings = new MultiDigitComposer(sources).Compose(60, 2, WriterSubset.All);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "sub", "multi.jsonl");
        MultiDigitComposer.WriteJsonl(drawings, path);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);

        List<StrokeFileEntry> back = StrokeFileReader.Read(path);
        Assert.Equal(drawings.Count, back.Count);
        for (int i = 0; i < drawings.Count; i++)
        {
            StrokeSample read = back[i].Sample!, made = drawings[i].Sample;
            Assert.Null(back[i].Error);
            Assert.Equal(made.Id, read.Id);
            Assert.Equal(made.Label, read.Label);
            Assert.Equal(made.CanvasWidth, read.CanvasWidth);
            Assert.Equal(made.CanvasHeight, read.CanvasHeight);
            Assert.Equal(made.Strokes.Count, read.Strokes.Count);
            for (int s = 0; s < made.Strokes.Count; s++)
            {
                Assert.Equal(made.Strokes[s], read.Strokes[s]);
            }
        }
    }
}
