using EdgeDigits.Ink;

namespace EdgeDigits.Ink.Tests;

/// <summary>Test drawings: polylines in a unit frame (x right, y down) placed on a canvas at a scale and offset.</summary>
internal static class InkDrawing
{
    /// <summary>Two-stroke "4": an L (down the left, then across), and the vertical through the bar.</summary>
    public static readonly double[][] Four =
    {
        new[] { 0.55, 0.0, 0.1, 0.65, 0.8, 0.65 },
        new[] { 0.6, 0.3, 0.6, 1.0 },
    };

    /// <summary>"5": the body (down, round belly) and the bar drawn afterwards.</summary>
    public static readonly double[][] Five =
    {
        new[] { 0.2, 0.0, 0.15, 0.45, 0.45, 0.4, 0.65, 0.55, 0.65, 0.8, 0.45, 1.0, 0.1, 0.9 },
        new[] { 0.2, 0.0, 0.7, 0.0 },
    };

    /// <summary>"2" in one stroke.</summary>
    public static readonly double[][] Two = { new[] { 0.1, 0.2, 0.3, 0.0, 0.6, 0.05, 0.65, 0.35, 0.1, 1.0, 0.7, 1.0 } };

    /// <summary>A vertical "1".</summary>
    public static readonly double[][] One = { new[] { 0.0, 0.0, 0.0, 1.0 } };

    /// <summary>"7" with a crossbar.</summary>
    public static readonly double[][] SevenCrossed =
    {
        new[] { 0.0, 0.0, 0.6, 0.0, 0.25, 1.0 },
        new[] { 0.2, 0.5, 0.6, 0.5 },
    };

    /// <summary>A closed "0" as a 40-gon.</summary>
    public static readonly double[][] Zero = { Circle(0.3, 0.5, 0.3, 0.5, 40) };

    public static double[] Circle(double cx, double rx, double cy, double ry, int n)
    {
        var p = new double[2 * (n + 1)];
        for (int i = 0; i <= n; i++)
        {
            double a = 2 * Math.PI * i / n;
            p[2 * i] = cx + rx * Math.Sin(a);
            p[2 * i + 1] = cy - ry * Math.Cos(a);
        }

        return p;
    }

    /// <summary>
    /// Draws <paramref name="strokes"/> (unit frame) into a new buffer: x = left + u·size, y = top + v·size, with
    /// every segment subdivided into points about <paramref name="spacing"/> canvas pixels apart (a touch panel's rate).
    /// </summary>
    public static StrokeBuffer Draw(double[][] strokes, double left, double top, double size, double spacing = 3,
        StrokeBuffer? into = null)
    {
        StrokeBuffer buffer = into ?? new StrokeBuffer(4096, 64);
        foreach (double[] s in strokes)
        {
            buffer.BeginStroke();
            foreach ((double x, double y) in Densify(s, left, top, size, spacing))
            {
                buffer.AddPoint((int)Math.Floor(x + 0.5), (int)Math.Floor(y + 0.5));
            }

            buffer.EndStroke();
        }

        return buffer;
    }

    public static IEnumerable<(double X, double Y)> Densify(double[] s, double left, double top, double size, double spacing)
    {
        for (int i = 0; i + 3 < s.Length; i += 2)
        {
            double x0 = left + s[i] * size, y0 = top + s[i + 1] * size, x1 = left + s[i + 2] * size, y1 = top + s[i + 3] * size;
            int steps = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) / spacing));
            for (int k = 0; k < steps; k++)
            {
                yield return (x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps);
            }
        }

        if (s.Length == 2)
        {
            yield return (left + s[0] * size, top + s[1] * size);
        }
        else
        {
            yield return (left + s[^2] * size, top + s[^1] * size);
        }
    }

    /// <summary>Intensity-weighted centre of mass, pixel centres at i + ½.</summary>
    public static (double X, double Y) CenterOfMass(byte[] image)
    {
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                double v = image[y * 28 + x];
                sum += v;
                sx += v * (x + 0.5);
                sy += v * (y + 0.5);
            }
        }

        return (sx / sum, sy / sum);
    }

    /// <summary>Inclusive box of the pixels above <paramref name="threshold"/>: (left, top, right, bottom).</summary>
    public static (int Left, int Top, int Right, int Bottom) InkBox(byte[] image, int threshold = 0)
    {
        int l = 28, t = 28, r = -1, b = -1;
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                if (image[y * 28 + x] > threshold)
                {
                    l = Math.Min(l, x);
                    r = Math.Max(r, x);
                    t = Math.Min(t, y);
                    b = Math.Max(b, y);
                }
            }
        }

        return (l, t, r, b);
    }

    public static double MeanAbsoluteDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    public static byte[] Normalize(StrokeBuffer ink, InkNormalizer? normalizer = null)
    {
        var output = new byte[784];
        (normalizer ?? new InkNormalizer()).Normalize(ink, output);
        return output;
    }
}
