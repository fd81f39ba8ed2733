using EdgeDigits.Ink;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Recognition;

/// <summary>
/// Recognizes stroke drawings and images on the host with the device's code: strokes go through
/// <see cref="StrokeBuffer"/> and <see cref="InkRecognizer"/> exactly as on the board; images through
/// <see cref="InkMap"/>, <see cref="ImageSegmenter"/> and <see cref="ImageNormalizer"/>; both end in the portable int8
/// <see cref="Int8Engine"/>. Not thread-safe (one instance per thread).
/// </summary>
public sealed class DigitRecognitionService
{
    private readonly Int8Engine _engine;
    private readonly InkRecognizer _recognizer;

    /// <summary>Creates the service.</summary>
    /// <param name="model">The int8 model.</param>
    /// <param name="maxDigits">Most digits per drawing (the device's InkRecognizer limit).</param>
    /// <param name="unsureThreshold">Confidence, permille, below which a digit is flagged unsure.</param>
    public DigitRecognitionService(Int8Network model, int maxDigits = 16, int unsureThreshold = InkRecognizer.DefaultUnsureThreshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        _engine = new Int8Engine(model);
        _recognizer = new InkRecognizer(_engine, maxDigits, 128) { UnsureThreshold = unsureThreshold };
    }

    /// <summary>Gets the unsure threshold, permille.</summary>
    public int UnsureThreshold => _recognizer.UnsureThreshold;

    /// <summary>Recognizes a stroke drawing.</summary>
    /// <param name="sample">The drawing.</param>
    /// <param name="multiDigit">Split into digits (true) or read the whole drawing as one digit.</param>
    public RecognitionResult Recognize(StrokeSample sample, bool multiDigit)
    {
        ArgumentNullException.ThrowIfNull(sample);
        StrokeBuffer ink = StrokeBufferLoader.Load(sample);
        int scale = StrokeBufferLoader.ScaleFor(sample);
        _recognizer.Normalizer.MinExtent = StrokeBufferLoader.MinExtentFor(sample);
        int count = _recognizer.Recognize(ink, multiDigit);
        var digits = new List<DigitResult>(count);
        for (int i = 0; i < count; i++)
        {
            RecognizedDigit d = _recognizer.GetDigit(i);
            digits.Add(new DigitResult(d.Digit, d.Confidence, (int[])d.Top.Clone(), (int[])d.TopConfidence.Clone(),
                (double)d.BoxLeft / scale, (double)d.BoxTop / scale, (double)d.BoxRight / scale, (double)d.BoxBottom / scale,
                d.IsUnsure, (byte[])d.Input.Clone()));
        }

        return new RecognitionResult(sample.Source, sample.Label, digits, sample.Id);
    }

    /// <summary>Recognizes the digits of an image.</summary>
    /// <param name="image">The image (any polarity).</param>
    /// <param name="source">Name reported in the result.</param>
    /// <param name="label">Expected digits, or null.</param>
    /// <param name="multiDigit">Split into digits (true) or read all ink as one digit.</param>
    public RecognitionResult Recognize(GrayImage image, string source, string? label, bool multiDigit)
    {
        ArgumentNullException.ThrowIfNull(image);
        InkMap ink = InkMap.Extract(image);
        var digits = new List<DigitResult>();
        foreach (ImageSegment segment in ImageSegmenter.Segment(ink, multiDigit))
        {
            byte[] input = ImageNormalizer.Normalize(ink, segment);
            digits.Add(Classify(input, segment.Left, segment.Top, segment.Right, segment.Bottom, dot: false));
        }

        return new RecognitionResult(source, label, digits);
    }

    /// <summary>Runs the network on one normalized input.</summary>
    /// <param name="input">[784] normalized input.</param>
    /// <param name="left">Left edge of the digit's box.</param>
    /// <param name="top">Top edge of the box.</param>
    /// <param name="right">Right edge of the box, inclusive.</param>
    /// <param name="bottom">Bottom edge of the box, inclusive.</param>
    /// <param name="dot">True when the digit is a dot (always reported unsure).</param>
    public DigitResult Classify(byte[] input, double left, double top, double right, double bottom, bool dot)
    {
        _engine.Run(input);
        var ranking = (int[])_engine.Ranking.Clone();
        int[] confidences = ranking.Select(r => _engine.Confidences[r]).ToArray();
        return new DigitResult(ranking[0], confidences[0], ranking, confidences, left, top, right, bottom,
            dot || confidences[0] < _recognizer.UnsureThreshold, (byte[])input.Clone());
    }
}
