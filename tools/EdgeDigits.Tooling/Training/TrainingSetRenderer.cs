using EdgeDigits.Runtime;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Recognition;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Training;

/// <summary>What <see cref="TrainingSetRenderer.Render"/> turns into images.</summary>
/// <param name="Writers">Which writers of the files to take (<see cref="WriterSplit"/>).</param>
/// <param name="Variants">Extra <see cref="StrokeAugmenter"/> variants per drawing (0: the drawings as they are).</param>
/// <param name="Seed">Seed of the variants.</param>
public sealed record RenderOptions(WriterSubset Writers = WriterSubset.All, int Variants = 0, int Seed = 1);

/// <summary>Images rendered from stroke files, and what was skipped.</summary>
/// <param name="Pixels">[count, 28, 28] network inputs, row-major, 0 = background, 255 = ink.</param>
/// <param name="Labels">[count] digits 0..9.</param>
/// <param name="Drawings">Drawings rendered (without variants).</param>
/// <param name="Skipped">Drawings skipped, each with its reason (no label, non-digit label, empty, digit count ≠ label length).</param>
public sealed record RenderedSet(byte[] Pixels, byte[] Labels, int Drawings, IReadOnlyList<string> Skipped)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
}

/// <summary>
/// Turns labelled stroke drawings into training images through the device's own pipeline — <see cref="EdgeDigits.Ink.StrokeBuffer"/>
/// capture, <see cref="EdgeDigits.Ink.DigitSegmenter"/> and <see cref="EdgeDigits.Ink.InkNormalizer"/>, via
/// <see cref="DigitRecognitionService"/> — so a model trains on exactly the 28×28 inputs a board feeds it.
/// </summary>
/// <remarks>
/// A one-character label is read as one digit (single-digit mode). A longer label is read in multi-digit mode and
/// gives one image per digit only when the segmenter finds as many digits as the label has; otherwise the drawing is
/// skipped (its digits could not be paired with their labels). The model passed in only runs to complete the
/// recognizer's pipeline; its answers do not change the pixels.
/// </remarks>
public static class TrainingSetRenderer
{
    /// <summary>Renders drawings.</summary>
    /// <param name="samples">The drawings (e.g. from <see cref="StrokeFileReader"/>).</param>
    /// <param name="model">Any int8 model (the shipped one will do).</param>
    /// <param name="options">Writers, variants and seed.</param>
    /// <returns>The images, labels and skipped drawings.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static RenderedSet Render(IEnumerable<StrokeSample> samples, Int8Network model, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var service = new DigitRecognitionService(model);
        var augmenter = new StrokeAugmenter(options.Seed);
        var pixels = new List<byte>();
        var labels = new List<byte>();
        var skipped = new List<string>();
        int drawings = 0;
        foreach (StrokeSample sample in samples)
        {
            if (!WriterSplit.Includes(sample.Id, options.Writers))
            {
                continue;
            }

            string? problem = LabelProblem(sample.Label);
            if (problem != null)
            {
                skipped.Add($"{sample.Source}: {problem}");
                continue;
            }

            bool multi = sample.Label!.Length > 1;
            if (!TryAdd(service, sample, multi, pixels, labels, out problem))
            {
                skipped.Add($"{sample.Source}: {problem}");
                continue;
            }

            drawings++;
            for (int k = 1; k <= options.Variants; k++)
            {
                TryAdd(service, augmenter.Variant(sample, k), multi, pixels, labels, out _);
            }
        }

        return new RenderedSet(pixels.ToArray(), labels.ToArray(), drawings, skipped);
    }

    private static bool TryAdd(DigitRecognitionService service, StrokeSample sample, bool multi, List<byte> pixels, List<byte> labels, out string? problem)
    {
        RecognitionResult result = service.Recognize(sample, multi);
        string label = sample.Label!;
        if (result.Digits.Count == 0)
        {
            problem = "no ink";
            return false;
        }

        if (result.Digits.Count != label.Length)
        {
            problem = $"{result.Digits.Count} digits found for label \"{label}\"";
            return false;
        }

        for (int i = 0; i < label.Length; i++)
        {
            pixels.AddRange(result.Digits[i].Input);
            labels.Add((byte)(label[i] - '0'));
        }

        problem = null;
        return true;
    }

    private static string? LabelProblem(string? label)
    {
        if (string.IsNullOrEmpty(label))
        {
            return "no label";
        }

        foreach (char c in label)
        {
            if (c is < '0' or > '9')
            {
                return $"label \"{label}\" is not a string of digits";
            }
        }

        return null;
    }
}
