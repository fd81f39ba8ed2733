using EdgeDigits.Ink;

namespace EdgeDigits.Ink.Tests;

public class StrokeBufferTests
{
    private static (int X, int Y)[] Points(StrokeBuffer b, int stroke)
    {
        int start = b.GetStrokeStart(stroke);
        return Enumerable.Range(start, b.GetStrokeLength(stroke)).Select(p => (b.GetX(p), b.GetY(p))).ToArray();
    }

    [Fact]
    public void Stores_strokes_in_drawing_order()
    {
        var b = new StrokeBuffer(100, 10);
        b.BeginStroke();
        b.AddPoint(10, 10);
        b.AddPoint(20, 15);
        b.EndStroke();
        b.BeginStroke();
        b.AddPoint(5, 40);
        b.AddPoint(5, 60);
        b.AddPoint(9, 80);
        b.EndStroke();

        Assert.Equal(2, b.StrokeCount);
        Assert.Equal(5, b.PointCount);
        Assert.Equal(new[] { (10, 10), (20, 15) }, Points(b, 0));
        Assert.Equal(new[] { (5, 40), (5, 60), (9, 80) }, Points(b, 1));
    }

    [Fact]
    public void Repeated_points_and_one_pixel_jitter_are_not_stored_but_the_stroke_ends_where_the_pen_lifted()
    {
        var b = new StrokeBuffer(100, 10);
        b.BeginStroke();
        b.AddPoint(10, 10);
        b.AddPoint(10, 10);
        b.AddPoint(11, 10);
        b.AddPoint(10, 11);
        b.AddPoint(30, 10);
        b.AddPoint(30, 10);
        b.AddPoint(31, 11);
        b.EndStroke();

        // Default spacing 2 px: the repeats and the 1-pixel jitter go; the last point (31, 11) is the pen-up position.
        Assert.Equal(new[] { (10, 10), (30, 10), (31, 11) }, Points(b, 0));
    }

    [Fact]
    public void A_tap_is_a_one_point_stroke()
    {
        var b = new StrokeBuffer(100, 10);
        b.BeginStroke();
        for (int i = 0; i < 50; i++)
        {
            b.AddPoint(40, 40);
        }

        b.EndStroke();
        Assert.Equal(1, b.StrokeCount);
        Assert.Equal(new[] { (40, 40) }, Points(b, 0));
    }

    [Fact]
    public void Points_outside_the_canvas_are_dropped_and_the_stroke_continues()
    {
        var b = new StrokeBuffer(100, 10, 320, 240);
        b.BeginStroke();
        b.AddPoint(300, 100);
        b.AddPoint(330, 100); // off the right edge
        b.AddPoint(4000, -7); // a resistive panel's garbage reading
        b.AddPoint(-1, 0);
        b.AddPoint(319, 239); // last pixel is inside
        b.EndStroke();

        Assert.Equal(new[] { (300, 100), (319, 239) }, Points(b, 0));
        Assert.Equal(3, b.OutsidePointCount);
    }

    [Fact]
    public void A_stroke_entirely_outside_the_canvas_leaves_nothing()
    {
        var b = new StrokeBuffer(100, 10, 320, 240);
        b.BeginStroke();
        b.AddPoint(-5, -5);
        b.AddPoint(500, 5);
        b.EndStroke();
        Assert.Equal(0, b.StrokeCount);
        Assert.Equal(0, b.PointCount);
    }

    [Fact]
    public void A_million_points_stay_within_the_budget_and_keep_the_shape()
    {
        var b = new StrokeBuffer(512, 8);
        b.BeginStroke();
        const int n = 1_000_000;
        for (int i = 0; i < n; i++)
        {
            // A spiral that keeps moving, so no point is a repeat.
            double a = i * 0.001;
            b.AddPoint((int)(1000 + a * 10 * Math.Cos(a)), (int)(1000 + a * 10 * Math.Sin(a)));
        }

        b.EndStroke();

        Assert.Equal(1, b.StrokeCount);
        Assert.InRange(b.PointCount, 128, 512);
        Assert.True(b.DecimationCount > 0);
        var p = Points(b, 0);
        Assert.Equal((1000, 1000), p[0]);
        double aLast = (n - 1) * 0.001;
        Assert.Equal(((int)(1000 + aLast * 10 * Math.Cos(aLast)), (int)(1000 + aLast * 10 * Math.Sin(aLast))), p[^1]);

        // Every stored point lies on the spiral: radius = 10·angle, within rounding.
        foreach ((int x, int y) in p)
        {
            double r = Math.Sqrt((x - 1000.0) * (x - 1000.0) + (y - 1000.0) * (y - 1000.0));
            Assert.InRange(r, 0, 10 * aLast + 2);
        }
    }

    [Fact]
    public void Decimation_keeps_every_strokes_end_points()
    {
        var b = new StrokeBuffer(40, 4);
        for (int s = 0; s < 4; s++)
        {
            b.BeginStroke();
            for (int i = 0; i <= 100; i++)
            {
                b.AddPoint(s * 1000 + i * 5, i * 3);
            }

            b.EndStroke();
        }

        Assert.Equal(4, b.StrokeCount);
        Assert.True(b.PointCount <= 40);
        for (int s = 0; s < 4; s++)
        {
            var p = Points(b, s);
            Assert.Equal((s * 1000, 0), p[0]);
            Assert.Equal((s * 1000 + 500, 300), p[^1]);
            Assert.True(p.Length >= 2);
        }
    }

    [Fact]
    public void When_nothing_can_be_decimated_a_new_point_moves_the_end_of_the_current_stroke()
    {
        var b = new StrokeBuffer(4, 2);
        b.BeginStroke();
        b.AddPoint(0, 0);
        b.AddPoint(10, 0);
        b.EndStroke();
        b.BeginStroke();
        b.AddPoint(0, 50);
        b.AddPoint(10, 50);
        b.AddPoint(20, 50);
        b.AddPoint(30, 60);
        b.EndStroke();

        Assert.Equal(4, b.PointCount);
        Assert.Equal(new[] { (0, 50), (30, 60) }, Points(b, 1));
    }

    [Fact]
    public void Strokes_beyond_the_maximum_are_ignored_and_counted()
    {
        var b = new StrokeBuffer(100, 3);
        for (int s = 0; s < 5; s++)
        {
            b.BeginStroke();
            b.AddPoint(s * 10, 0);
            b.AddPoint(s * 10, 20);
            b.EndStroke();
        }

        Assert.Equal(3, b.StrokeCount);
        Assert.Equal(6, b.PointCount);
        Assert.Equal(2, b.DroppedStrokeCount);
        Assert.Equal(new[] { (20, 0), (20, 20) }, Points(b, 2));
    }

    [Fact]
    public void Missing_pen_events_are_repaired()
    {
        var b = new StrokeBuffer(100, 10);
        b.EndStroke(); // pen-up without pen-down: nothing
        b.AddPoint(1, 1); // point without pen-down: starts a stroke
        b.AddPoint(9, 9);
        b.BeginStroke(); // pen-down while a stroke is open: ends it
        b.BeginStroke(); // and an empty pen-down leaves nothing
        b.AddPoint(50, 50);
        b.AddPoint(60, 60);
        b.EndStroke();

        Assert.Equal(2, b.StrokeCount);
        Assert.Equal(new[] { (1, 1), (9, 9) }, Points(b, 0));
        Assert.Equal(new[] { (50, 50), (60, 60) }, Points(b, 1));
    }

    [Fact]
    public void Undo_removes_the_last_stroke_and_clear_resets_everything()
    {
        var b = new StrokeBuffer(100, 10, 100, 100);
        InkDrawing.Draw(InkDrawing.Four, 10, 10, 60, into: b);
        int firstLength = b.GetStrokeLength(0);
        Assert.True(b.UndoLastStroke());
        Assert.Equal(1, b.StrokeCount);
        Assert.Equal(firstLength, b.PointCount);
        Assert.True(b.UndoLastStroke());
        Assert.False(b.UndoLastStroke());

        b.AddPoint(-1, 5);
        InkDrawing.Draw(InkDrawing.Five, 10, 10, 60, into: b);
        b.Clear();
        Assert.Equal(0, b.StrokeCount);
        Assert.Equal(0, b.PointCount);
        Assert.Equal(0, b.OutsidePointCount);
        Assert.Equal(1, b.Stride);
    }

    [Fact]
    public void Reading_outside_the_stored_range_throws_with_the_index()
    {
        var b = new StrokeBuffer(10, 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => b.GetStrokeStart(0));
        Assert.Contains("Stroke 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => b.GetX(0));
    }

    [Fact]
    public void Constructor_rejects_unusable_limits()
    {
        Assert.Contains("maxStrokes must be at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => new StrokeBuffer(10, 0)).Message);
        Assert.Contains("at least 2 * maxStrokes", Assert.Throws<ArgumentOutOfRangeException>(() => new StrokeBuffer(7, 4)).Message);
        Assert.Contains("both positive or both 0", Assert.Throws<ArgumentOutOfRangeException>(() => new StrokeBuffer(10, 2, 100, 0)).Message);
    }

    [Fact]
    public void Adding_points_allocates_nothing()
    {
        var b = new StrokeBuffer(256, 8, 320, 240);
        b.BeginStroke();
        b.AddPoint(1, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            if (i % 5000 == 0)
            {
                b.EndStroke();
                b.BeginStroke();
            }

            b.AddPoint(i % 320, (i / 7) % 240);
        }

        b.EndStroke();
        b.UndoLastStroke();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
