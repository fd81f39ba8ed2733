using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Ink.Tests;

/// <summary><see cref="InkNeckCut"/>: a wide piece is cut at its least-ink column only where that column crosses the ink once.</summary>
public class InkNeckCutTests
{
    private static InkMap Map(int w, int h, Func<int, int, bool> ink) =>
        new(w, h, Enumerable.Range(0, w * h).Select(i => ink(i % w, i / w) ? (byte)255 : (byte)0).ToArray(), true, 235);

    private static ImageSegment Whole(InkMap ink)
    {
        int[] pixels = Enumerable.Range(0, ink.Ink.Length).Where(i => ink.Ink[i] != 0).ToArray();
        return new ImageSegment(pixels, pixels.Min(i => i % ink.Width), pixels.Min(i => i / ink.Width),
            pixels.Max(i => i % ink.Width), pixels.Max(i => i / ink.Width));
    }

    [Fact]
    public void Two_blobs_joined_by_a_thin_bridge_are_cut_in_the_bridge()
    {
        // Blocks at x 10..29 and 40..59 (y 10..49), a bridge x 30..39 at y 28..31: its columns hold 4 pixels, the
        // blocks' 40, so the cut is at the bridge's first column in the middle half of the box (x 30).
        InkMap ink = Map(70, 60, (x, y) => y >= 10 && y < 50 && ((x >= 10 && x < 30) || (x >= 40 && x < 60)) || (x >= 30 && x < 40 && y >= 28 && y < 32));
        (ImageSegment left, ImageSegment right) = InkNeckCut.Propose(ink, Whole(ink))!.Value;
        Assert.Equal((10, 10, 29, 49), (left.Left, left.Top, left.Right, left.Bottom));
        Assert.Equal((30, 10, 59, 49), (right.Left, right.Top, right.Right, right.Bottom));
        Assert.Equal(800, left.Pixels.Length);
        Assert.Equal(800 + 40, right.Pixels.Length);
        Assert.Equal(Whole(ink).Pixels.Length, left.Pixels.Length + right.Pixels.Length);
    }

    [Fact]
    public void A_ring_is_not_cut_its_middle_columns_cross_the_ink_twice()
    {
        InkMap ink = Map(60, 60, (x, y) => (x - 30) * (x - 30) + (y - 30) * (y - 30) is >= 18 * 18 and <= 22 * 22);
        Assert.Null(InkNeckCut.Propose(ink, Whole(ink)));
    }

    [Fact]
    public void Side_by_side_pieces_with_an_empty_column_are_not_cut_nor_is_a_narrow_piece()
    {
        // The stroke segmentation already chose to keep ink with a gap together; no column of ink crosses it once.
        InkMap apart = Map(70, 60, (x, y) => y >= 10 && y < 50 && ((x >= 10 && x < 30) || (x >= 40 && x < 60)));
        Assert.Null(InkNeckCut.Propose(apart, Whole(apart)));

        // 29 px wide and 40 tall: under three quarters of its height, one digit.
        InkMap narrow = Map(40, 60, (x, y) => y >= 10 && y < 50 && (x == 5 || x == 33 || (x >= 5 && x <= 33 && y == 30)));
        Assert.Null(InkNeckCut.Propose(narrow, Whole(narrow)));
        InkMap wider = Map(40, 60, (x, y) => y >= 10 && y < 50 && (x == 3 || x == 33 || (x >= 3 && x <= 33 && y == 30)));
        Assert.NotNull(InkNeckCut.Propose(wider, Whole(wider)));   // 31 wide: the H's bar is a neck
        Assert.Null(InkNeckCut.Propose(wider, new ImageSegment(Array.Empty<int>(), 0, 0, -1, -1)));
    }
}
