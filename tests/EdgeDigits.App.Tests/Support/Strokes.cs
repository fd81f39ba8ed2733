namespace EdgeDigits.App.Tests.Support;

/// <summary>
/// Hand-drawn digits as a finger produces them on the 220×200 pad: waypoints traced from real handwriting,
/// resampled every ~4 px with ±1 px deterministic jitter, as a capacitive panel reports them at ~100 Hz.
/// </summary>
public static class Strokes
{
    /// <summary>"7": one stroke, top bar left→right, then the diagonal down-left.</summary>
    public static int[][] Seven(int dx = 0, int dy = 0, double scale = 1) =>
        new[] { Trace(dx, dy, scale, 62, 44, 84, 41, 112, 40, 150, 43, 140, 70, 125, 100, 112, 132, 101, 170) };

    /// <summary>"4": the open 4 — down-left diagonal and crossbar in one stroke, then the vertical.</summary>
    public static int[][] Four(int dx = 0, int dy = 0, double scale = 1) =>
        new[]
        {
            Trace(dx, dy, scale, 118, 36, 100, 70, 80, 104, 66, 126, 100, 126, 130, 125, 162, 123),
            Trace(dx, dy, scale, 132, 62, 133, 100, 132, 140, 131, 178),
        };

    /// <summary>"2": the top arc, the diagonal to the bottom left, the base.</summary>
    public static int[][] Two(int dx = 0, int dy = 0, double scale = 1) =>
        new[] { Trace(dx, dy, scale, 70, 66, 86, 46, 112, 40, 136, 50, 144, 74, 130, 104, 106, 134, 78, 166, 110, 165, 150, 164) };

    /// <summary>"42" side by side on the pad.</summary>
    public static int[][] FortyTwo() => Four(-30, 0, 0.6).Concat(Two(60, 20, 0.6)).ToArray();

    /// <summary>Flattens x,y pairs of one stroke.</summary>
    public static IEnumerable<(int X, int Y)> Points(int[] stroke)
    {
        for (int i = 0; i < stroke.Length; i += 2)
        {
            yield return (stroke[i], stroke[i + 1]);
        }
    }

    private static int[] Trace(int dx, int dy, double scale, params int[] waypoints)
    {
        var points = new List<int>();
        int jitter = 0;
        for (int i = 0; i + 3 < waypoints.Length; i += 2)
        {
            double x0 = waypoints[i] * scale, y0 = waypoints[i + 1] * scale, x1 = waypoints[i + 2] * scale, y1 = waypoints[i + 3] * scale;
            int steps = Math.Max(1, (int)(Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) / 4));
            for (int s = 0; s < steps; s++)
            {
                double t = (double)s / steps;
                jitter = (jitter * 5 + 3) % 7;
                points.Add((int)Math.Round(x0 + (x1 - x0) * t) + dx + (jitter % 3) - 1);
                points.Add((int)Math.Round(y0 + (y1 - y0) * t) + dy + ((jitter / 3) % 3) - 1);
            }
        }

        points.Add((int)Math.Round(waypoints[^2] * scale) + dx);
        points.Add((int)Math.Round(waypoints[^1] * scale) + dy);
        return points.ToArray();
    }
}
