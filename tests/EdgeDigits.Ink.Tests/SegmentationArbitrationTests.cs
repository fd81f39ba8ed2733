using EdgeDigits.Ink;
using EdgeDigits.Model;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Recognition;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// Segmentation by recognition (<see cref="InkRecognizer.MaxArbitrations"/>): doubtful groupings the horizontal-overlap
/// rule makes are re-read merged by the shipped network. Each case is first checked to be one the rule alone gets
/// wrong or finds doubtful (arbitration off), so the assertions test the arbitration, not the rule.
/// </summary>
public class SegmentationArbitrationTests
{
    private static readonly Int8Network Shipped = LeNet5Model.Create();

    /// <summary>
    /// "5" whose bar was drawn detached, starting right of the stem and reaching well beyond the body: less than half
    /// of the body's width lies under it, so the overlap rule splits it off.
    /// </summary>
    private static readonly double[][] FiveDetachedBar =
    {
        InkDrawing.Five[0],
        new[] { 0.45, -0.04, 1.1, -0.06 },
    };

    /// <summary>"7" whose crossbar reaches well right of the stem, as a fast hand draws it.</summary>
    private static readonly double[][] SevenLongCrossbar =
    {
        new[] { 0.0, 0.0, 0.6, 0.0, 0.25, 1.0 },
        new[] { 0.35, 0.5, 1.05, 0.47 },
    };

    private static string Read(InkRecognizer recognizer, StrokeBuffer ink)
    {
        int count = recognizer.Recognize(ink, multiDigit: true);
        string digits = "";
        for (int i = 0; i < count; i++)
        {
            digits += recognizer.GetDigit(i).Digit;
        }

        return digits;
    }

    [Fact]
    public void A_five_with_a_detached_bar_stays_one_digit()
    {
        StrokeBuffer ink = InkDrawing.Draw(FiveDetachedBar, 60, 40, 150);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4) { MaxArbitrations = 0 };
        Assert.Equal(2, recognizer.Recognize(ink, true));

        recognizer.MaxArbitrations = InkRecognizer.DefaultMaxArbitrations;
        Assert.Equal("5", Read(recognizer, ink));
        Assert.Equal(1, recognizer.LastArbitrations);
        RecognizedDigit five = recognizer.GetDigit(0);
        Assert.Equal(2, five.StrokeCount);
        Assert.Equal(InkDrawing.Normalize(InkDrawing.Draw(FiveDetachedBar, 60, 40, 150)), five.Input);
        Assert.Equal(60 + 15, five.BoxLeft);
        Assert.Equal(60 + 165, five.BoxRight);
        Assert.Equal(five.Confidence, five.TopConfidence[0]);
    }

    [Fact]
    public void Eleven_with_a_tight_gap_stays_two_digits()
    {
        // Gap of 6 % of the height: doubtful, so the pair is read merged, but two confident "1"s win.
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.One, 100, 40, 150);
        InkDrawing.Draw(InkDrawing.One, 109, 40, 150, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        Assert.Equal("11", Read(recognizer, ink));
        Assert.Equal(1, recognizer.LastArbitrations);
        Assert.Equal(100, recognizer.GetDigit(0).BoxRight);
        Assert.Equal(109, recognizer.GetDigit(1).BoxLeft);
    }

    [Fact]
    public void A_seven_with_a_long_crossbar_next_to_a_digit_keeps_its_crossbar()
    {
        StrokeBuffer ink = InkDrawing.Draw(SevenLongCrossbar, 40, 40, 150);
        InkDrawing.Draw(InkDrawing.Two, 190, 40, 150, into: ink); // 8 px (5 % of the height) right of the crossbar
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4) { MaxArbitrations = 0 };
        Assert.Equal(3, recognizer.Recognize(ink, true));

        recognizer.MaxArbitrations = InkRecognizer.DefaultMaxArbitrations;
        Assert.Equal("72", Read(recognizer, ink));
        Assert.Equal(2, recognizer.GetDigit(0).StrokeCount);
        Assert.Equal(1, recognizer.GetDigit(1).StrokeCount);
        Assert.Equal(40 + 158, recognizer.GetDigit(0).BoxRight);
        // 7 + crossbar merged, then 7 + "2" read and kept apart, then the 7's crossbar read with the "2" and kept in the 7.
        Assert.Equal(4, recognizer.LastArbitrations);
    }

    /// <summary>
    /// An open "4": the bar part ends 0.4 of the height above the stem's bottom (a fragment: off the baseline) and
    /// 12 px short of the stem, so the three parts "2", bar, stem are separate groups.
    /// </summary>
    private static readonly double[][] OpenFour =
    {
        new[] { 0.3, 0.0, 0.0, 0.6, 0.42, 0.6 },
        new[] { 0.5, 0.15, 0.5, 1.0 },
    };

    [Fact]
    public void A_fragment_is_read_merged_with_its_nearer_neighbour_only()
    {
        // The bar of the open 4 is far (30 % of the height) from the "2" and close to its stem: the pair "2" + bar is not
        // doubtful, bar + stem is. Offering the bar to the "2" as well read "2" + bar as one "2" and lost the bar.
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Two, 40, 40, 150);
        InkDrawing.Draw(OpenFour, 40 + 105 + 45, 40, 150, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4) { MaxArbitrations = 0 };
        Assert.Equal(3, recognizer.Recognize(ink, true));

        recognizer.MaxArbitrations = InkRecognizer.DefaultMaxArbitrations;
        Assert.Equal("24", Read(recognizer, ink));
        Assert.Equal(1, recognizer.LastArbitrations);
        Assert.Equal(2, recognizer.GetDigit(1).StrokeCount);
    }

    /// <summary>
    /// "4" whose bar reaches far right (to 0.88 of the height), followed by an open "4" written close: the second 4's L
    /// starts under the first 4's bar, so the overlap rule takes it into the first 4, and its stem, 0.08 of the height
    /// right of its bar's end (a doubtful gap), is left alone as a "1".
    /// </summary>
    private static readonly double[][] FourLongBar =
    {
        new[] { 0.4, 0.0, 0.0, 0.6, 0.88, 0.6 },
        new[] { 0.45, 0.2, 0.45, 1.0 },
    };

    private static readonly double[][] OpenFourClose =
    {
        new[] { 0.3, 0.0, 0.0, 0.62, 0.3, 0.62 },
        new[] { 0.38, 0.1, 0.38, 1.0 },
    };

    [Fact]
    public void A_stroke_taken_into_the_digit_before_it_is_moved_back()
    {
        StrokeBuffer ink = InkDrawing.Draw(FourLongBar, 40, 40, 150);
        InkDrawing.Draw(OpenFourClose, 40 + 110, 40, 150, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4) { MaxArbitrations = 0 };
        Assert.Equal("41", Read(recognizer, ink));
        Assert.Equal(3, recognizer.GetDigit(0).StrokeCount);

        recognizer.MaxArbitrations = InkRecognizer.DefaultMaxArbitrations;
        Assert.Equal("44", Read(recognizer, ink));
        RecognizedDigit first = recognizer.GetDigit(0), second = recognizer.GetDigit(1);
        Assert.Equal((2, 2), (first.StrokeCount, second.StrokeCount));
        Assert.Equal((40, 40 + 132), (first.BoxLeft, first.BoxRight));
        Assert.Equal((40 + 110, 40 + 110 + 57), (second.BoxLeft, second.BoxRight));

        // Each digit's input is what the normalizer makes of its strokes alone.
        StrokeBuffer alone = InkDrawing.Draw(OpenFourClose, 40 + 110, 40, 150);
        Assert.Equal(InkDrawing.Normalize(alone), second.Input);
        Assert.Equal(InkDrawing.Normalize(InkDrawing.Draw(FourLongBar, 40, 40, 150)), first.Input);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_one_drawn_twice_stays_one_digit(int shift)
    {
        // The second stroke 0–4 px (≤ 2.7 % of the height) right of the first: both parts alone read the merged "1",
        // so each part alone is the whole reading and the evidence of two digits does not apply.
        StrokeBuffer one = InkDrawing.Draw(InkDrawing.One, 100, 40, 150);
        InkDrawing.Draw(InkDrawing.One, 100 + shift, 43, 150, into: one);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        Assert.Equal("1", Read(recognizer, one));
    }

    [Fact]
    public void A_seven_whose_stem_is_drawn_again_stays_one_digit()
    {
        // The 7 alone reads 7 and the retraced stem reads 1, but the stem lies over the 7's columns, not beside them:
        // without that check the pair was read "71".
        double[][] seven = { new[] { 0.0, 0.0, 0.36, 0.0, 0.333, 1.0 } };
        double[][] stem = { new[] { 0.36, 0.013, 0.333, 1.0 } };
        StrokeBuffer ink = InkDrawing.Draw(seven, 50, 40, 150);
        InkDrawing.Draw(stem, 50, 40, 150, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        Assert.Equal("7", Read(recognizer, ink));
    }

    [Fact]
    public void Two_whole_digits_with_a_tight_gap_are_not_merged()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Four, 40, 40, 150);
        InkDrawing.Draw(InkDrawing.Two, 153, 40, 150, into: ink); // 8 px (5 % of the height) right of the 4
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        Assert.Equal("42", Read(recognizer, ink));
        Assert.Equal(3, recognizer.LastArbitrations); // read merged (1), then the 4's stem read with the "2" (2)
    }

    [Fact]
    public void Well_separated_digits_cost_no_extra_inference_and_the_budget_bounds_the_work()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Four, 40, 40, 150);
        InkDrawing.Draw(InkDrawing.Two, 40 + 120 + 60, 40, 150, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        Assert.Equal("42", Read(recognizer, ink));
        Assert.Equal(0, recognizer.LastArbitrations);

        // Four "1"s 6 % of the height apart: three doubtful pairs, but a budget of 2.
        StrokeBuffer ones = new StrokeBuffer(4096, 64);
        for (int i = 0; i < 4; i++)
        {
            InkDrawing.Draw(InkDrawing.One, 100 + 9 * i, 40, 150, into: ones);
        }

        recognizer.MaxArbitrations = 2;
        Assert.Equal("1111", Read(recognizer, ones));
        Assert.Equal(2, recognizer.LastArbitrations);
    }

    [Fact]
    public void Arbitrating_allocates_nothing()
    {
        StrokeBuffer ink = InkDrawing.Draw(FiveDetachedBar, 60, 40, 150);
        InkDrawing.Draw(InkDrawing.One, 232, 40, 150, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        Read(recognizer, ink);
        long before = GC.GetAllocatedBytesForCurrentThread();
        recognizer.Recognize(ink, true);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(recognizer.LastArbitrations >= 1);
        Assert.Equal(2, recognizer.DigitCount);
    }

    [Fact]
    public void Segmenter_proposes_and_makes_a_one_stroke_move_across_a_boundary()
    {
        // Digit 0: strokes 0 (x 40..60) and 1 (x 55..80); digit 1: strokes 2 (x 120..130) and 3 (x 125..150); digit 2: stroke 4.
        var ink = new StrokeBuffer(256, 8);
        foreach ((int x0, int x1) in new[] { (40, 60), (55, 80), (120, 130), (125, 150), (300, 300) })
        {
            ink.BeginStroke();
            ink.AddPoint(x0, 40);
            ink.AddPoint(x1, 140);
            ink.EndStroke();
        }

        var segmenter = new DigitSegmenter(8, 4) { OverlapPermille = 0, TolerancePermille = 0 };
        Assert.Equal(3, segmenter.Segment(ink, true));
        Assert.Equal(new[] { 0, 0, 1, 1, 2 }, segmenter.StrokeGroups.Take(5));

        int[] candidate = new int[8];
        int[] boxes = new int[8];
        Assert.True(segmenter.ProposeMove(0, true, candidate, boxes));
        Assert.Equal(new[] { 0, 1, 1, 1, -1 }, candidate.Take(5));   // the left digit's last stroke goes right
        Assert.Equal(new[] { 40, 60, 40, 140, 55, 150, 40, 140 }, boxes);
        Assert.True(segmenter.ProposeMove(0, false, candidate, boxes));
        Assert.Equal(new[] { 0, 0, 0, 1, -1 }, candidate.Take(5));   // the right digit's first stroke goes left
        Assert.Equal(new[] { 40, 130, 40, 140, 125, 150, 40, 140 }, boxes);
        Assert.False(segmenter.ProposeMove(1, false, candidate, boxes)); // digit 2 has a single stroke to give
        Assert.Throws<ArgumentOutOfRangeException>(() => segmenter.ProposeMove(2, true, candidate, boxes));

        segmenter.MoveStroke(0, candidate, boxes);
        Assert.Equal(new[] { 0, 0, 0, 1, 2 }, segmenter.StrokeGroups.Take(5));
        Assert.Equal((3, 1, 1), (segmenter.GetStrokeCount(0), segmenter.GetStrokeCount(1), segmenter.GetStrokeCount(2)));
        Assert.Equal((40, 130, 125, 150), (segmenter.GetLeft(0), segmenter.GetRight(0), segmenter.GetLeft(1), segmenter.GetRight(1)));
        Assert.Equal((300, 300), (segmenter.GetLeft(2), segmenter.GetRight(2)));
    }

    [Fact]
    public void Segmenter_merges_neighbours_and_renumbers_the_strokes()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.One, 40, 40, 100);
        InkDrawing.Draw(InkDrawing.One, 100, 40, 100, into: ink);
        InkDrawing.Draw(InkDrawing.One, 160, 40, 100, into: ink);
        var segmenter = new DigitSegmenter(8, 4);
        Assert.Equal(3, segmenter.Segment(ink, true));
        Assert.Equal(100, segmenter.DrawingHeight);
        segmenter.MergeWithNextDigit(0);
        Assert.Equal(2, segmenter.GroupCount);
        Assert.Equal(new[] { 0, 0, 1 }, segmenter.StrokeGroups.Take(3));
        Assert.Equal((40, 100, 2), (segmenter.GetLeft(0), segmenter.GetRight(0), segmenter.GetStrokeCount(0)));
        Assert.Equal(160, segmenter.GetLeft(1));
        Assert.Contains("out of range", Assert.Throws<ArgumentOutOfRangeException>(() => segmenter.MergeWithNextDigit(1)).Message);
    }
}
