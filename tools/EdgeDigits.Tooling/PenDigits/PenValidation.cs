using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Evaluation;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Recognition;
using EdgeDigits.Tooling.Strokes;
using EdgeDigits.Tooling.Training;

namespace EdgeDigits.Tooling.PenDigits;

/// <summary>Accuracy on the real pen digits of the validation writers (<see cref="WriterSplit"/>).</summary>
/// <param name="Writers">Validation writers.</param>
/// <param name="Float">Float model on the device's 28×28 inputs of every validation digit.</param>
/// <param name="Int8">The device's int8 runtime on the same inputs.</param>
/// <param name="Multi">Composed multi-digit numbers of the same writers read in multi-digit mode (whole string and per digit).</param>
/// <param name="MultiCount">Composed numbers read.</param>
/// <param name="Int8Confidences">[digits] the device's top confidence per validation digit, permille.</param>
/// <param name="Int8Correct">[digits] whether the int8 answer was right.</param>
public sealed record PenValidationReport(int Writers, ClassificationReport Float, ClassificationReport Int8, AccuracyTally Multi, int MultiCount,
    int[] Int8Confidences, bool[] Int8Correct)
{
    /// <summary>
    /// What a "not sure" threshold does on these digits: of the wrong answers, how many it flags (the UI says "not
    /// sure" instead of a wrong digit), and of the right answers, how many it flags needlessly.
    /// </summary>
    /// <param name="thresholdPermille">Answers below this confidence are flagged.</param>
    /// <returns>Errors flagged, errors, correct answers flagged, correct answers.</returns>
    public (int ErrorsFlagged, int Errors, int CorrectFlagged, int Correct) Flagged(int thresholdPermille)
    {
        int errorsFlagged = 0, errors = 0, correctFlagged = 0, correct = 0;
        for (int i = 0; i < Int8Confidences.Length; i++)
        {
            bool flagged = Int8Confidences[i] < thresholdPermille;
            if (Int8Correct[i])
            {
                correct++;
                correctFlagged += flagged ? 1 : 0;
            }
            else
            {
                errors++;
                errorsFlagged += flagged ? 1 : 0;
            }
        }

        return (errorsFlagged, errors, correctFlagged, correct);
    }
}

/// <summary>
/// Measures a model on real handwriting: the validation writers' single digits (float and int8, on exactly the
/// inputs the device's ink pipeline makes) and composed numbers of the same writers (<see cref="MultiDigitComposer"/>,
/// seed <see cref="MultiDigitComposer.DefaultSeed"/>), through the whole device pipeline including segmentation.
/// </summary>
public static class PenValidation
{
    /// <summary>Composed numbers measured by default, as <c>edgedigits compose</c> writes by default.</summary>
    public const int DefaultComposedCount = 500;

    /// <summary>Loads the pen-digit file's drawings.</summary>
    /// <param name="path">A stroke file (e.g. from <see cref="PenDigitsLocator.Find"/>).</param>
    /// <returns>The drawings.</returns>
    /// <exception cref="InvalidDataException">A line of the file is malformed (the message names file and line).</exception>
    public static List<StrokeSample> Load(string path)
    {
        var samples = new List<StrokeSample>();
        foreach (StrokeFileEntry entry in StrokeFileReader.Read(path))
        {
            samples.Add(entry.Sample ?? throw new InvalidDataException(entry.Error));
        }

        return samples;
    }

    /// <summary>Measures both models on the validation writers of <paramref name="samples"/>.</summary>
    /// <param name="samples">Labelled single-digit drawings with writer ids.</param>
    /// <param name="floatModel">The float model.</param>
    /// <param name="int8">Its int8 quantization.</param>
    /// <param name="composedCount">Composed numbers to read (0 to skip).</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">No drawing belongs to a validation writer.</exception>
    public static PenValidationReport Measure(IReadOnlyList<StrokeSample> samples, SequentialFloatModel floatModel, Int8Network int8, int composedCount = DefaultComposedCount)
    {
        ArgumentNullException.ThrowIfNull(samples);
        RenderedSet set = TrainingSetRenderer.Render(samples, int8, new RenderOptions(WriterSubset.Validation));
        if (set.Count == 0)
        {
            throw new InvalidDataException("no drawing of a validation writer to measure (are the ids writer-qualified?).");
        }

        var data = new MnistDataset(set.Pixels, set.Labels, "pen-digits validation writers");
        ClassificationReport floatReport = ClassificationReport.Create(data, ModelRunner.RunFloat(floatModel, data).Classes);
        Predictions int8Predictions = ModelRunner.RunInt8(int8, data);
        ClassificationReport int8Report = ClassificationReport.Create(data, int8Predictions.Classes);
        bool[] int8Correct = Enumerable.Range(0, data.Count).Select(i => int8Predictions.Classes[i] == data.Label(i)).ToArray();
        int writers = WriterSplit.CountWriters(samples.Select(s => s.Id), WriterSubset.Validation);

        var multi = new AccuracyTally();
        if (composedCount > 0)
        {
            var service = new DigitRecognitionService(int8);
            foreach (ComposedDrawing d in new MultiDigitComposer(samples).Compose(composedCount, MultiDigitComposer.DefaultSeed, WriterSubset.Validation))
            {
                multi.Add(service.Recognize(d.Sample, multiDigit: true).Text, d.Sample.Label!);
            }
        }

        return new PenValidationReport(writers, floatReport, int8Report, multi, composedCount, int8Predictions.Confidences, int8Correct);
    }
}
