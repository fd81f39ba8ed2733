using System.Globalization;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// The one validation pass over a deserialized drawing, for stroke files and the simulator's requests: canvas size,
/// point shape, finite coordinates (bounded and whole if the limits say so), label and id. Stroke and point counts
/// are bounded before deserializing, by <see cref="StrokeJson"/>'s scan. Every failure is a
/// <see cref="StrokeJsonException"/> naming the JSON path; sizes and coordinates are canvas pixels.
/// </summary>
public static class StrokeValidator
{
    /// <summary>What the value at each depth of <c>"strokes"</c> must be (the array, a stroke, a point, a coordinate), in the words of a message.</summary>
    public static IReadOnlyList<string> Expected { get; } =
        ["expected an array of strokes [[[x, y], ...], ...]", "expected a stroke: an array of [x, y] points", "expected a point [x, y]", "expected a number"];

    /// <summary>Checks a stroke file's drawing and turns it into a sample.</summary>
    /// <param name="document">The deserialized object.</param>
    /// <param name="limits">Limits.</param>
    /// <param name="source">Where it came from, recorded in the sample.</param>
    /// <returns>The drawing.</returns>
    /// <exception cref="StrokeJsonException">Something is missing, out of range or of the wrong shape.</exception>
    public static StrokeSample Validate(StrokeDocument document, StrokeFileLimits limits, string source)
    {
        CanvasDto canvas = document.Canvas ?? throw new StrokeJsonException("", "missing \"canvas\": {\"width\": W, \"height\": H}");
        if (canvas.Width is not { } width || canvas.Height is not { } height)
        {
            throw new StrokeJsonException("canvas", "needs both \"width\" and \"height\"");
        }

        CheckSide(width, "canvas.width", limits);
        CheckSide(height, "canvas.height", limits);
        StrokePoint[][] strokes = ValidateStrokes(document.Strokes, limits);
        string? label = document.Label;
        if (label is not null && LabelProblem(label, limits) is { } problem)
        {
            throw new StrokeJsonException("label", problem);
        }

        if (document.Id?.Length > limits.MaxIdLength)
        {
            throw new StrokeJsonException("id", $"{document.Id.Length} characters, more than the limit of {limits.MaxIdLength}");
        }

        return new StrokeSample(source, width, height, strokes, label, document.Id);
    }

    /// <summary>
    /// The one rule for a label, in a stroke file and in a labels file of images alike: a non-empty string of digits
    /// 0-9, at most <see cref="StrokeFileLimits.MaxLabelLength"/> of them.
    /// </summary>
    /// <param name="label">The label as read.</param>
    /// <param name="limits">Limits.</param>
    /// <returns>What is wrong, quoting at most <see cref="UserText.DefaultMaxChars"/> escaped characters of the label; null when it is valid.</returns>
    public static string? LabelProblem(string label, StrokeFileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(limits);
        if (label.Length == 0 || label.Any(c => c is < '0' or > '9'))
        {
            return $"must be a non-empty string of digits 0-9, was \"{UserText.Escape(label)}\"";
        }

        return label.Length > limits.MaxLabelLength ? $"{label.Length} digits, more than the limit of {limits.MaxLabelLength}" : null;
    }

    /// <summary>Checks the <c>"strokes"</c> array of a drawing: every stroke an array of [x, y] points of finite coordinates within the limits.</summary>
    /// <param name="strokes">The deserialized array; null when the property is missing.</param>
    /// <param name="limits">Limits on coordinates (counts were checked by <see cref="StrokeJson"/>).</param>
    /// <returns>The strokes.</returns>
    /// <exception cref="StrokeJsonException">Missing, a null stroke or point, a point without exactly two numbers, or a coordinate out of range.</exception>
    public static StrokePoint[][] ValidateStrokes(double[][][]? strokes, StrokeFileLimits limits)
    {
        if (strokes is null)
        {
            throw new StrokeJsonException("", "missing \"strokes\": [[[x, y], ...], ...]");
        }

        var result = new StrokePoint[strokes.Length][];
        for (int s = 0; s < strokes.Length; s++)
        {
            double[][] stroke = strokes[s] ?? throw new StrokeJsonException($"strokes[{s}]", Expected[1] + ", found null");
            result[s] = new StrokePoint[stroke.Length];
            for (int p = 0; p < stroke.Length; p++)
            {
                double[] point = stroke[p] ?? throw new StrokeJsonException($"strokes[{s}][{p}]", Expected[2] + ", found null");
                if (point.Length != 2)
                {
                    throw new StrokeJsonException($"strokes[{s}][{p}]", Expected[2] + (point.Length == 0 ? ", found an empty array" : point.Length == 1 ? ", found only one number" : ", found more than two values"));
                }

                for (int k = 0; k < 2; k++)
                {
                    double v = point[k];
                    if (!double.IsFinite(v) || Math.Abs(v) > limits.MaxCoordinate || (limits.WholePixels && v != Math.Floor(v)))
                    {
                        string max = Format(limits.MaxCoordinate);
                        throw Problem($"strokes[{s}][{p}][{k}]", v, Math.Abs(v) > limits.MaxCoordinate ? $"must be a number of pixels in -{max}..{max}" : "must be a whole number of pixels");
                    }
                }

                result[s][p] = new StrokePoint(point[0], point[1]);
            }
        }

        return result;
    }

    private static void CheckSide(double value, string path, StrokeFileLimits limits)
    {
        if (!(value > 0) || value > limits.MaxCanvasSide)
        {
            throw Problem(path, value, $"must be a positive number of pixels up to {Format(limits.MaxCanvasSide)}");
        }
    }

    private static StrokeJsonException Problem(string path, double value, string rule) =>
        new(path, double.IsFinite(value) ? $"{rule}, was {Format(value)}" : "number is out of range");

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
