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
                else
                {
                    // Only the crossing, the stem's own columns, keeps line ink.
                    Assert.True(v == 0, $"line pixel ({x}, {y}) was kept");
                }
            }
        }
    }

    [Fact]
    public void A_stroke_resting_on_a_line_keeps_its_ink()
    {
        // A "U" whose base, rows 37..39, sits on the line (rows 40 and 41): the band found is rows 39..42, so the base's
        // lowest row lies in it. Where the base's ink joins the line's the column's run reaches above the band and is
        // kept, line pixels and all; elsewhere the line goes.
        static bool U(int x, int y) => (x is >= 40 and <= 80 && y is >= 37 and <= 39) || (x is (>= 40 and <= 42) or (>= 78 and <= 80) && y is >= 15 and <= 39);
        InkMap result = RulingLines.Remove(Map((x, y) => Line(y) || U(x, y)));
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                byte v = result.Ink[y * W + x];
                if (U(x, y))
                {
                    Assert.True(v == 255, $"stroke pixel ({x}, {y}) was cleared");
                }
                else if (x is < 40 or > 80)
                {
                    Assert.True(v == 0, $"line pixel ({x}, {y}) was kept");
                }
            }
        }
    }

    [Fact]
    public void Lines_above_and_below_a_digit_are_cleared_and_nothing_else()
    {
        InkMap result = RulingLines.Remove(Map((x, y) => y is 10 or 11 or 90 or 91 || Ring(x, y)));
        InkMap digit = Map(Ring);
        Assert.Equal(digit.Ink, result.Ink);
    }

    /// <summary>
    /// Ruling lines <paramref name="thickness"/> px thick every <paramref name="gap"/> rows, the first at row
    /// <paramref name="top"/> at the left edge, falling <paramref name="rise"/> rows to the right edge of a
    /// <paramref name="w"/> px map (climbing when negative); rows are floored, as a plotter would.
    /// </summary>
    private static bool Sloped(int x, int y, int rise, int top, int gap, int w = W, int thickness = 2)
    {
        int first = (int)Math.Floor(top + (double)rise * x / (w - 1));
        int d = ((y - first) % gap + gap) % gap;
        return d < thickness;
    }

    private static bool Ring(int x, int y) => Math.Abs(Math.Sqrt((x - 60) * (x - 60) + (y - 50) * (y - 50)) - 25) <= 1.5;

    [Theory]
    [InlineData(8, 10, 72)]
    [InlineData(-8, 10, 75)]
    [InlineData(3, 10, 72)]
    [InlineData(8, -5, 98)] // a line leaves the image at the top, another at the bottom
    [InlineData(-8, 5, 97)]
    public void Lines_of_a_skewed_scan_are_cleared_and_nothing_else(int rise, int top, int gap)
    {
        InkMap result = RulingLines.Remove(Map((x, y) => Sloped(x, y, rise, top, gap) || Ring(x, y)));
        Assert.Equal(Map(Ring).Ink, result.Ink);
    }

    [Fact]
    public void A_stroke_crossing_a_skewed_line_is_kept()
    {
        InkMap result = RulingLines.Remove(Map((x, y) => Sloped(x, y, 10, 35, 1000) || Stem(x, y)));
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
                    Assert.True(v == 0, $"line pixel ({x}, {y}) was kept");
                }
            }
        }
    }

    [Fact]
    public void A_slanted_stroke_without_ruling_is_the_same_instance()
    {
        // A "1" leaning 30° and its flag: the shear that makes the stroke most compact finds no line in it.
        InkMap one = Map((x, y) => (y is >= 10 and <= 90 && Math.Abs(x - (80 - (y - 10) * 0.58)) <= 1.5) ||
            (y is >= 10 and <= 12 && x is >= 64 and <= 80));
        Assert.Same(one, RulingLines.Remove(one));
    }

    [Fact]
    public void Lines_of_a_large_skewed_photo_are_cleared()
    {
        // 1,200 px wide: the skew is searched on a reduced map first, then refined at full resolution.
        const int w = 1200, h = 900;
        static bool BigRing(int x, int y) => Math.Abs(Math.Sqrt((x - 600) * (x - 600) + (y - 450) * (y - 450)) - 200) <= 6;
        InkMap result = RulingLines.Remove(Map((x, y) => Sloped(x, y, 70, 60, 180, w, thickness: 4) || BigRing(x, y), w, h));
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                bool ink = result.Ink[y * w + x] != 0, ring = BigRing(x, y);
                double fromRing = Math.Abs(Math.Sqrt((x - 600) * (x - 600) + (y - 450) * (y - 450)) - 200) - 6;

                // Line ink survives only where the ring crosses, and the ring loses only what lies on a line or within
                // two rows of it (ink running along a line goes with it; the shear leaves a line within a row of level,
                // and the erased band takes a row beside it).
                Assert.True(!ink || ring || fromRing <= 8, $"line pixel ({x}, {y}) was kept");
                Assert.True(ink || !ring || Sloped(x, y + 2, 70, 60, 180, w, 8), $"ring pixel ({x}, {y}) was lost");
            }
        }
    }

    [Fact]
    public void The_bar_of_a_tightly_cropped_7_is_kept()
    {
        // The bar spans the image as a line would, but the stem below reaches the right edge too: the bar does not
        // reach past the rest of the digit on both sides.
        InkMap seven = Map(TightSeven);
        Assert.Same(seven, RulingLines.Remove(seven));
    }

    /// <summary>The tightly cropped 7 of <see cref="The_bar_of_a_tightly_cropped_7_is_kept"/>: a bar along the top edge, a stem from the right edge to the bottom one.</summary>
    private static bool TightSeven(int x, int y) => (y is >= 0 and <= 3) || Math.Abs(x - (W - 3 - (y - 3) * 0.6)) <= 2;

    /// <summary>The 7 with a printed line at ink <paramref name="line"/> across it in rows 60 and 61, edge to edge.</summary>
    private static InkMap SevenOnLine(byte line)
    {
        InkMap seven = Map(TightSeven);
        byte[] pixels = (byte[])seven.Ink.Clone();
        for (int x = 0; x < W; x++)
        {
            for (int y = 60; y <= 61; y++)
            {
                pixels[y * W + x] = Math.Max(pixels[y * W + x], line);
            }
        }

        return seven with { Ink = pixels };
    }

    [Fact]
    public void A_fainter_line_across_a_tight_crop_is_cleared()
    {
        // The stem reaches the right edge, so the line cannot reach past the digit; at ink 100 against the digit's 255
        // it is fainter than the writing, printed. Its pixels go but where the stem crosses it (those columns' runs
        // reach beyond the band); the bar, as dark as the rest of the digit, stays.
        InkMap result = RulingLines.Remove(SevenOnLine(100));
        static bool Crossing(int x, int y) => y is 60 or 61 && Math.Abs(x - (W - 3 - (y - 3) * 0.6)) <= 3;
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                byte v = result.Ink[y * W + x];
                Assert.True(TightSeven(x, y) ? v == 255 : (v == 0 || Crossing(x, y)), $"pixel ({x}, {y}) is {v}");
            }
        }
    }

    [Fact]
    public void A_line_as_dark_as_the_writing_across_a_tight_crop_is_kept()
    {
        // The same line at full ink: nothing tells it from a stroke of the digit (the documented limit).
        InkMap seven = SevenOnLine(255);
        Assert.Same(seven, RulingLines.Remove(seven));
    }

    /// <summary>
    /// A ring at full ink on lined paper (rows 10, 11 and 88, 89 at ink 100, clear of the ring) with a vertical line at
    /// columns 8 and 9 at ink <paramref name="margin"/>: a notebook's margin, left of the digit, crossing both rows.
    /// </summary>
    private static InkMap RingBesideMargin(byte margin)
    {
        var pixels = new byte[W * H];
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                byte printed = Math.Max(Every(y, 10, 78) ? (byte)100 : (byte)0, x is 8 or 9 ? margin : (byte)0);
                pixels[y * W + x] = Ring(x, y) ? (byte)255 : printed;
            }
        }

        return new InkMap(W, H, pixels, DarkOnLight: true, Background: 235);
    }

    [Fact]
    public void A_fainter_margin_on_lined_paper_is_cleared_with_the_lines()
    {
        // One vertical line has no neighbour a square away, so it is no grid column; it reaches past the ring at both
        // ends and, at ink 100 against the ring's 255, it is fainter than the writing: printed.
        Assert.Equal(Map(Ring).Ink, RulingLines.Remove(RingBesideMargin(100)).Ink);
    }

    [Fact]
    public void A_vertical_line_as_dark_as_the_writing_is_kept()
    {
        // The same line at full ink could be a digit's own upright stroke (the stem of a "4" reaching past the rest of
        // its digit): kept, whole; the rows go but where they cross it.
        InkMap result = RulingLines.Remove(RingBesideMargin(255));
        AssertExactly(result, (x, y) => Ring(x, y) || x is 8 or 9);
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

    /// <summary>
    /// Asserts that every pixel of <paramref name="result"/> from row <paramref name="fromRow"/> on is full ink where
    /// <paramref name="ink"/>(x, y) holds and empty elsewhere.
    /// </summary>
    private static void AssertExactly(InkMap result, Func<int, int, bool> ink, int fromRow = 0)
    {
        for (int y = fromRow; y < result.Height; y++)
        {
            for (int x = 0; x < result.Width; x++)
            {
                byte v = result.Ink[y * result.Width + x];
                Assert.True(ink(x, y) ? v == 255 : v == 0, $"pixel ({x}, {y}) is {v}");
            }
        }
    }

    /// <summary>A base drawn along the line of <see cref="Line"/>: row 41 from column 30 to 90, leaving it steeply upwards at both ends.</summary>
    private static bool Along(int x, int y) => (y == 41 && x is >= 30 and <= 90) || (x is 30 or 90 && y is >= 20 and <= 41);

    /// <summary>Lines 2 px thick every <paramref name="pitch"/> px from <paramref name="first"/> on (rows or columns).</summary>
    private static bool Every(int v, int first, int pitch) => v >= first && (v - first) % pitch is 0 or 1;

    [Fact]
    public void The_grid_of_squared_paper_is_cleared_and_nothing_else()
    {
        // Squares of 78 px around a ring: two lines each way, none crossing the ring.
        InkMap result = RulingLines.Remove(Map((x, y) => Every(y, 10, 78) || Every(x, 20, 78) || Ring(x, y)));
        Assert.Equal(Map(Ring).Ink, result.Ink);
    }

    [Fact]
    public void A_stroke_crossing_the_lines_of_a_grid_is_kept()
    {
        // Squares of 40 px; the stem at columns 69..71 crosses two rows of the grid, and no column of it.
        static bool StemBetween(int x, int y) => x is >= 69 and <= 71 && y is >= 15 and <= 85;
        AssertExactly(RulingLines.Remove(Map((x, y) => Every(y, 20, 40) || Every(x, 10, 40) || StemBetween(x, y))), StemBetween);
    }

    [Fact]
    public void A_grid_column_at_the_image_edge_is_cleared_with_the_rest()
    {
        // Squares of 90 px whose last column is the image's right edge (columns 118 and 119): until it goes, no row
        // reaches past the other ink.
        InkMap result = RulingLines.Remove(Map((x, y) => Every(y, 10, 90) || Every(x, 28, 90) || Ring(x, y), h: 120));
        Assert.Equal(Map(Ring, h: 120).Ink, result.Ink);
    }

    [Fact]
    public void The_grid_of_a_skewed_scan_is_cleared_but_for_a_piece_at_the_edge()
    {
        // A 200×160 page turned about 1.7°: rows falling 6 px across it, columns drifting 5 px down it, squares of 62 px;
        // the first row leaves the image across its top edge. That piece (rows 0..4) is ink at the end of every column,
        // which no column could reach past: ink that close to the image's edge (a quarter of a square) is not weighed
        // against the lines of a grid. The piece itself stays (the known limit of docs/ink.md, "Squared paper").
        const int w = 200, h = 160;
        static bool BigRing(int x, int y) => Math.Abs(Math.Sqrt((x - 100) * (x - 100) + (y - 95) * (y - 95)) - 22) <= 1.5;
        static bool Grid(int x, int y) => Sloped(x, y, 6, -3, 62, w) || Sloped(y, x, 5, 2, 62, h);
        AssertExactly(RulingLines.Remove(Map((x, y) => Grid(x, y) || BigRing(x, y), w, h)), BigRing, fromRow: 5);
    }

    [Fact]
    public void Upright_strokes_of_a_tight_crop_on_lined_paper_are_kept()
    {
        // An "11" filling the image's height on lined paper, the stems exactly one ruling pitch (40 px) apart: columns a
        // grid would have, but no other ink they reach past, so they are strokes, not lines. The ruling still goes.
        static bool Stems(int x, int y) => x is (>= 39 and <= 41) or (>= 79 and <= 81);
        InkMap result = RulingLines.Remove(Map((x, y) => Every(y, 20, 40) || Stems(x, y)));
        Assert.Equal(Map(Stems).Ink, result.Ink);
    }

    [Fact]
    public void Upright_strokes_on_lined_paper_that_are_not_one_square_apart_are_kept()
    {
        // Two stems 50 px apart on lines 30 px apart (and a bar between them, other ink they reach past): not a grid.
        static bool Digit(int x, int y) => x is (>= 34 and <= 36) or (>= 84 and <= 86) || (y is >= 48 and <= 50 && x is >= 36 and <= 84);
        InkMap result = RulingLines.Remove(Map((x, y) => Every(y, 5, 30) || Digit(x, y)));
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                Assert.True(!Digit(x, y) || result.Ink[y * W + x] == 255, $"stroke pixel ({x}, {y}) was cleared");
            }
        }
    }

    [Fact]
    public void A_stroke_running_along_a_fainter_line_keeps_its_ink_and_the_line_goes()
    {
        // A printed line at ink 100 (rows 40, 41) and a pen stroke at full ink that runs inside the line's band from
        // column 30 to 90 (row 41) and leaves it steeply at both ends (a base drawn along the line). Where the stroke
        // lies within the band the column's run does not reach past it, so by shape alone stroke and line went
        // together and the stroke fell apart; by level, the stroke is darker than the line's median and stays.
        var pixels = new byte[W * H];
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                pixels[y * W + x] = Along(x, y) ? (byte)255 : Line(y) ? (byte)100 : (byte)0;
            }
        }

        AssertExactly(RulingLines.Remove(new InkMap(W, H, pixels, DarkOnLight: true, Background: 235)), Along);
    }

    [Fact]
    public void A_stroke_running_along_a_line_as_dark_as_the_ink_goes_with_it()
    {
        // The same drawing with the line at full ink: level tells nothing, the band's runs go whole (the documented
        // limit), the stroke's upright parts outside the band stay.
        InkMap result = RulingLines.Remove(Map((x, y) => Along(x, y) || Line(y)));
        Assert.Equal(0, result.Ink[41 * W + 60]);
        Assert.Equal(255, result.Ink[25 * W + 30]);
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
