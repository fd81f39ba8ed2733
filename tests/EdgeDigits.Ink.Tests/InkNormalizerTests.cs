using EdgeDigits.Ink;

namespace EdgeDigits.Ink.Tests;

public class InkNormalizerTests
{
    public static TheoryData<string> Shapes => new() { "four", "five", "two", "one", "seven", "zero" };

    private static double[][] Shape(string name) => name switch
    {
        "four" => InkDrawing.Four,
        "five" => InkDrawing.Five,
        "two" => InkDrawing.Two,
        "one" => InkDrawing.One,
        "seven" => InkDrawing.SevenCrossed,
        _ => InkDrawing.Zero,
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_an_independent_floating_point_rendering(string name)
    {
        StrokeBuffer ink = InkDrawing.Draw(Shape(name), 40, 30, 160);
        byte[] ours = InkDrawing.Normalize(ink);
        byte[] reference = ReferenceRasterizer.Render(ink);

        // Q4 geometry, the ±1/16-pixel centre-of-mass stop and dropping points within a quarter pixel of the previous
        // one (a corner may be cut by up to 0.25 px = 64 gray levels on one pixel) against exact doubles.
        Assert.True(InkDrawing.MeanAbsoluteDifference(ours, reference) < 2.0, $"mean |diff| {InkDrawing.MeanAbsoluteDifference(ours, reference):F2}");
        int worst = ours.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        int at = Enumerable.Range(0, 784).First(i => Math.Abs(ours[i] - reference[i]) == worst);
        Assert.True(worst <= 72, $"{name} max |diff| {worst} at ({at % 28},{at / 28}) ours {ours[at]} ref {reference[at]} com {InkDrawing.CenterOfMass(ours)} vs {InkDrawing.CenterOfMass(reference)}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Centre_of_mass_is_within_half_a_pixel_of_the_MNIST_centre(string name)
    {
        byte[] image = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 13, 77, 90));
        (double x, double y) = InkDrawing.CenterOfMass(image);
        Assert.InRange(x, 14.0, 15.0);
        Assert.InRange(y, 14.0, 15.0);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Larger_side_of_the_ink_spans_the_20_pixel_box_and_ink_reaches_full_intensity(string name)
    {
        byte[] image = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 5, 5, 200));
        var box = InkDrawing.InkBox(image);
        int side = Math.Max(box.Right - box.Left + 1, box.Bottom - box.Top + 1);
        Assert.InRange(side, 19, 21);
        Assert.Equal(255, image.Max());
        Assert.True(box.Left >= 0 && box.Right <= 27 && box.Top >= 0 && box.Bottom <= 27);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Translation_does_not_change_the_result(string name)
    {
        byte[] a = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 10, 20, 120));
        byte[] b = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 10 + 137, 20 + 59, 120));
        Assert.Equal(a, b);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_same_drawing_at_three_scales_gives_nearly_the_same_input(string name)
    {
        // A 40-pixel digit (a finger on a small screen), 160 and 1200 (a tablet): the pen is in output pixels.
        byte[] small = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 3, 3, 40, spacing: 1.5));
        byte[] medium = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 3, 3, 160, spacing: 4));
        byte[] large = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 3, 3, 1200, spacing: 25));
        Assert.True(InkDrawing.MeanAbsoluteDifference(small, large) < 4, $"small vs large {InkDrawing.MeanAbsoluteDifference(small, large):F2}");
        Assert.True(InkDrawing.MeanAbsoluteDifference(medium, large) < 3, $"medium vs large {InkDrawing.MeanAbsoluteDifference(medium, large):F2}");
        Assert.InRange(Mass(small) / Mass(large), 0.93, 1.07);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fast_sparse_and_slow_dense_strokes_give_the_same_thickness(string name)
    {
        byte[] slow = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 0, 0, 200, spacing: 1));
        byte[] fast = InkDrawing.Normalize(InkDrawing.Draw(Shape(name), 0, 0, 200, spacing: 18));
        Assert.True(InkDrawing.MeanAbsoluteDifference(slow, fast) < 4);
        Assert.InRange(Mass(fast) / Mass(slow), 0.95, 1.05);
    }

    [Fact]
    public void Ink_per_unit_of_stroke_length_equals_the_pen_width()
    {
        // A long horizontal bar: its ink mass is pen width × length plus two round caps, whatever the drawing scale.
        foreach (int pen in new[] { 24, 40, 56 })
        {
            var normalizer = new InkNormalizer { PenWidth16 = pen };
            byte[] image = InkDrawing.Normalize(InkDrawing.Draw(new[] { new[] { 0.0, 0.0, 1.0, 0.0 } }, 10, 100, 300), normalizer);
            double width = pen / 16.0, length = 20 - width - 1;
            double expected = width * length + Math.PI * width * width / 4;
            Assert.InRange(Mass(image), expected * 0.93, expected * 1.07);
        }
    }

    [Fact]
    public void A_vertical_one_is_not_stretched_to_the_box_width()
    {
        byte[] image = InkDrawing.Normalize(InkDrawing.Draw(InkDrawing.One, 100, 20, 180));
        var box = InkDrawing.InkBox(image, threshold: 20);
        Assert.InRange(box.Bottom - box.Top + 1, 18, 21);
        Assert.InRange(box.Right - box.Left + 1, 2, 4); // the pen width, not 20
    }

    [Fact]
    public void A_slightly_slanted_one_stays_thin_and_a_horizontal_bar_stays_flat()
    {
        byte[] one = InkDrawing.Normalize(InkDrawing.Draw(new[] { new[] { 0.1, 0.0, 0.0, 1.0 } }, 0, 0, 150));
        var box = InkDrawing.InkBox(one, threshold: 20);
        Assert.InRange(box.Right - box.Left + 1, 3, 6);

        byte[] bar = InkDrawing.Normalize(InkDrawing.Draw(new[] { new[] { 0.0, 0.0, 1.0, 0.0 } }, 0, 50, 150));
        box = InkDrawing.InkBox(bar, threshold: 20);
        Assert.InRange(box.Right - box.Left + 1, 18, 21);
        Assert.InRange(box.Bottom - box.Top + 1, 2, 4);
    }

    [Fact]
    public void A_single_tap_is_a_centred_dot_reported_as_a_dot()
    {
        var ink = new StrokeBuffer(16, 2);
        ink.BeginStroke();
        ink.AddPoint(77, 31);
        ink.EndStroke();
        var normalizer = new InkNormalizer();
        byte[] image = InkDrawing.Normalize(ink, normalizer);

        Assert.True(normalizer.LastWasDot);
        var box = InkDrawing.InkBox(image);
        Assert.InRange(box.Right - box.Left + 1, 2, 4);
        Assert.InRange(box.Bottom - box.Top + 1, 2, 4);
        (double x, double y) = InkDrawing.CenterOfMass(image);
        Assert.InRange(x, 14.0, 15.0);
        Assert.InRange(y, 14.0, 15.0);
    }

    [Fact]
    public void A_tiny_scribble_is_not_magnified_into_a_blob()
    {
        // A 5-pixel scribble on a 320-pixel canvas (MinExtent 8): drawn at the scale of an 8-pixel drawing.
        var ink = new StrokeBuffer(64, 4);
        ink.BeginStroke();
        foreach ((int x, int y) in new[] { (100, 100), (104, 101), (101, 103), (105, 104), (102, 105) })
        {
            ink.AddPoint(x, y);
        }

        ink.EndStroke();
        var normalizer = new InkNormalizer();
        byte[] image = InkDrawing.Normalize(ink, normalizer);
        Assert.True(normalizer.LastWasDot);
        var box = InkDrawing.InkBox(image, threshold: 20);
        Assert.InRange(Math.Max(box.Right - box.Left, box.Bottom - box.Top) + 1, 10, 17);
    }

    [Fact]
    public void An_empty_drawing_gives_no_result()
    {
        var output = Enumerable.Repeat((byte)9, 784).ToArray();
        Assert.False(new InkNormalizer().Normalize(new StrokeBuffer(16, 2), output));
        Assert.All(output, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Extreme_coordinates_do_not_overflow()
    {
        var ink = new StrokeBuffer(16, 2);
        ink.BeginStroke();
        ink.AddPoint(int.MinValue + 5, int.MinValue + 5);
        ink.AddPoint(int.MaxValue - 5, int.MaxValue - 5);
        ink.EndStroke();
        byte[] image = InkDrawing.Normalize(ink);
        var box = InkDrawing.InkBox(image, threshold: 20);
        Assert.InRange(box.Right - box.Left + 1, 17, 21);
    }

    [Fact]
    public void Normalizes_one_group_of_strokes_only()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.One, 10, 10, 100);
        InkDrawing.Draw(InkDrawing.Zero, 200, 10, 100, into: ink);
        var normalizer = new InkNormalizer();
        var output = new byte[784];
        Assert.True(normalizer.Normalize(ink, new[] { 1, 0 }, 0, output));
        Assert.Equal(InkDrawing.Normalize(InkDrawing.Draw(InkDrawing.Zero, 0, 0, 100)), output);
        Assert.False(normalizer.Normalize(ink, new[] { 1, 0 }, 7, output));
    }

    [Fact]
    public void Rejects_bad_arguments_with_their_names()
    {
        var n = new InkNormalizer();
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => n.Normalize(new StrokeBuffer(4, 1), new byte[10])).ParamName);
        Assert.Equal("ink", Assert.Throws<ArgumentNullException>(() => n.Normalize(null!, new byte[784])).ParamName);
        Assert.Contains("PenWidth16 must be in 8..96", Assert.Throws<ArgumentOutOfRangeException>(() => n.PenWidth16 = 200).Message);
    }

    [Fact]
    public void Normalizing_allocates_nothing()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Five, 0, 0, 200);
        var n = new InkNormalizer();
        var output = new byte[784];
        n.Normalize(ink, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            n.Normalize(ink, output);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static double Mass(byte[] image) => image.Sum(v => (double)v) / 255;
}
