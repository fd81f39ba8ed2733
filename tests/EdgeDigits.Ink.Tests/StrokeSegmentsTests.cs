using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Ink.Tests;

/// <summary><see cref="StrokeSegments"/>: ink goes to the digit of the nearest traced stroke, specks to none.</summary>
public class StrokeSegmentsTests
{
    private static InkMap Map(int w, int h, Func<int, int, bool> ink) =>
        new(w, h, Enumerable.Range(0, w * h).Select(i => ink(i % w, i / w) ? (byte)255 : (byte)0).ToArray(), true, 235);

    [Fact]
    public void Touching_bars_are_divided_at_the_midpoint_between_their_strokes_and_a_far_speck_belongs_to_none()
    {
        // Two vertical bars 5 px wide at x 10..14 and 15..19 (touching), strokes along x = 12.5 and 17.5; a speck at (35, 5).
        InkMap ink = Map(40, 30, (x, y) => (x >= 10 && x < 20 && y >= 5 && y < 25) || (x == 35 && y == 5));
        var strokes = new List<StrokePoint[]>
        {
            Enumerable.Range(5, 20).Select(y => new StrokePoint(12.5, y + 0.5)).ToArray(),
            Enumerable.Range(5, 20).Select(y => new StrokePoint(17.5, y + 0.5)).ToArray(),
        };
        ImageSegment[] digits = StrokeSegments.Assign(ink, strokes, new[] { 0, 1 }, 2, reach: 4);
        Assert.Equal((10, 5, 14, 24), (digits[0].Left, digits[0].Top, digits[0].Right, digits[0].Bottom));
        Assert.Equal((15, 5, 19, 24), (digits[1].Left, digits[1].Top, digits[1].Right, digits[1].Bottom));
        Assert.Equal(100, digits[0].Pixels.Length);
        Assert.Equal(100, digits[1].Pixels.Length);
        Assert.DoesNotContain(5 * 40 + 35, digits.SelectMany(d => d.Pixels));
    }

    [Fact]
    public void Noise_strokes_claim_no_ink_and_bad_digit_numbers_are_refused()
    {
        InkMap ink = Map(20, 20, (x, y) => x == 5);
        var strokes = new List<StrokePoint[]> { new[] { new StrokePoint(5.5, 0.5), new StrokePoint(5.5, 19.5) } };
        ImageSegment[] none = StrokeSegments.Assign(ink, strokes, new[] { -1 }, 1, reach: 3);
        Assert.Empty(none[0].Pixels);
        Assert.True(none[0].Right < none[0].Left);
        Assert.Throws<ArgumentException>(() => StrokeSegments.Assign(ink, strokes, new[] { 1 }, 1, reach: 3));
        Assert.Throws<ArgumentException>(() => StrokeSegments.Assign(ink, strokes, Array.Empty<int>(), 1, reach: 3));
    }
}
