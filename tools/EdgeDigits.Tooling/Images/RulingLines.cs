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
/// A line's pixels are cleared except where a stroke crosses it: where ink lies just above and just below the line
/// within the line's thickness to either side, so strokes keep their crossings and digits stay in one piece. Ink of a
/// stroke that runs along a line is lost with it. A line that climbs more than a row or two across the image (a skewed
/// scan) leaves the pieces outside its band, and vertical lines (a margin, squared paper) are not handled.
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
        int w = ink.Width, h = ink.Height;
        if (w < MinWidth || h < 3)
        {
            return ink;
        }

        List<Line> lines = FindCandidates(ink);
        if (lines.Count == 0)
        {
            return ink;
        }

        (int otherLeft, int otherRight) = OtherInkColumns(ink, lines);
        lines.RemoveAll(line => !ReachesPast(line, otherLeft, otherRight));
        if (lines.Count == 0)
        {
            return ink;
        }

        byte[] cleared = (byte[])ink.Ink.Clone();
        foreach (Line line in lines)
        {
            Erase(ink, line, cleared);
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
    private static List<Line> FindCandidates(InkMap ink)
    {
        int w = ink.Width, h = ink.Height;
        long minSpan = ((long)w * MinSpanPercent + 99) / 100;
        var lines = new List<Line>();
        Line? open = null;
        for (int y = 0; y < h; y++)
        {
            (int left, int right) = LongestBandRun(ink, y);
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

    /// <summary>The longest run of columns with ink in row y − 1, y or y + 1, as (left, right); (0, −1) when none.</summary>
    private static (int Left, int Right) LongestBandRun(InkMap ink, int y)
    {
        int w = ink.Width;
        int bestLeft = 0, bestRight = -1, start = -1;
        for (int x = 0; x <= w; x++)
        {
            bool on = x < w && (IsInk(ink, x, y - 1) || IsInk(ink, x, y) || IsInk(ink, x, y + 1));
            if (on && start < 0)
            {
                start = x;
            }
            else if (!on && start >= 0)
            {
                if (x - 1 - start > bestRight - bestLeft)
                {
                    (bestLeft, bestRight) = (start, x - 1);
                }

                start = -1;
            }
        }

        return (bestLeft, bestRight);
    }

    /// <summary>
    /// The leftmost and rightmost columns of ink outside every candidate band and the row on either side of it (where
    /// the rest of a line climbing a row across the image lies); (w, −1) when there is none.
    /// </summary>
    private static (int Left, int Right) OtherInkColumns(InkMap ink, List<Line> lines)
    {
        int w = ink.Width;
        int left = w, right = -1, next = 0;
        for (int y = 0; y < ink.Height; y++)
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
    /// Clears the band's pixels over its columns, except in columns where a stroke crosses: ink in the row just above the
    /// band and in the row just below it, each within a thickness to either side.
    /// </summary>
    private static void Erase(InkMap ink, Line line, byte[] cleared)
    {
        int w = ink.Width, t = line.Thickness;
        int[] above = RowInkPrefix(ink, line.Top - 1), below = RowInkPrefix(ink, line.Bottom + 1);
        for (int x = line.Left; x <= line.Right; x++)
        {
            int a = Math.Max(0, x - t), b = Math.Min(w - 1, x + t);
            if (above[b + 1] - above[a] > 0 && below[b + 1] - below[a] > 0)
            {
                continue;
            }

            for (int y = line.Top; y <= line.Bottom; y++)
            {
                cleared[y * w + x] = 0;
            }
        }
    }

    /// <summary>Prefix counts of the ink pixels of row y: p[x] = ink pixels in columns 0..x − 1 (all zero outside the image).</summary>
    private static int[] RowInkPrefix(InkMap ink, int y)
    {
        var prefix = new int[ink.Width + 1];
        for (int x = 0; x < ink.Width; x++)
        {
            prefix[x + 1] = prefix[x] + (IsInk(ink, x, y) ? 1 : 0);
        }

        return prefix;
    }

    private static bool IsInk(InkMap ink, int x, int y) => y >= 0 && y < ink.Height && ink.Ink[y * ink.Width + x] != 0;
}
