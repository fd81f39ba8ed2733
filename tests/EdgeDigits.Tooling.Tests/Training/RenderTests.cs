using EdgeDigits.Ink;
using EdgeDigits.Model;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;
using EdgeDigits.Tooling.Tests.PenDigits;
using EdgeDigits.Tooling.Training;

namespace EdgeDigits.Tooling.Tests.Training;

[Collection(ConsoleCollection.Name)]
public class RenderTests
{
    /// <summary>
    /// The device's path for a drawing, written out by hand: raw points into a <see cref="StrokeBuffer"/> (BeginStroke,
    /// AddPoint, EndStroke, the board's spacing rule), then the firmware's <see cref="InkNormalizer"/>. Coordinates are
    /// scaled to integers as StrokeBufferLoader documents (×ceil(1024 / larger canvas side), rounded half up).
    /// </summary>
    private static byte[] DeviceInput(StrokeSample sample)
    {
        int scale = (int)Math.Ceiling(1024 / Math.Max(sample.CanvasWidth, sample.CanvasHeight));
        var ink = new StrokeBuffer(8192, 128, (int)Math.Ceiling(sample.CanvasWidth * scale), (int)Math.Ceiling(sample.CanvasHeight * scale))
        {
            MinPointSpacing = StrokeBuffer.DefaultMinPointSpacing * scale,
        };
        foreach (StrokePoint[] stroke in sample.Strokes)
        {
            ink.BeginStroke();
            foreach (StrokePoint p in stroke)
            {
                ink.AddPoint((int)Math.Floor(p.X * scale + 0.5), (int)Math.Floor(p.Y * scale + 0.5));
            }

            ink.EndStroke();
        }

        var output = new byte[InkNormalizer.OutputLength];
        new InkNormalizer { MinExtent = (int)(Math.Max(sample.CanvasWidth, sample.CanvasHeight) * scale / 40) }.Normalize(ink, output);
        return output;
    }

    [Fact]
    public void Rendered_images_are_bit_identical_to_what_the_firmware_normalizer_makes_of_the_same_strokes()
    {
        List<StrokeSample> samples = PenDigitsData.Samples.Where((_, i) => i % 8 == 0).ToList();
        using var dir = new TempDirectory();
        string file = dir.File("some.jsonl");
        File.WriteAllLines(file, samples.Select(s => StrokeFileWriter.Format(s, 2)));
        var run = CliRunner.Run("render", file, "--out", dir.File("pen"));
        Assert.Equal(0, run.Exit);
        Assert.Contains($"rendered {samples.Count:N0} images from {samples.Count:N0} drawings", run.Err);

        byte[] pixels = IdxReader.ReadImages(dir.File("pen-images-idx3-ubyte.gz"), out int rows, out int cols);
        byte[] labels = IdxReader.ReadLabels(dir.File("pen-labels-idx1-ubyte.gz"));
        Assert.Equal((28, 28), (rows, cols));
        Assert.Equal(samples.Count, labels.Length);
        for (int i = 0; i < samples.Count; i++)
        {
            Assert.Equal(samples[i].Label![0] - '0', labels[i]);
            Assert.True(DeviceInput(samples[i]).AsSpan().SequenceEqual(pixels.AsSpan(i * 784, 784)), $"{samples[i].Source} differs from the firmware's input");
        }
    }

    [Fact]
    public void Writers_and_variants_select_and_multiply_the_drawings_deterministically()
    {
        IReadOnlyList<StrokeSample> all = PenDigitsData.Samples;
        List<StrokeSample> some = all.Where((_, i) => i % 16 == 0).ToList();
        RenderedSet validation = TrainingSetRenderer.Render(some, LeNet5Model.Create(), new RenderOptions(WriterSubset.Validation));
        RenderedSet train = TrainingSetRenderer.Render(some, LeNet5Model.Create(), new RenderOptions(WriterSubset.Train, Variants: 2, Seed: 5));
        RenderedSet again = TrainingSetRenderer.Render(some, LeNet5Model.Create(), new RenderOptions(WriterSubset.Train, Variants: 2, Seed: 5));
        int expectedValidation = some.Count(s => WriterSplit.Includes(s.Id, WriterSubset.Validation));
        Assert.Equal(expectedValidation, validation.Count);
        Assert.Equal(3 * (some.Count - expectedValidation), train.Count);
        Assert.Equal(train.Pixels, again.Pixels);

        // A variant is the same digit moved by a small affine map: different pixels, same label.
        Assert.Equal(train.Labels[0], train.Labels[1]);
        Assert.False(train.Pixels.AsSpan(0, 784).SequenceEqual(train.Pixels.AsSpan(784, 784)));
    }

    [Fact]
    public void A_multi_digit_label_gives_one_image_per_digit_when_the_segmenter_agrees_and_is_skipped_otherwise()
    {
        StrokeSample one = PenDigitsData.Samples.First(s => s.Label == "1");
        StrokeSample seven = PenDigitsData.Samples.First(s => s.Label == "7");
        var side = new StrokeSample("pair", 600, 240, one.Strokes.Concat(seven.Strokes.Select(st => st.Select(p => new StrokePoint(p.X + 300, p.Y)).ToArray())).ToList(), "17");
        var wrong = side with { Source = "wrong", Label = "177" };
        var blank = new StrokeSample("blank", 240, 240, new List<StrokePoint[]>(), "3");
        var nolabel = one with { Source = "nolabel", Label = null };
        RenderedSet set = TrainingSetRenderer.Render(new[] { side, wrong, blank, nolabel }, LeNet5Model.Create(), new RenderOptions());
        Assert.Equal(new byte[] { 1, 7 }, set.Labels);
        Assert.Equal(1, set.Drawings);
        Assert.Equal(3, set.Skipped.Count);
        Assert.Contains(set.Skipped, s => s.StartsWith("wrong: 2 digits found for label \"177\"", StringComparison.Ordinal));
        Assert.Contains(set.Skipped, s => s.StartsWith("blank: no ink", StringComparison.Ordinal));
        Assert.Contains(set.Skipped, s => s.StartsWith("nolabel: no label", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_inputs_give_clear_errors_and_exit_codes()
    {
        using var dir = new TempDirectory();
        var missing = CliRunner.Run("render", dir.File("none.jsonl"), "--out", dir.File("x"));
        Assert.Equal(1, missing.Exit);
        Assert.Contains("none.jsonl: no such file", missing.Err);
        Assert.Contains("nothing to render", missing.Err);
        Assert.False(File.Exists(dir.File("x-images-idx3-ubyte.gz")));

        File.WriteAllText(dir.File("bad.jsonl"), "{\"canvas\":{\"width\":240,\"height\":240},\"strokes\":[[[1,2]]],\"label\":\"4\"}\nnot json\n");
        var bad = CliRunner.Run("render", dir.File("bad.jsonl"), "--out", dir.File("y"));
        Assert.Equal(1, bad.Exit);
        Assert.Contains("bad.jsonl:2", bad.Err);
        Assert.True(File.Exists(dir.File("y-images-idx3-ubyte.gz")), "the good line is still rendered");

        Assert.Equal(2, CliRunner.Run("render", dir.File("bad.jsonl"), "--out", dir.File("z"), "--variants", "65").Exit);
        Assert.Equal(2, CliRunner.Run("render", dir.File("bad.jsonl")).Exit);
    }
}
