using System.Globalization;
using System.Text;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>Writes drawings in the stroke file format read by <see cref="StrokeFileReader"/>: one JSON object per line, invariant culture.</summary>
public static class StrokeFileWriter
{
    /// <summary>Formats one drawing as a single-line JSON object.</summary>
    /// <param name="sample">The drawing.</param>
    /// <param name="decimals">Decimals kept for coordinates (0..6).</param>
    /// <returns>The JSON text, without a newline.</returns>
    public static string Format(StrokeSample sample, int decimals = 1)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var text = new StringBuilder(64 + sample.PointCount * 12);
        text.Append("{\"canvas\":{\"width\":").Append(Number(sample.CanvasWidth, decimals))
            .Append(",\"height\":").Append(Number(sample.CanvasHeight, decimals)).Append("},\"strokes\":[");
        for (int s = 0; s < sample.Strokes.Count; s++)
        {
            text.Append(s == 0 ? "[" : ",[");
            StrokePoint[] stroke = sample.Strokes[s];
            for (int p = 0; p < stroke.Length; p++)
            {
                text.Append(p == 0 ? "[" : ",[").Append(Number(stroke[p].X, decimals)).Append(',').Append(Number(stroke[p].Y, decimals)).Append(']');
            }

            text.Append(']');
        }

        text.Append(']');
        if (sample.Label != null)
        {
            text.Append(",\"label\":\"").Append(sample.Label).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string Number(double value, int decimals)
    {
        string s = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }
}
