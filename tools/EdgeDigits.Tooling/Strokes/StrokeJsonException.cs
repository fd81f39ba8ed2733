namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// A drawing's JSON is malformed or exceeds a <see cref="StrokeFileLimits"/> limit. The message is
/// <c>path: problem</c> (e.g. <c>strokes[0][1]: expected a point [x, y], found number 1</c>), or just the problem
/// when it concerns the whole object; user text in it is escaped and truncated (<see cref="UserText.Escape"/>).
/// </summary>
public sealed class StrokeJsonException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">JSON path of the faulty value without the leading <c>$.</c>, e.g. <c>canvas.width</c>; empty for the whole object.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="line">0-based line of the fault within the JSON text, when known.</param>
    public StrokeJsonException(string path, string problem, int line = 0)
        : base(path.Length > 0 ? path + ": " + problem : problem)
    {
        JsonPath = path;
        Problem = problem;
        Line = line;
    }

    /// <summary>JSON path of the faulty value, empty for the whole object.</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }

    /// <summary>0-based line of the fault within the JSON text (0 for a one-line object).</summary>
    public int Line { get; }
}
