namespace EdgeDigits.Tooling.Strokes;

/// <summary>Limits a stroke file must respect; a violation is reported as a <see cref="StrokeFileException"/> naming the file and line.</summary>
/// <param name="MaxFileBytes">Largest file accepted, bytes.</param>
/// <param name="MaxLineBytes">Largest single JSON object (a whole .json file, or one .jsonl line), bytes.</param>
/// <param name="MaxStrokes">Most strokes in one drawing.</param>
/// <param name="MaxPoints">Most points in one drawing, over all strokes.</param>
/// <param name="MaxCanvasSide">Largest canvas width or height, pixels.</param>
public sealed record StrokeFileLimits(long MaxFileBytes, int MaxLineBytes, int MaxStrokes, int MaxPoints, double MaxCanvasSide)
{
    /// <summary>Defaults: 256 MiB per file, 8 MiB per drawing, 1,000 strokes, 1,000,000 points, 100,000-pixel canvas.</summary>
    public static StrokeFileLimits Default { get; } = new(256L << 20, 8 << 20, 1_000, 1_000_000, 100_000);
}
