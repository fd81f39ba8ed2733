using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// Ruling lines are removed from ink maps, and digits' own horizontal strokes are not. References are the masks the
/// maps are drawn from.
/// </summary>
public class RulingLinesTests
{
    private const int W = 120, H = 100;

    /// <summary>An ink map of W×H with full ink wherever <paramref name="ink"/>(x, y) holds.</summary>
    private static InkMap Map(Func<int, int, bool> ink, int w = W, int h = H)
    {
        var pixels = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                pixels[y * w + x] = ink(x, y) ? (byte)255 : (byte)0;
            }
        }

        return new InkMap(w, h, pixels, DarkOnLight: true, Background: 235);
    }

    private static bool Line(int y) => y is 40 or 41;

    /// <summary>A "1": a stem 3 px wide from row 15 to 85 at columns 59..61.</summary>
    private static bool Stem(int x, int y) => x is >= 59 and <= 61 && y is >= 15 and <= 85;

    [Fact]
    public void A_line_across_the_page_is_cleared_and_the_stroke_crossing_it_is_kept()
    {
        InkMap ruled = Map((x, y) => Line(y) || Stem(x, y));
        InkMap result = RulingLines.Remove(ruled);
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                byte v = result.Ink[y * W + x];
                if (Stem(x, y))
                {
                    Assert.True(v == 255, $"stroke pixel ({x}, {y}) was cleared");
                }
                else if (Math.Abs(x - 60) > 6)
                {
                    // Only the crossing, the stem's width and the band's thickness to either side, may keep line ink.
                    Assert.True(v == 0, $"line pixel ({x}, {y}) was kept");
                }
            }
        }
    }

    [Fact]
    public void Lines_above_and_below_a_digit_are_cleared_and_nothing_else()
    {
        static bool Ring(int x, int y) => Math.Abs(Math.Sqrt((x - 60) * (x - 60) + (y - 50) * (y - 50)) - 25) <= 1.5;
        InkMap result = RulingLines.Remove(Map((x, y) => y is 10 or 11 or 90 or 91 || Ring(x, y)));
        InkMap digit = Map(Ring);
        Assert.Equal(digit.Ink, result.Ink);
    }

    [Fact]
    public void The_bar_of_a_tightly_cropped_7_is_kept()
    {
        // The bar spans the image as a line would, but the stem below reaches the right edge too: the bar does not
        // reach past the rest of the digit on both sides.
        InkMap seven = Map((x, y) => (y is >= 0 and <= 3) || Math.Abs(x - (W - 3 - (y - 3) * 0.6)) <= 2);
        Assert.Same(seven, RulingLines.Remove(seven));
    }

    [Fact]
    public void A_digit_without_lines_is_the_same_instance()
    {
        InkMap digit = Map((x, y) => Stem(x, y) || (y is >= 15 and <= 17 && x is >= 45 and <= 61));
        Assert.Same(digit, RulingLines.Remove(digit));
    }

    [Fact]
    public void A_page_of_lines_only_is_cleared_whole()
    {
        InkMap result = RulingLines.Remove(Map((x, y) => y % 30 is 5 or 6));
        Assert.All(result.Ink, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Images_narrower_than_the_minimum_keep_their_pixels()
    {
        InkMap narrow = Map((x, y) => Line(y) || x == 10, w: RulingLines.MinWidth - 1);
        Assert.Same(narrow, RulingLines.Remove(narrow));
    }

    [Fact]
    public void A_null_map_is_refused() => Assert.Throws<ArgumentNullException>(() => RulingLines.Remove(null!));
}
