using EdgeDigits.Ink;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// Capture cannot invent ink: whatever a pen or a touch panel reports (rests, repeats, hooks, a full buffer), the
/// stored polyline is a subsequence of the reported points, in order, and the rendered digit has no ink the pen did
/// not draw. Checked on hand-made cases, on random strokes, and on every real pen digit of the dev set.
/// </summary>
public class StrokeCaptureTests
{
    private static (int X, int Y)[] Points(StrokeBuffer b, int stroke)
    {
        int start = b.GetStrokeStart(stroke);
        return Enumerable.Range(start, b.GetStrokeLength(stroke)).Select(p => (b.GetX(p), b.GetY(p))).ToArray();
    }

    private static StrokeBuffer Capture(params (int X, int Y)[] points)
    {
        var b = new StrokeBuffer(1024, 32);
        b.BeginStroke();
        foreach ((int x, int y) in points)
        {
            b.AddPoint(x, y);
        }

        b.EndStroke();
        return b;
    }

    [Fact]
    public void A_pen_that_rests_at_pen_down_adds_no_segment_back_to_the_start()
    {
        // The pen rests at (100, 50), draws an L and lifts at (180, 190), its last point stored: the rest's repeat,
        // once pending, must not come back as the stroke's end (that drew the diagonal that made a 3 into a B).
        StrokeBuffer b = Capture((100, 50), (100, 50), (100, 100), (100, 150), (100, 190), (140, 190), (180, 190));
        Assert.Equal(new[] { (100, 50), (100, 100), (100, 150), (100, 190), (140, 190), (180, 190) }, Points(b, 0));
    }

    [Fact]
    public void The_issue_reproduction_renders_as_an_L_without_the_closing_diagonal()
    {
        var sample = new StrokeSample("repro", 240, 240,
            new[] { new[] { P(100, 50), P(100, 50), P(100, 100), P(100, 150), P(100, 190), P(140, 190), P(180, 190), P(180, 189.5) } }, "1");
        StrokeBuffer b = StrokeBufferLoader.Load(sample);
        byte[] image = new byte[InkNormalizer.OutputLength];
        Assert.True(new InkNormalizer { MinExtent = StrokeBufferLoader.MinExtentFor(sample) }.Normalize(b, image));

        // The diagonal from (180, 190) back to (100, 50) would cross the L's inside; the inside must stay dark.
        (byte[] reference, var map) = ReferenceRasterizer.Fit(b, minExtent: StrokeBufferLoader.MinExtentFor(sample));
        var mid = map(140 * StrokeBufferLoader.ScaleFor(sample), 120 * StrokeBufferLoader.ScaleFor(sample));
        Assert.Equal(0, image[(int)mid.Y * 28 + (int)mid.X]);
        Assert.True(InkDrawing.MeanAbsoluteDifference(image, reference) < 2.0);
    }

    [Fact]
    public void Repeats_at_both_ends_and_in_the_middle_store_each_visited_place_once_in_order()
    {
        StrokeBuffer b = Capture((10, 10), (10, 10), (10, 10), (10, 40), (10, 40), (10, 40), (40, 40), (40, 40), (40, 40));
        Assert.Equal(new[] { (10, 10), (10, 40), (40, 40) }, Points(b, 0));
    }

    [Fact]
    public void A_pen_up_hook_keeps_the_hook_and_ends_where_the_pen_lifted()
    {
        // A down stroke, a tiny flick back up and left at pen-up (a hook), then jitter around the lift position.
        StrokeBuffer b = Capture((50, 10), (50, 60), (50, 110), (47, 106), (46, 105), (46, 104));
        (int X, int Y)[] p = Points(b, 0);
        Assert.Equal((50, 10), p[0]);
        Assert.Equal((46, 104), p[^1]);
        Assert.Equal(p.Length, p.Distinct().Count());
        AssertSubsequence(new[] { (50, 10), (50, 60), (50, 110), (47, 106), (46, 105), (46, 104) }, p);
    }

    [Fact]
    public void A_pending_point_is_forgotten_once_a_later_point_is_stored()
    {
        // (31, 10) is within the spacing of (30, 10) and pending; (60, 10) is stored after it; the lift adds nothing.
        StrokeBuffer b = Capture((30, 10), (31, 10), (60, 10));
        Assert.Equal(new[] { (30, 10), (60, 10) }, Points(b, 0));
    }

    [Fact]
    public void Stride_decimation_on_a_full_buffer_keeps_a_subsequence_that_ends_at_pen_up()
    {
        var b = new StrokeBuffer(64, 4);
        var raw = new List<(int, int)>();
        b.BeginStroke();
        for (int i = 0; i < 1000; i++)
        {
            // A zig-zag that rests (repeats) every 7th point, so stride skips and pending points interleave.
            (int, int) p = (i % 7 == 0 && i > 0) ? raw[^1] : (i * 3, (i % 20) * 5);
            raw.Add(p);
            b.AddPoint(p.Item1, p.Item2);
        }

        b.EndStroke();
        Assert.True(b.DecimationCount > 0);
        (int X, int Y)[] stored = Points(b, 0);
        AssertSubsequence(raw, stored);
        Assert.Equal(raw[^1], stored[^1]);
        Assert.Equal(raw[0], stored[0]);
    }

    [Fact]
    public void CopyFrom_copies_points_strokes_and_stride_exactly()
    {
        var a = new StrokeBuffer(16, 4);
        for (int s = 0; s < 3; s++)
        {
            a.BeginStroke();
            for (int i = 0; i < 12; i++)
            {
                a.AddPoint(s * 100 + i * 4, i * 9);
            }

            a.EndStroke();
        }

        var b = new StrokeBuffer(16, 4);
        b.CopyFrom(a);
        Assert.Equal(a.StrokeCount, b.StrokeCount);
        Assert.Equal(a.Stride, b.Stride);
        for (int s = 0; s < a.StrokeCount; s++)
        {
            Assert.Equal(Points(a, s), Points(b, s));
        }

        Assert.Throws<ArgumentException>(() => new StrokeBuffer(8, 4).CopyFrom(a));
    }

    [Fact]
    public void Random_strokes_never_gain_ink_the_pen_did_not_draw()
    {
        var random = new Random(20261201);
        for (int n = 0; n < 2000; n++)
        {
            StrokeSample sample = RandomTouchDrawing(random, n);
            CheckNoInventedInk(sample, maxPoints: n % 2 == 0 ? 1024 : 8192);
        }
    }

    [Fact]
    public void Real_pen_digits_never_gain_ink_the_pen_did_not_draw()
    {
        string path = PenDigitsLocator.Find(null)
            ?? throw new InvalidOperationException($"The real pen digits are missing: set {PenDigitsLocator.EnvironmentVariable} or put them at {PenDigitsLocator.DefaultRelativeDirectory}.");
        int checkedCount = 0;
        foreach (StrokeFileEntry entry in StrokeFileReader.Read(path))
        {
            Assert.NotNull(entry.Sample);
            CheckNoInventedInk(entry.Sample!, maxPoints: 1024);
            checkedCount++;
        }

        Assert.Equal(4064, checkedCount);
    }

    /// <summary>
    /// Loads a drawing as the tool does, renders it with the device's normalizer, and checks every inked output pixel
    /// against the raw input polylines mapped by the independent double-precision rasterizer's transform.
    /// </summary>
    private static void CheckNoInventedInk(StrokeSample sample, int maxPoints)
    {
        StrokeBuffer b = StrokeBufferLoader.Load(sample, maxPoints: maxPoints);
        if (b.PointCount == 0)
        {
            return;
        }

        int scale = StrokeBufferLoader.ScaleFor(sample);
        for (int s = 0; s < b.StrokeCount; s++)
        {
            var raw = sample.Strokes.Where(r => r.Length > 0).ElementAt(s)
                .Select(p => ((int)Math.Floor(p.X * scale + 0.5), (int)Math.Floor(p.Y * scale + 0.5))).ToList();
            AssertSubsequence(raw, Points(b, s), sample.Source);
            Assert.Equal(raw[^1], Points(b, s)[^1]);
        }

        int minExtent = StrokeBufferLoader.MinExtentFor(sample);
        var image = new byte[InkNormalizer.OutputLength];
        new InkNormalizer { MinExtent = minExtent }.Normalize(b, image);
        (_, var map) = ReferenceRasterizer.Fit(b, minExtent: minExtent);
        var rawOut = sample.Strokes.Where(r => r.Length > 0).Select(r => r.Select(p => map(p.X * scale, p.Y * scale)).ToArray()).ToList();
        double bound = InkNormalizer.DefaultPenWidth16 / 16.0 / 2 + 1;
        for (int i = 0; i < image.Length; i++)
        {
            if (image[i] == 0)
            {
                continue;
            }

            double d = ReferenceRasterizer.DistanceToPolylines(i % 28 + 0.5, i / 28 + 0.5, rawOut);
            Assert.True(d <= bound, $"{sample.Source} extent {Extent(sample):F1}: ink {image[i]} at ({i % 28},{i / 28}) is {d:F2} px from the raw strokes (bound {bound:F2})");
        }
    }

    private static double Extent(StrokeSample s)
    {
        var all = s.Strokes.SelectMany(p => p).ToArray();
        return Math.Max(all.Max(p => p.X) - all.Min(p => p.X), all.Max(p => p.Y) - all.Min(p => p.Y));
    }

    private static void AssertSubsequence(IReadOnlyList<(int, int)> raw, IReadOnlyList<(int X, int Y)> stored, string? source = null)
    {
        int r = 0;
        foreach ((int x, int y) in stored)
        {
            while (r < raw.Count && raw[r] != (x, y))
            {
                r++;
            }

            Assert.True(r < raw.Count, $"{source}: stored point ({x}, {y}) is not a later reported point");
            r++;
        }
    }

    /// <summary>
    /// A drawing as a touch panel reports it: 1–4 smooth strokes on a 240×240 canvas, sampled at an uneven speed,
    /// with rests (repeated points) at pen-down, mid-stroke and pen-up, hooks at the ends, and ±1 px jitter; every
    /// tenth drawing is a long slow scribble of up to 3,000 points, to fill the device's 1,024-point budget.
    /// </summary>
    private static StrokeSample RandomTouchDrawing(Random random, int n)
    {
        int strokes = 1 + random.Next(4);
        var list = new List<StrokePoint[]>();
        for (int s = 0; s < strokes; s++)
        {
            var points = new List<StrokePoint>();
            double x = 40 + random.NextDouble() * 160, y = 40 + random.NextDouble() * 160;
            double heading = random.NextDouble() * 2 * Math.PI, turn = (random.NextDouble() - 0.5) * 0.3;
            int length = n % 10 == 0 ? 500 + random.Next(2500) : 2 + random.Next(120);
            Rest(points, x, y, random.Next(12));
            for (int i = 0; i < length; i++)
            {
                heading += turn + (random.NextDouble() - 0.5) * 0.4;
                double speed = random.NextDouble() < 0.1 ? 0 : 0.5 + random.NextDouble() * 6;
                x = Math.Clamp(x + speed * Math.Cos(heading), 1, 238);
                y = Math.Clamp(y + speed * Math.Sin(heading), 1, 238);
                points.Add(new StrokePoint(Math.Clamp(x + random.Next(-1, 2), 0, 239), Math.Clamp(y + random.Next(-1, 2), 0, 239)));
                if (random.NextDouble() < 0.02)
                {
                    Rest(points, x, y, random.Next(20));
                }
            }

            if (random.NextDouble() < 0.3)
            {
                // A hook: a quick flick of a few pixels back against the direction of travel.
                for (int k = 1; k <= 3; k++)
                {
                    points.Add(new StrokePoint(Math.Clamp(x - k * 2 * Math.Cos(heading + 0.5), 0, 239), Math.Clamp(y - k * 2 * Math.Sin(heading + 0.5), 0, 239)));
                }
            }

            StrokePoint last = points[^1];
            Rest(points, last.X, last.Y, random.Next(12));
            list.Add(points.ToArray());
        }

        // Digit-sized: the larger side 30–220 px, centred. (Below ~30 px the 2-px spacing rule spans more than one
        // output pixel, so a dropped jitter point could move ink by more than the bound without inventing any.)
        var all = list.SelectMany(p => p).ToArray();
        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        double zoom = (30 + random.NextDouble() * 190) / Math.Max(1, Math.Max(maxX - minX, maxY - minY));
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
        var sized = list.Select(st => st.Select(p => new StrokePoint(Math.Round((p.X - cx) * zoom + 120, 1), Math.Round((p.Y - cy) * zoom + 120, 1))).ToArray()).ToList();
        return new StrokeSample($"random:{n}", 240, 240, sized, null);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, 0.5)]
    [InlineData(16384.0, 1.0)]
    public void A_canvas_of_a_pixel_or_less_is_loaded_at_the_largest_scale_the_spacing_rule_allows(double width, double height)
    {
        // A 1-pixel canvas asked for a 1,024× scale, and the device's 2-pixel spacing rule scaled with it (2,048)
        // was refused by the buffer: the image fuzz suite found it through a 16384×1 image traced into strokes.
        var sample = new StrokeSample("tiny", width, height, new List<StrokePoint[]> { new[] { P(0, 0), P(width * 0.9, height * 0.9) } }, null);
        int scale = StrokeBufferLoader.ScaleFor(sample);
        Assert.True(scale * StrokeBuffer.DefaultMinPointSpacing <= StrokeBuffer.MaxMinPointSpacing, $"scale {scale}");
        StrokeBuffer buffer = StrokeBufferLoader.Load(sample);
        Assert.Equal(1, buffer.StrokeCount);
    }

    private static void Rest(List<StrokePoint> points, double x, double y, int count)
    {
        for (int i = 0; i < count; i++)
        {
            points.Add(new StrokePoint(x, y));
        }
    }

    private static StrokePoint P(double x, double y) => new(x, y);
}
