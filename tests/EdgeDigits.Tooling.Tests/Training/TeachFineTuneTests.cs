using EdgeDigits.Model;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Quantization;
using EdgeDigits.Tooling.Recognition;
using EdgeDigits.Tooling.Strokes;
using EdgeDigits.Tooling.Tests.PenDigits;

namespace EdgeDigits.Tooling.Tests.Training;

/// <summary>
/// The teach-mode fine-tune path, end to end from its output: tests/TestData/models/lenet5-teach-demo.onnx was made by
/// <c>tools/train/teach_split.py</c> then <c>train_lenet5.py --init models/lenet5.onnx --extra teach.jsonl
/// --extra-variants 16 --epochs 3 --lr 5e-4 --clean-epochs 1</c> (README, "Teach it your handwriting"). Training needs
/// PyTorch, so CI checks the committed result: it imports, quantizes like <c>quantize</c>, keeps MNIST, and reads the
/// taught digits better than the shipped model without reading the same writers' later digits worse.
/// </summary>
public class TeachFineTuneTests
{
    private static string FixturePath => Path.Combine(TestData.RepositoryRoot, "tests", "TestData", "models", "lenet5-teach-demo.onnx");

    /// <summary>The rule of tools/train/teach_split.py: every second validation writer (ordinal order) teaches every second drawing.</summary>
    private static (List<StrokeSample> Teach, List<StrokeSample> Later, List<StrokeSample> Others) Split()
    {
        IReadOnlyList<StrokeSample> all = PenDigitsData.Samples;
        var validation = all.Where(s => WriterSplit.Includes(s.Id, WriterSubset.Validation)).Select(s => WriterSplit.WriterOf(s.Id)!)
            .Distinct().OrderBy(w => w, StringComparer.Ordinal).ToList();
        var teachers = validation.Where((_, i) => i % 2 == 0).ToHashSet();
        var seen = new Dictionary<string, int>();
        var teach = new List<StrokeSample>();
        var later = new List<StrokeSample>();
        var others = new List<StrokeSample>();
        foreach (StrokeSample s in all.Where(s => WriterSplit.Includes(s.Id, WriterSubset.Validation)))
        {
            string w = WriterSplit.WriterOf(s.Id)!;
            if (!teachers.Contains(w))
            {
                others.Add(s);
                continue;
            }

            int k = seen.GetValueOrDefault(w);
            seen[w] = k + 1;
            (k % 2 == 0 ? teach : later).Add(s);
        }

        return (teach, later, others);
    }

    private static int Correct(DigitRecognitionService service, IEnumerable<StrokeSample> samples) =>
        samples.Count(s => service.Recognize(s, multiDigit: false).Text == s.Label);

    [Fact]
    public void The_fine_tuned_model_imports_quantizes_keeps_MNIST_and_reads_the_taught_digits_better()
    {
        QuantizeOutcome tuned = QuantizePipeline.Run(new QuantizeRequest(FixturePath, TestData.MnistDirectory, PenDigitsFile: PenDigitsData.Path));
        Assert.True(tuned.Int8Report.AccuracyBasisPoints >= 9930, $"MNIST int8 {tuned.Int8Report.Accuracy:P2}");

        (List<StrokeSample> teach, List<StrokeSample> later, List<StrokeSample> others) = Split();
        Assert.Equal((324, 313, 475), (teach.Count, later.Count, others.Count)); // as teach_split.py prints
        var shipped = new DigitRecognitionService(LeNet5Model.Create());
        var taught = new DigitRecognitionService(tuned.Model.Parameters);

        // Measured against the shipped model: taught digits 320 → 322 of 324; the teachers' later digits 310 → 309 of 313;
        // others 468 → 466 of 475. The fixture was fine-tuned from the previous shipped model (191322d1…); the same
        // command from the current one reads 323, 308 and 467 (README), one later digit past this tolerance.
        Assert.True(Correct(taught, teach) > Correct(shipped, teach));
        Assert.True(Correct(taught, later) >= Correct(shipped, later) - 1);
        Assert.True(Correct(taught, others) >= Correct(shipped, others) - 2);
    }
}
