namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Removes the horizontal ruling of lined paper from an ink map. A notebook's ruling is dark enough to be ink (a
/// printed line at gray 150 on paper at 235 is as dark as a pencil stroke), and it crosses the whole image: taken as
/// part of the digit, it stretches the digit's box to the image's width and the digit shrinks to a few pixels.
/// </summary>
/// <remarks>
/// A ruling line is told from a digit's own horizontal stroke (the bar of a 7 or a 5, the base of a 2) by two
/// properties that handwriting does not have together:
/// <list type="number">
/// <item>it is one run of ink (any level above the ink map's noise floor) across at least
/// <see cref="MinSpanPercent"/> % of the image's width within three rows, and</item>
/// <item>it reaches past all the other ink on both sides: a line printed on the page continues beyond the digit
/// written on it, while a digit's bar ends where the digit does, at its own left or right edge. So the bar of a
/// tightly cropped 7, which also spans its image, is kept: the 7's stem below it reaches as far right.</item>
/// </list>
/// A line's pixels are cleared column by column, as the vertical runs of ink that lie within its band; a run that
/// reaches beyond the band is a stroke crossing or touching the line and is kept whole, so strokes keep their crossings
/// and digits stay in one piece. Ink of a stroke that runs along a line, within its band, is lost with it. A skewed
/// page (a scan or photo up to <see cref="RulingSkew.MaxDegrees"/>° off square) is sheared first so that its lines
/// are horizontal (<see cref="RulingSkew"/>), and sheared back after. Lines that are not parallel or not straight
/// (strong perspective, curled paper) and vertical lines (a margin, squared paper) are not handled.
/// </remarks>
public static class RulingLines
{
    /// <summary>Shortest line, in percent of the image's width.</summary>
    public const int MinSpanPercent = 75;

    /// <summary>
    /// Images narrower than this are left alone (pixels): in a crop of a few strokes' widths a digit's bar is as long as
    /// any line could be, and MNIST-size images (28 px) keep their pixels.
    /// </summary>
    public const int MinWidth = 32;

    /// <summary>Removes the ruling lines of an ink map.</summary>
    /// <param name="ink">The ink map (<see cref="InkMap.Extract"/>).</param>
    /// <returns>The map without its ruling lines; the same instance when it has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ink"/> is null.</exception>
    public static InkMap Remove(InkMap ink)
    {
        ArgumentNullException.ThrowIfNull(ink);
        if (ink.Width < MinWidth || ink.Height < 3)
        {
            return ink;
        }

        // A skewed page's lines are made horizontal first, so a line is one band however much it climbs.
        int rise = RulingSkew.EstimateRise(ink);
        int[] shifts = RulingSkew.Shifts(ink.Width, rise);
        InkMap level = rise == 0 ? ink : RulingSkew.Shear(ink, shifts, rise);
        InkMap removed = RemoveHorizontal(level, shifts, ink.Height, rise == 0 ? 0 : 1);
        if (ReferenceEquals(removed, level))
        {
            return ink;
        }

        return rise == 0 ? removed : RulingSkew.Unshear(removed, ink, shifts);
    }

    /// <summary>
    /// Removes the lines that are horizontal in <paramref name="ink"/>, the image sheared by <paramref name="shifts"/>
    /// (column x of the image, <paramref name="imageHeight"/> rows, lies in rows shifts[x] onwards); the same instance
    /// when there are none. <paramref name="residue"/> is how many rows a sheared line may still stray outside its band
    /// (the shear moves each column by whole rows, so a line whose slope or height falls between rows still steps a row
    /// once sheared): 0 for an unsheared image, 1 for a sheared one.
    /// </summary>
    private static InkMap RemoveHorizontal(InkMap ink, int[] shifts, int imageHeight, int residue)
    {
        List<Line> lines = FindCandidates(ink, shifts, imageHeight);
        if (lines.Count == 0)
        {
            return ink;
        }

        (int otherLeft, int otherRight) = OtherInkColumns(ink, lines, shifts, imageHeight);
        lines.RemoveAll(line => !ReachesPast(line, otherLeft, otherRight));
        if (lines.Count == 0)
        {
            return ink;
        }

        byte[] cleared = (byte[])ink.Ink.Clone();
        foreach (Line line in lines)
        {
            Erase(ink, line, residue, cleared);
        }

        return ink with { Ink = cleared };
    }

    /// <summary>A band of rows <see cref="Top"/>..<see cref="Bottom"/> whose ink runs from column Left to Right, inclusive.</summary>
    private sealed record Line(int Top, int Bottom, int Left, int Right)
    {
        public int Thickness => Bottom - Top + 1;
    }

    /// <summary>
    /// Rows whose three-row band (the row and its neighbours) holds a run of ink over <see cref="MinSpanPercent"/> % of
    /// the width, adjacent rows joined into one band.
    /// </summary>
    private static List<Line> FindCandidates(InkMap ink, int[] shifts, int imageHeight)
    {
        int w = ink.Width, h = ink.Height;
        long minSpan = ((long)w * MinSpanPercent + 99) / 100;
        var lines = new List<Line>();
        Line? open = null;
        for (int y = 0; y < h; y++)
        {
            (int left, int right) = LongestBandRun(ink, y, shifts, imageHeight);
            if (right - left + 1 >= minSpan)
            {
                open = open is null ? new Line(y, y, left, right)
                    : open with { Bottom = y, Left = Math.Min(open.Left, left), Right = Math.Max(open.Right, right) };
                continue;
            }

            if (open is not null)
            {
                lines.Add(open);
                open = null;
            }
        }

        if (open is not null)
        {
            lines.Add(open);
        }

        return lines;
    }

    /// <summary>
    /// The longest run of columns with ink in row y − 1, y or y + 1, as (left, right); (0, −1) when none. Columns where
    /// row y lies outside the sheared image continue a run that holds ink: a skewed line that leaves the image at
    /// its top or bottom edge is still one line across the width, and its cut piece is not "other ink".
    /// </summary>
    private static (int Left, int Right) LongestBandRun(InkMap ink, int y, int[] shifts, int imageHeight)
    {
        int w = ink.Width;
        int bestLeft = 0, bestRight = -1, start = -1;
        bool inked = false;
        for (int x = 0; x <= w; x++)
        {
            bool hasInk = x < w && (IsInk(ink, x, y - 1) || IsInk(ink, x, y) || IsInk(ink, x, y + 1));
            bool outside = x < w && (y < shifts[x] || y >= shifts[x] + imageHeight);
            if (hasInk || outside)
            {
                start = start < 0 ? x : start;
                inked |= hasInk;
                continue;
            }

            if (start >= 0 && inked && x - 1 - start > bestRight - bestLeft)
            {
                (bestLeft, bestRight) = (start, x - 1);
            }

            (start, inked) = (-1, false);
        }

        return (bestLeft, bestRight);
    }

    /// <summary>
    /// The leftmost and rightmost columns of ink outside every candidate band and the row on either side of it (where
    /// the rest of a line climbing a row across the image lies); (w, −1) when there is none. Rows of a sheared image
    /// that some column does not reach (its top and bottom |rise| rows) are left out: there a line that leaves the image
    /// across its top or bottom edge leaves a piece too short to be found as a line, which would otherwise stand as ink
    /// the real lines must reach past.
    /// </summary>
    private static (int Left, int Right) OtherInkColumns(InkMap ink, List<Line> lines, int[] shifts, int imageHeight)
    {
        int w = ink.Width;
        int left = w, right = -1, next = 0;
        int firstFull = shifts.Max(), lastFull = shifts.Min() + imageHeight - 1;
        for (int y = firstFull; y <= lastFull; y++)
        {
            while (next < lines.Count && lines[next].Bottom + 1 < y)
            {
                next++;
            }

            if (next < lines.Count && lines[next].Top - 1 <= y)
            {
                continue;
            }

            for (int x = 0; x < w; x++)
            {
                if (IsInk(ink, x, y))
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                }
            }
        }

        return (left, right);
    }

    /// <summary>
    /// True when the band reaches past the other ink on both sides by at least its thickness; always when there is no
    /// other ink.
    /// </summary>
    private static bool ReachesPast(Line line, int otherLeft, int otherRight) =>
        otherRight < 0 || (line.Left <= otherLeft - line.Thickness && line.Right >= otherRight + line.Thickness);

    /// <summary>
    /// Clears the line's pixels column by column: in each column of the band, every vertical run of ink that meets the
    /// band's rows and lies within them (and <paramref name="residue"/> rows beyond). A run that reaches further is a
    /// stroke crossing or touching the line there, and is kept whole, so strokes keep their crossings and digits stay
    /// in one piece.
    /// </summary>
    private static void Erase(InkMap ink, Line line, int residue, byte[] cleared)
    {
        int w = ink.Width;
        int top = line.Top - residue, bottom = line.Bottom + residue;
        for (int x = line.Left; x <= line.Right; x++)
        {
            int y = line.Top;
            while (y <= line.Bottom)
            {
                if (!IsInk(ink, x, y))
                {
                    y++;
                    continue;
                }

                int start = y, end = y;
                while (IsInk(ink, x, start - 1))
                {
                    start--;
                }

                while (IsInk(ink, x, end + 1))
                {
                    end++;
                }

                if (start >= top && end <= bottom)
                {
                    for (int r = start; r <= end; r++)
                    {
                        cleared[r * w + x] = 0;
                    }
                }

                y = end + 1;
            }
        }
    }

    private static bool IsInk(InkMap ink, int x, int y) => y >= 0 && y < ink.Height && ink.Ink[y * ink.Width + x] != 0;
}
