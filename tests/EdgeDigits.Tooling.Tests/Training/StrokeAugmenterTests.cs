using EdgeDigits.Tooling.Strokes;
using EdgeDigits.Tooling.Training;

namespace EdgeDigits.Tooling.Tests.Training;

/// <summary>The stroke-level training variants: what they may change (pose, sampling) and what they keep.</summary>
public class StrokeAugmenterTests
{
    /// <summary>A 61-point arc and a 2-point bar, 100 px tall, in the middle of a 240×240 canvas.</summary>
    private static StrokeSample Drawing()
    {
        var arc = Enumerable.Range(0, 61).Select(i => new StrokePoint(120 + 40 * Math.Cos(i * Math.PI / 60), 70 + 100 * i / 60.0)).ToArray();
        var bar = new[] { new StrokePoint(90, 120), new StrokePoint(150, 120) };
        return new StrokeSample("test", 240, 240, new List<StrokePoint[]> { arc, bar }, "5", "w/1");
    }

    [Fact]
    public void Variants_keep_strokes_label_and_id_and_drop_points_as_a_slower_panel_would()
    {
        var augmenter = new StrokeAugmenter(7);
        var counts = new HashSet<int>();
        for (int k = 1; k <= 200; k++)
        {
            StrokeSample v = augmenter.Variant(Drawing(), k);
            Assert.Equal("5", v.Label);
            Assert.Equal("w/1", v.Id);
            Assert.Equal("test~" + k, v.Source);
            Assert.Equal(2, v.Strokes.Count);
            Assert.Equal(2, v.Strokes[1].Length);
            counts.Add(v.Strokes[0].Length);
            Assert.All(v.Strokes.SelectMany(s => s), p => Assert.True(p.X >= 0 && p.X <= 239 && p.Y >= 0 && p.Y <= 239));
        }

        // Every m-th of 61 points from the first, plus the last where m does not divide 60: m = 1..4 keep 61, 31, 21, 16.
        Assert.Equal(new[] { 16, 21, 31, 61 }, counts.OrderBy(c => c).ToArray());
    }

    [Fact]
    public void A_horizontal_bar_is_stretched_by_the_square_root_of_the_aspect_factor_and_the_same_seed_gives_the_same_variants()
    {
        StrokeSample drawing = Drawing();
        var a = new StrokeAugmenter(11);
        var b = new StrokeAugmenter(11);
        double shortest = double.MaxValue, longest = 0;
        for (int k = 1; k <= 200; k++)
        {
            StrokeSample v = a.Variant(drawing, k), w = b.Variant(drawing, k);
            Assert.Equal(v.Strokes.SelectMany(s => s), w.Strokes.SelectMany(s => s));

            // R · Shear · Aspect maps (60, 0) to 60·√aspect·(cos θ, sin θ): rotation and shear keep its length.
            StrokePoint p = v.Strokes[1][0], q = v.Strokes[1][1];
            double ratio = Math.Sqrt((p.X - q.X) * (p.X - q.X) + (p.Y - q.Y) * (p.Y - q.Y)) / 60;
            shortest = Math.Min(shortest, ratio);
            longest = Math.Max(longest, ratio);
        }

        double limit = Math.Sqrt(StrokeAugmenter.MaxAspect);
        Assert.InRange(shortest, 1 / limit - 1e-9, 0.92);
        Assert.InRange(longest, 1.09, limit + 1e-9);
    }
}
