namespace EdgeDigits.Tooling.Strokes;

/// <summary>One drawing from a stroke file: the canvas, the strokes in drawing order, and an optional label.</summary>
/// <param name="Source">Where it came from, e.g. <c>digits.jsonl:12</c>.</param>
/// <param name="CanvasWidth">Canvas width in pixels (positive).</param>
/// <param name="CanvasHeight">Canvas height in pixels (positive).</param>
/// <param name="Strokes">Strokes, each the points of one pen-down in order; x right, y down, canvas pixels.</param>
/// <param name="Label">The digits drawn, e.g. "42", or null when unlabelled.</param>
public sealed record StrokeSample(string Source, double CanvasWidth, double CanvasHeight, IReadOnlyList<StrokePoint[]> Strokes, string? Label)
{
    /// <summary>Total number of points over all strokes.</summary>
    public int PointCount => Strokes.Sum(s => s.Length);
}
