using EdgeDigits.Ink;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// An independent double-precision statement of the normalization the ink normalizer implements: fit the larger
/// centre-line extent to 20 − pen − 1 output pixels, draw a round pen by coverage = clamp(r + ½ − d, 0, 1) with d the
/// exact distance to the polyline, and shift (continuously) until the centre of mass is at (14.5, 14.5).
/// </summary>
internal static class ReferenceRasterizer
{
    public static byte[] Render(StrokeBuffer ink, double penWidth = InkNormalizer.DefaultPenWidth16 / 16.0, double minExtent = 8) =>
        Fit(ink, penWidth, minExtent).Image;

    /// <summary>
    /// Renders the buffer's polylines and returns, with the image, the exact map from canvas pixels to output pixels
    /// that produced it (the centre-of-mass shift included), so a test can place any other polyline, such as the raw
    /// input the buffer was fed, in the same output frame.
    /// </summary>
    public static (byte[] Image, Func<double, double, (double X, double Y)> Map) Fit(StrokeBuffer ink, double penWidth = InkNormalizer.DefaultPenWidth16 / 16.0, double minExtent = 8)
    {
        var strokes = new List<(double X, double Y)[]>();
        for (int s = 0; s < ink.StrokeCount; s++)
        {
            int start = ink.GetStrokeStart(s);
            strokes.Add(Enumerable.Range(start, ink.GetStrokeLength(s)).Select(p => ((double)ink.GetX(p), (double)ink.GetY(p))).ToArray());
        }

        var all = strokes.SelectMany(s => s).ToArray();
        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        double extent = Math.Max(Math.Max(maxX - minX, maxY - minY), minExtent);
        double scale = (20 - penWidth - 1) / extent;
        double mx = (minX + maxX) / 2, my = (minY + maxY) / 2;
        double ox = 14, oy = 14;
        double[] image = Draw(strokes, scale, mx, my, ox, oy, penWidth / 2);
        for (int pass = 0; pass < 4; pass++)
        {
            (double cx, double cy) = Com(image);
            ox += 14.5 - cx;
            oy += 14.5 - cy;
            image = Draw(strokes, scale, mx, my, ox, oy, penWidth / 2);
        }

        double fx = ox, fy = oy;
        return (image.Select(v => (byte)Math.Round(v * 255)).ToArray(), (x, y) => ((x - mx) * scale + fx, (y - my) * scale + fy));
    }

    /// <summary>Euclidean distance from (px, py) to the nearest segment of any polyline (a one-point polyline is a dot).</summary>
    public static double DistanceToPolylines(double px, double py, IEnumerable<(double X, double Y)[]> polylines)
    {
        double best = double.MaxValue;
        foreach (var s in polylines)
        {
            for (int i = 0; i < s.Length; i++)
            {
                var a = s[i];
                var b = s[Math.Min(i + 1, s.Length - 1)];
                best = Math.Min(best, Distance(px, py, a.X, a.Y, b.X, b.Y));
            }
        }

        return best;
    }

    private static double[] Draw(List<(double X, double Y)[]> strokes, double scale, double mx, double my, double ox, double oy, double radius)
    {
        // Exact distance from each pixel centre to the nearest segment, visited per segment over the pixels it can reach.
        var nearest = new double[784];
        Array.Fill(nearest, double.MaxValue);
        double reach = radius + 1;
        foreach (var s in strokes)
        {
            for (int i = 0; i < s.Length; i++)
            {
                var a = s[i];
                var b = s[Math.Min(i + 1, s.Length - 1)];
                double ax = (a.X - mx) * scale + ox, ay = (a.Y - my) * scale + oy;
                double bx = (b.X - mx) * scale + ox, by = (b.Y - my) * scale + oy;
                int x0 = Math.Max(0, (int)Math.Floor(Math.Min(ax, bx) - reach)), x1 = Math.Min(27, (int)Math.Ceiling(Math.Max(ax, bx) + reach));
                int y0 = Math.Max(0, (int)Math.Floor(Math.Min(ay, by) - reach)), y1 = Math.Min(27, (int)Math.Ceiling(Math.Max(ay, by) + reach));
                for (int y = y0; y <= y1; y++)
                {
                    for (int x = x0; x <= x1; x++)
                    {
                        nearest[y * 28 + x] = Math.Min(nearest[y * 28 + x], Distance(x + 0.5, y + 0.5, ax, ay, bx, by));
                    }
                }
            }
        }

        var image = new double[784];
        for (int p = 0; p < 784; p++)
        {
            image[p] = Math.Clamp(radius + 0.5 - nearest[p], 0, 1);
        }

        return image;
    }

    private static double Distance(double px, double py, double ax, double ay, double bx, double by)
    {
        double ex = bx - ax, ey = by - ay, len2 = ex * ex + ey * ey;
        double t = len2 == 0 ? 0 : Math.Clamp(((px - ax) * ex + (py - ay) * ey) / len2, 0, 1);
        double dx = px - (ax + t * ex), dy = py - (ay + t * ey);
        return Math.Sqrt(dx * dx + dy * dy);
    }

    private static (double, double) Com(double[] image)
    {
        double s = 0, sx = 0, sy = 0;
        for (int i = 0; i < 784; i++)
        {
            s += image[i];
            sx += image[i] * (i % 28 + 0.5);
            sy += image[i] * (i / 28 + 0.5);
        }

        return (sx / s, sy / s);
    }
}
