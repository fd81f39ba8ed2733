using EdgeDigits.Ink;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Recognition;

/// <summary>
/// Recognizes stroke drawings and images on the host with the device's code: strokes go through
/// <see cref="StrokeBuffer"/> and <see cref="InkRecognizer"/> exactly as on the board; single-digit images through
/// <see cref="InkMap"/>, <see cref="ImageSegmenter"/> and <see cref="ImageNormalizer"/>, multi-digit images as strokes
/// traced from their ink; both end in the portable int8
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

    /// <summary>
    /// Recognizes the digits of an image, after its ink map is found and its ruling lines are removed
    /// (<see cref="InkMap.Extract"/>, <see cref="RulingLines.Remove"/>). One digit: the ink's pixels are normalized (<see cref="ImageNormalizer"/>).
    /// Several: the ink is traced into strokes (<see cref="ImageStrokeTracer"/>, image pixels as canvas pixels) and read
    /// like a drawing (<see cref="InkRecognizer"/>), so images are split into digits by the device's own segmentation
    /// and recognition arbitration rather than by a second rule; each digit then takes the ink nearest its strokes and
    /// is read from those pixels, normalized as one digit is (docs/ink.md, "Images").
    /// </summary>
    /// <param name="image">The image (any polarity).</param>
    /// <param name="source">Name reported in the result.</param>
    /// <param name="label">Expected digits, or null.</param>
    /// <param name="multiDigit">Split into digits (true) or read all ink as one digit.</param>
    /// <returns>The digits left to right; boxes in image pixels.</returns>
    public RecognitionResult Recognize(GrayImage image, string source, string? label, bool multiDigit)
    {
        ArgumentNullException.ThrowIfNull(image);
        InkMap ink = RulingLines.Remove(InkMap.Extract(image));
        if (multiDigit)
        {
            return new RecognitionResult(source, label, RecognizeTraced(ink, source));
        }

        var digits = new List<DigitResult>();
        if (ImageSegmenter.Segment(ink) is ImageSegment digit)
        {
            digits.Add(Read(ink, digit));
        }

        return new RecognitionResult(source, label, digits);
    }

    /// <summary>
    /// Multi-digit images: trace the ink into strokes, split them into digits as the device splits a drawing, give each
    /// digit the ink nearest its strokes (<see cref="StrokeSegments"/>) and read that ink's pixels; a piece read "not
    /// sure" may still be two touching digits joined by one traced stroke, and is offered a cut at its neck
    /// (<see cref="CutAtNeck"/>), up to the recognizer's MaxDigits.
    /// </summary>
    private List<DigitResult> RecognizeTraced(InkMap ink, string source)
    {
        List<StrokePoint[]> strokes = ImageStrokeTracer.Trace(ink.Ink, ink.Width, ink.Height, ImageStrokeTracer.DefaultMinStrokePixels);
        var sample = new StrokeSample(source, ink.Width, ink.Height, strokes, null);
        StrokeBuffer buffer = StrokeBufferLoader.Load(sample);
        _recognizer.Normalizer.MinExtent = StrokeBufferLoader.MinExtentFor(sample);
        int count = _recognizer.Recognize(buffer, multiDigit: true);

        // Buffer stroke k is traced stroke k (the tracer makes no empty strokes); strokes past the buffer's budget
        // belong to no digit, and ink only they reach is dropped like a speck.
        int[] groups = _recognizer.Segmenter.StrokeGroups;
        var strokeDigit = new int[strokes.Count];
        for (int s = 0; s < strokes.Count; s++)
        {
            strokeDigit[s] = s < buffer.StrokeCount ? groups[s] : -1;
        }

        double[] level = ink.Ink.Select(v => (double)v).ToArray();
        int reach = (int)Math.Ceiling(StrokeWidth.Estimate(level, ink.Width, ink.Height) / 2) + 2;
        var segments = StrokeSegments.Assign(ink, strokes, strokeDigit, count, reach).Where(s => s.Pixels.Length > 0).ToList();
        var readings = new List<DigitResult?>(segments.Select(_ => (DigitResult?)null));   // a cut's parts arrive read
        var digits = new List<DigitResult>(segments.Count);
        long height = _recognizer.Segmenter.DrawingHeight / StrokeBufferLoader.ScaleFor(sample);   // image pixels
        for (int i = 0; i < segments.Count; i++)
        {
            ImageSegment segment = segments[i];
            DigitResult whole = readings[i] ?? Read(ink, segment);
            if (segments.Count < _recognizer.MaxDigits && CutAtNeck(ink, segment, whole, height) is { } cut)
            {
                // Both parts are offered again: the left one as it is, the right one may still hold two digits.
                segments[i] = cut.Left;
                segments.Insert(i + 1, cut.Right);
                readings[i] = cut.LeftReading;
                readings.Insert(i + 1, cut.RightReading);
                i--;
                continue;
            }

            digits.Add(whole);
        }

        return digits;
    }

    /// <summary>
    /// Recognition decides a neck cut (<see cref="InkNeckCut"/>) of a piece read below
    /// <see cref="InkRecognizer.DefaultUnsureThreshold"/> (the default "not sure" threshold, fixed here so that moving a
    /// caller's flag threshold does not change the segmentation):
    /// the cut holds when reading the two parts is at least <see cref="InkRecognizer.MergeOddsFactor"/> times less
    /// doubtful than reading the piece whole, with the evidence of the device's split arbitration (docs/ink.md,
    /// "Segmentation by recognition"): error 1 − p(left)·p(right), a part shorter than
    /// <see cref="InkRecognizer.FragmentHeightPermille"/> of the drawing height counting with
    /// <see cref="InkRecognizer.FragmentPriorPermille"/>; error of the whole 1 − p, with that prior too when the piece is
    /// wider than tall. A confident reading is never cut: the strokes' arbitration has already read such a piece and
    /// found it one digit, and the halves of an open "0" read as a confident "6" and "7".
    /// </summary>
    /// <returns>The two parts and their readings, or null to keep the piece whole.</returns>
    private (ImageSegment Left, ImageSegment Right, DigitResult LeftReading, DigitResult RightReading)? CutAtNeck(
        InkMap ink, ImageSegment piece, DigitResult whole, long height)
    {
        if (whole.Confidence >= InkRecognizer.DefaultUnsureThreshold || InkNeckCut.Propose(ink, piece) is not { } parts)
        {
            return null;
        }

        DigitResult left = Read(ink, parts.Left), right = Read(ink, parts.Right);
        long split = Evidence(left, parts.Left, height) * Evidence(right, parts.Right, height) / 1000;   // 1/10^9
        long wide = piece.Right - piece.Left > piece.Bottom - piece.Top ? InkRecognizer.FragmentPriorPermille : 1000;
        long merged = Math.Min(whole.Confidence, 999) * 1000L * wide;
        return (1000000000L - split) * InkRecognizer.MergeOddsFactor < 1000000000L - merged
            ? (parts.Left, parts.Right, left, right)
            : null;
    }

    /// <summary>A piece of ink read as one digit: its pixels normalized (<see cref="ImageNormalizer"/>) and classified.</summary>
    private DigitResult Read(InkMap ink, ImageSegment piece) =>
        Classify(ImageNormalizer.Normalize(ink, piece), piece.Left, piece.Top, piece.Right, piece.Bottom, dot: false);

    /// <summary>A part's reading as evidence, in 1/10^6: confidence (resolved to 999 ‰) times its fragment prior, permille.</summary>
    private static long Evidence(DigitResult reading, ImageSegment part, long height)
    {
        long prior = ((long)part.Bottom - part.Top) * 1000 < height * InkRecognizer.FragmentHeightPermille ? InkRecognizer.FragmentPriorPermille : 1000;
        return Math.Min(reading.Confidence, 999) * prior;
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
