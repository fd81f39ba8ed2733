using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// A training file smaller than MNIST's but consistent (issue 13): calibration runs on what it holds, down to
/// <see cref="Calibrator.MinimumImages"/>, and below that every command fails with one line naming the file and the count.
/// </summary>
[Collection(PenDigits.ConsoleCollection.Name)]
public sealed class SmallTrainingFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An MNIST directory in the temp dir: the first <paramref name="train"/> training and <paramref name="test"/> test images of MNIST.</summary>
    private string Mnist(int train, int test = 500)
    {
        string dir = _dir.File($"mnist-{train}");
        Directory.CreateDirectory(dir);
        Write(Path.Combine(dir, "train"), TestData.Train, train);
        Write(Path.Combine(dir, "t10k"), TestData.Test, test);
        return dir;
    }

    private static void Write(string prefix, MnistDataset data, int count)
    {
        IdxWriter.WriteImages(prefix + "-images-idx3-ubyte", Enumerable.Range(0, count).SelectMany(data.CopyImage).ToArray(), 28, 28);
        IdxWriter.WriteLabels(prefix + "-labels-idx1-ubyte", Enumerable.Range(0, count).Select(i => (byte)data.Label(i)).ToArray());
    }

    [Fact]
    public void The_selection_spreads_over_a_small_file_and_nothing_is_held_out()
    {
        MnistDataset train = TestData.Train.Slice(0, 100);

        Assert.Equal(Enumerable.Range(0, 100).ToArray(), Calibrator.SelectImages(Calibrator.ImagesFor(train, 1000), Calibrator.PoolSize(train)));
        Assert.Equal(new[] { 0, 25, 50, 75 }, Calibrator.SelectImages(Calibrator.ImagesFor(train, 4), Calibrator.PoolSize(train)));
        Assert.Equal(0, Calibrator.HeldOut(train).Count);
        Assert.Equal(10_000, Calibrator.HeldOut(TestData.Train).Count);
        Assert.Equal(1000, Calibrator.ImagesFor(TestData.Train, 1000));
    }

    [Fact]
    public void Below_the_minimum_the_error_names_the_file_and_the_count()
    {
        MnistDataset train = TestData.Train.Slice(0, 60);

        var e = Assert.Throws<IdxFormatException>(() => Calibrator.ImagesFor(train, 1000));
        Assert.Equal($"{train.Name}: the training file holds 60 images, too few to calibrate on (at least 100 are needed).", e.Message);
        Assert.Equal(20, Calibrator.ImagesFor(train, 20));
    }

    [Fact]
    public void Evaluate_on_100_training_images_calibrates_on_them()
    {
        // Was: exit 3, "internal error ... ArgumentOutOfRangeException" (index 49,500 of a 100-image file).
        var run = CliRunner.Run("evaluate", "--mnist", Mnist(100));

        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("int8 (runtime Int8Engine, percentile)", run.Out);
        Assert.DoesNotContain("internal error", run.Err);
    }

    [Fact]
    public void Quantize_compare_on_100_training_images_calibrates_on_them_and_has_no_validation_slice()
    {
        // Was: exit 3 (AggregateException of ArgumentOutOfRangeException), then a negative Slice length under --compare.
        string report = _dir.File("r.json");
        var run = CliRunner.Run("quantize", "--compare", "--mnist", Mnist(100), "--out", _dir.File("out"), "--report", report, "--max-drop", "100");

        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("percentile on 100 training images", run.Out);
        Assert.Contains("n/a (no training images after", run.Out);
        Assert.DoesNotContain("validationBasisPoints", File.ReadAllText(report));
    }

    [Fact]
    public void Recognize_with_an_onnx_model_on_100_training_images_recognizes()
    {
        string strokes = Path.Combine(TestData.RepositoryRoot, "tests", "TestData", "strokes", "single.jsonl");
        var run = CliRunner.Run("recognize", strokes, "--single", "--model", TestData.ModelPath, "--mnist", Mnist(100));

        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("400 recognized, 0 failed", run.Err);
    }

    [Fact]
    public void Every_command_refuses_a_training_file_below_the_minimum_with_one_line_exit_1()
    {
        string mnist = Mnist(60, test: 50);
        string images = Path.Combine(mnist, "train-images-idx3-ubyte");
        string message = $"{images}: the training file holds 60 images, too few to calibrate on (at least 100 are needed).";

        var evaluate = CliRunner.Run("evaluate", "--mnist", mnist);
        var quantize = CliRunner.Run("quantize", "--mnist", mnist, "--out", _dir.File("out"), "--report", _dir.File("r.json"));
        var recognize = CliRunner.Run("recognize", "x.jsonl", "--model", TestData.ModelPath, "--mnist", mnist);

        Assert.Equal((1, 1, 1), (evaluate.Exit, quantize.Exit, recognize.Exit));
        Assert.Contains("error: " + message, evaluate.Err);
        Assert.Contains("error: " + message, quantize.Err);
        Assert.Contains("error: " + message, recognize.Err);
        Assert.False(Directory.Exists(_dir.File("out")));
    }
}
