namespace EdgeDigits.Tooling.Recognition;

/// <summary>One recognized digit.</summary>
/// <param name="Digit">Predicted digit, 0..9.</param>
/// <param name="Confidence">Confidence of <paramref name="Digit"/>, permille.</param>
/// <param name="Top">The three most likely digits, best first.</param>
/// <param name="TopConfidence">Their confidences, permille.</param>
/// <param name="Left">Left edge of the digit's box: canvas pixels for strokes, image pixels for images.</param>
/// <param name="Top0">Top edge of the box.</param>
/// <param name="Right">Right edge of the box, inclusive.</param>
/// <param name="Bottom">Bottom edge of the box, inclusive.</param>
/// <param name="Unsure">True when the confidence is below the unsure threshold, or the digit was a dot.</param>
/// <param name="Input">The normalized 28×28 input the network saw, [784], 0 = background, 255 = ink.</param>
public sealed record DigitResult(int Digit, int Confidence, int[] Top, int[] TopConfidence,
    double Left, double Top0, double Right, double Bottom, bool Unsure, byte[] Input);

/// <summary>The recognition of one sample (a drawing or an image).</summary>
/// <param name="Source">File and line or index, e.g. <c>digits.jsonl:3</c> or <c>img/7.png</c>.</param>
/// <param name="Label">The expected digits, or null.</param>
/// <param name="Digits">The digits found, left to right (empty for an empty drawing).</param>
public sealed record RecognitionResult(string Source, string? Label, IReadOnlyList<DigitResult> Digits)
{
    /// <summary>The recognized digits as a string, e.g. "42"; empty for an empty drawing.</summary>
    public string Text => string.Concat(Digits.Select(d => (char)('0' + d.Digit)));
}
