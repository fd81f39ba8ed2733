namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Proposes where a wide piece of an image's ink would split into two digits that touch: at the column of least ink
/// in the middle half of its box, when that column crosses the ink exactly once (a neck, where two digits written with
/// a bold pen run into each other). A traced stroke runs through such a neck from one digit into the next, so the
/// device's stroke segmentation cannot cut there; recognition then decides whether the cut holds
/// (<see cref="Recognition.DigitRecognitionService"/>).
/// </summary>
/// <remarks>
/// A column that crosses the ink twice or more goes through one digit's loop or bar and its stem (the middle of a "0",
/// an "8", a "2"), or through two digits that overlap side by side, which no vertical cut separates: no cut is
/// proposed there. Segmentation at the minima of the vertical projection is the classic dissection method (Casey and
/// Lecolinet, "A survey of methods and strategies in character segmentation", IEEE PAMI 1996, §3.1).
/// </remarks>
public static class InkNeckCut
{
    /// <summary>
    /// Pieces narrower than this share of their height, in permille, are not cut (750: two digits side by side make a
    /// piece at least as wide as three quarters of its height; one narrow digit does not hold two).
    /// </summary>
    public const int MinAspectPermille = 750;

    /// <summary>Proposes a cut of one piece of ink.</summary>
    /// <param name="ink">The ink map the piece lies in.</param>
    /// <param name="piece">The piece: its pixels (indices y·Width + x) and inclusive box.</param>
    /// <returns>The parts left and right of the cut column (the column goes to the right part), each with its own box;
    /// null when the piece is narrower than <see cref="MinAspectPermille"/> of its height or its least-ink column in the
    /// middle half does not cross the ink exactly once.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (ImageSegment Left, ImageSegment Right)? Propose(InkMap ink, ImageSegment piece)
    {
        ArgumentNullException.ThrowIfNull(ink);
        ArgumentNullException.ThrowIfNull(piece);
        long width = (long)piece.Right - piece.Left + 1, height = (long)piece.Bottom - piece.Top + 1;
        if (piece.Pixels.Length == 0 || width * 1000 < height * MinAspectPermille)
        {
            return null;
        }

        // Ink pixels per column of the box, and the runs of ink down each column (rows are visited in order).
        var count = new int[width];
        var runs = new int[width];
        var lastRow = new int[width];
        Array.Fill(lastRow, int.MinValue);
        foreach (int i in piece.Pixels.Order())
        {
            int c = i % ink.Width - piece.Left, y = i / ink.Width;
            count[c]++;
            runs[c] += lastRow[c] == y - 1 ? 0 : 1;
            lastRow[c] = y;
        }

        long best = -1;
        for (long c = Math.Max(1, width / 4); c <= 3 * width / 4; c++)
        {
            best = best < 0 || count[c] < count[best] ? c : best;
        }

        if (best < 0 || runs[best] != 1)
        {
            return null;
        }

        int cut = piece.Left + (int)best;
        return (Part(ink, piece.Pixels.Where(i => i % ink.Width < cut)), Part(ink, piece.Pixels.Where(i => i % ink.Width >= cut)));
    }

    private static ImageSegment Part(InkMap ink, IEnumerable<int> pixels)
    {
        int[] part = pixels.ToArray();
        return new ImageSegment(part, part.Min(i => i % ink.Width), part.Min(i => i / ink.Width),
            part.Max(i => i % ink.Width), part.Max(i => i / ink.Width));
    }
}
