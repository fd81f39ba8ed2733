namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Limits a drawing must respect, for stroke files and the simulator's stroke requests alike (the simulator builds
/// its own from <c>SimulatorLimits</c>). <see cref="StrokeJson"/> and <see cref="StrokeValidator"/> check them; a
/// violation is a <see cref="StrokeJsonException"/>, which <see cref="StrokeFileReader"/> reports naming the file and line.
/// </summary>
/// <param name="MaxFileBytes">Largest file accepted, bytes.</param>
/// <param name="MaxLineBytes">Largest single JSON object (a whole .json file, one .jsonl line, one request body), bytes.</param>
/// <param name="MaxStrokes">Most strokes in one drawing.</param>
/// <param name="MaxPoints">Most points in one drawing, over all strokes.</param>
/// <param name="MaxCanvasSide">Largest canvas width or height, canvas pixels.</param>
/// <param name="MaxLabelLength">Most digits in a label.</param>
/// <param name="MaxIdLength">Most UTF-16 characters in an id.</param>
/// <param name="MaxCoordinate">Largest |x| or |y|, canvas pixels; by default any finite number.</param>
/// <param name="WholePixels">True: coordinates must be integers (the simulator's screen pixels).</param>
public sealed record StrokeFileLimits(long MaxFileBytes, int MaxLineBytes, int MaxStrokes, int MaxPoints, double MaxCanvasSide,
    int MaxLabelLength = 64, int MaxIdLength = 1024, double MaxCoordinate = double.MaxValue, bool WholePixels = false)
{
    /// <summary>Defaults: 256 MiB per file, 8 MiB per drawing, 1,000 strokes, 1,000,000 points, 100,000-pixel canvas,
    /// 64-digit labels, 1,024-character ids, any finite coordinate.</summary>
    public static StrokeFileLimits Default { get; } = new(256L << 20, 8 << 20, 1_000, 1_000_000, 100_000);
}
