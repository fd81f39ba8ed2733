using EdgeDigits.Ink;

namespace EdgeDigits.Ink.Tests;

public class DigitSegmenterTests
{
    private static DigitSegmenter Segment(StrokeBuffer ink, out int count, int maxDigits = 8, bool multi = true)
    {
        var segmenter = new DigitSegmenter(64, maxDigits);
        count = segmenter.Segment(ink, multi);
        return segmenter;
    }

    [Theory]
    [InlineData("four")]
    [InlineData("five")]
    [InlineData("seven")]
    public void The_strokes_of_one_digit_stay_together(string name)
    {
        double[][] shape = name switch { "four" => InkDrawing.Four, "five" => InkDrawing.Five, _ => InkDrawing.SevenCrossed };
        DigitSegmenter s = Segment(InkDrawing.Draw(shape, 50, 40, 150), out int count);
        Assert.Equal(1, count);
        Assert.Equal(2, s.GetStrokeCount(0));
        Assert.Equal(new[] { 0, 0 }, s.StrokeGroups.Take(2));
    }

    [Fact]
    public void Forty_two_splits_into_4_then_2_whatever_the_drawing_order()
    {
        // The "2" first, then the two strokes of the "4": the result is still left to right.
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Two, 200, 40, 120);
        InkDrawing.Draw(InkDrawing.Four, 40, 40, 120, into: ink);
        DigitSegmenter s = Segment(ink, out int count);

        Assert.Equal(2, count);
        Assert.Equal(new[] { 1, 0, 0 }, s.StrokeGroups.Take(3));
        Assert.InRange(s.GetLeft(0), 40, 60);
        Assert.InRange(s.GetRight(0), 130, 140);
        Assert.InRange(s.GetLeft(1), 200, 215);
        Assert.Equal(2, s.GetStrokeCount(0));
        Assert.Equal(1, s.GetStrokeCount(1));
    }

    [Fact]
    public void Digits_whose_boxes_overlap_a_little_stay_apart()
    {
        // A "7" whose bar reaches 10 px over the "1" next to it, and a "0" overlapping the "7" by 10 px.
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.One, 50, 40, 120);
        InkDrawing.Draw(InkDrawing.SevenCrossed, 45, 40, 120, into: ink);
        InkDrawing.Draw(InkDrawing.Zero, 107, 40, 120, into: ink);
        DigitSegmenter s = Segment(ink, out int count);

        // The 1 (x = 50) lies entirely under the 7's bar (45..117): that is one glyph, as a reader would also see it.
        Assert.Equal(2, count);

        ink = InkDrawing.Draw(InkDrawing.SevenCrossed, 0, 40, 120);
        InkDrawing.Draw(InkDrawing.Zero, 62, 40, 120, into: ink);
        InkDrawing.Draw(InkDrawing.One, 150, 40, 120, into: ink);
        s = Segment(ink, out count);
        Assert.Equal(3, count);
        Assert.Equal(new[] { 0, 0, 1, 2 }, s.StrokeGroups.Take(4));
    }

    [Fact]
    public void A_separately_drawn_stroke_that_touches_a_digit_joins_it()
    {
        // A "1" with a flag drawn as a second stroke that starts on the stem and reaches out to the left.
        StrokeBuffer ink = InkDrawing.Draw(new[] { new[] { 0.5, 0.0, 0.5, 1.0 }, new[] { 0.5, 0.02, 0.0, 0.3 } }, 100, 20, 150);
        Segment(ink, out int count);
        Assert.Equal(1, count);
    }

    [Fact]
    public void Single_digit_mode_keeps_everything_together()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.One, 0, 0, 100);
        InkDrawing.Draw(InkDrawing.One, 300, 0, 100, into: ink);
        DigitSegmenter s = Segment(ink, out int count, multi: false);
        Assert.Equal(1, count);
        Assert.Equal(0, s.GetLeft(0));
        Assert.Equal(300, s.GetRight(0));
    }

    [Fact]
    public void A_stray_tap_is_noise_when_there_are_digits()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Two, 20, 20, 150);
        ink.BeginStroke();
        ink.AddPoint(250, 100);
        ink.EndStroke();
        DigitSegmenter s = Segment(ink, out int count);
        Assert.Equal(1, count);
        Assert.Equal(-1, s.StrokeGroups[1]);

        // Alone, a tap is the drawing.
        ink = new StrokeBuffer(8, 2);
        ink.BeginStroke();
        ink.AddPoint(250, 100);
        ink.EndStroke();
        Segment(ink, out count);
        Assert.Equal(1, count);
    }

    [Fact]
    public void Beyond_the_maximum_the_closest_neighbours_merge()
    {
        // Five "1"s with gaps 100, 30, 100, 60: with at most 3 digits, the 30 gap merges first, then the 60 gap.
        StrokeBuffer ink = new StrokeBuffer(1024, 16);
        foreach (int x in new[] { 0, 100, 130, 230, 290 })
        {
            InkDrawing.Draw(InkDrawing.One, x, 0, 100, into: ink);
        }

        DigitSegmenter s = Segment(ink, out int count, maxDigits: 3);
        Assert.Equal(3, count);
        Assert.Equal(new[] { 0, 1, 1, 2, 2 }, s.StrokeGroups.Take(5));
        Assert.Equal((100, 130), (s.GetLeft(1), s.GetRight(1)));
    }

    [Fact]
    public void An_empty_drawing_has_no_digit()
    {
        var s = new DigitSegmenter(4, 4);
        Assert.Equal(0, s.Segment(new StrokeBuffer(8, 4), true));
        Assert.Equal(0, s.GroupCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.GetLeft(0));
    }

    [Fact]
    public void A_buffer_with_more_strokes_than_provisioned_is_handled()
    {
        var ink = new StrokeBuffer(1024, 100);
        for (int i = 0; i < 100; i++)
        {
            InkDrawing.Draw(new[] { new[] { 0.0, 0.0, 0.0, 1.0 } }, i * 40, 0, 100, into: ink);
        }

        var s = new DigitSegmenter(4, 8);
        Assert.Equal(8, s.Segment(ink, true));
        Assert.Equal(100, s.StrokeGroups.Length);
    }

    [Fact]
    public void Segmenting_allocates_nothing()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Two, 200, 40, 120);
        InkDrawing.Draw(InkDrawing.Four, 40, 40, 120, into: ink);
        var s = new DigitSegmenter(64, 8);
        s.Segment(ink, true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        s.Segment(ink, true);
        s.Segment(ink, false);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
