namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Removes the ruling of lined and squared paper from an ink map. A notebook's ruling is dark enough to be ink (a
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
/// tightly cropped 7, which also spans its image, is kept: the 7's stem below it reaches as far right. In a tight crop
/// the digit touches the image's edges and no line can reach past it; there a band is also a line when its ink is
/// fainter than the writing's (under <see cref="MinWrittenPercent"/> % of the other ink's median level): a pen lays a
/// bar as dark as the rest of its digit, a printed ruling is usually fainter.</item>
/// </list>
/// A line's pixels are cleared column by column, as the vertical runs of ink that lie within its band; a run that
/// reaches beyond the band is a stroke crossing or touching the line and is kept whole, so strokes keep their crossings
/// and digits stay in one piece. Within such runs, pixels darker than the line (above <see cref="StrokeLevel"/>) are
/// a stroke running along it and stay; a stroke along a line as dark as the ink is lost with it. A skewed
/// page (a scan or photo up to <see cref="RulingSkew.MaxDegrees"/>° off square) is sheared first so that its lines
/// are horizontal (<see cref="RulingSkew"/>), and sheared back after. Lines that are not parallel or not straight
/// (strong perspective, curled paper) are not handled; the vertical lines of squared paper and a notebook's margin
/// on lined paper are (<see cref="Remove"/>).
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

    /// <summary>
    /// Largest difference, in percent of the ruling's pitch (and at least <see cref="MinGridSlack"/> px), between the
    /// spacing of two vertical lines and the pitch of the horizontal ruling for the two to be columns of one grid.
    /// </summary>
    public const int GridSlackPercent = 10;

    /// <summary>Smallest slack of <see cref="GridSlackPercent"/>, pixels: the ruling and the shear place lines on whole pixels.</summary>
    public const int MinGridSlack = 2;

    /// <summary>
    /// Darkest line, as the median ink of its band (0..255), whose pixels can be told from a stroke's by their level
    /// (<see cref="StrokeLevel"/>): three quarters of full ink.
    /// </summary>
    public const int MaxContrastingLine = 192;

    /// <summary>
    /// Faintest ink, in percent of the median level of the other ink, that a band not reaching past that ink can be
    /// written with: a fainter band is printed (<see cref="IsFainterThanTheWriting"/>).
    /// </summary>
    public const int MinWrittenPercent = 75;

    /// <summary>
    /// Removes the ruling lines of an ink map: the horizontal lines of lined paper and, on squared paper, the vertical
    /// lines of its grid too.
    /// </summary>
    /// <remarks>
    /// Vertical lines are looked for only once horizontal lines have been removed, in the transposed map by the same
    /// rule, and a vertical candidate is kept only when another one lies one pitch of the horizontal ruling away
    /// (within <see cref="GridSlackPercent"/> %): squared paper has squares. A digit's own upright strokes (the stem of a
    /// "1" or a "4" in a tight crop, which spans the image's height as a line would) are rarely exactly one square
    /// apart, are never looked at without horizontal ruling, and stay when they are all the ink there is, so plain and
    /// lined paper are read as before. Once a grid is found, both directions leave out the ink within a quarter of a
    /// square of the image's edges when they weigh a line against the other ink: there lie the pieces of the other
    /// direction's lines that a skewed page's edges cut off, and a grid line close to the edge, which no line of the
    /// other direction could reach past; so the rows are looked for again after the columns (when none could be
    /// removed at first, the candidate rows give the pitch). On lined paper without a grid, a vertical line that reaches
    /// past the other ink at both ends and is fainter than the writing is a notebook's margin and goes too
    /// (<see cref="Margins"/>); without horizontal ruling no vertical line is looked for. Measured in docs/ink.md,
    /// "Squared paper" and "Margins".
    /// </remarks>
    /// <param name="ink">The ink map (<see cref="InkMap.Extract"/>).</param>
    /// <returns>The map without its ruling lines; the same instance when it has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ink"/> is null.</exception>
    public static InkMap Remove(InkMap ink)
    {
        ArgumentNullException.ThrowIfNull(ink);
        (InkMap withoutRows, int pitch, bool kept) = RemoveHorizontal(ink, gridPitch: 0, byLevel: false);
        if (pitch > 0)
        {
            InkMap columns = Transpose(withoutRows);
            // Without a grid, a lone vertical line on lined paper is a margin when it is also fainter than the writing.
            (InkMap withoutColumns, _, _) = RemoveHorizontal(columns, pitch, byLevel: false, orMargins: true);
            if (!ReferenceEquals(withoutColumns, columns))
            {
                // Rows kept by a grid column or a margin near the image's edge, by a column's piece there, or by the
                // digit in a tight crop go now that the columns are known and no longer weighed as other ink.
                return RemoveHorizontal(Transpose(withoutColumns), pitch, byLevel: true).Map;
            }
        }

        // No grid: the rows kept because the digit reaches the image's edges (a tight crop) are weighed by their level.
        return kept ? RemoveHorizontal(withoutRows, gridPitch: 0, byLevel: true).Map : withoutRows;
    }

    /// <summary>
    /// Removes the horizontal lines of a map, deskewed first (<see cref="RulingSkew"/>); with a
    /// <paramref name="gridPitch"/> above 0 only lines that have a neighbour line that far away (<see cref="OnGrid"/>),
    /// weighed against the other ink away from the left and right edges (a quarter of the pitch); when none has, with
    /// <paramref name="orMargins"/>, the lines that are fainter than the writing as well (<see cref="Margins"/>). With
    /// <paramref name="byLevel"/>, a band fainter than the other ink is a line too (<see cref="IsFainterThanTheWriting"/>):
    /// only once the lines of the other direction are gone, which would otherwise be most of that ink. Returns the map
    /// (the same instance when no line goes); the pitch of the ruling: the median spacing of neighbouring removed lines
    /// or, with fewer than two, of the candidate bands (a grid column at the image's edge keeps a row from reaching past
    /// the other ink until the columns are gone), 0 with fewer than two; and whether a candidate band was kept.
    /// </summary>
    private static (InkMap Map, int Pitch, bool Kept) RemoveHorizontal(InkMap ink, int gridPitch, bool byLevel, bool orMargins = false)
    {
        if (ink.Width < MinWidth || ink.Height < 3)
        {
            return (ink, 0, false);
        }

        // A skewed page's lines are made horizontal first, so a line is one band however much it climbs.
        int rise = RulingSkew.EstimateRise(ink);
        int[] shifts = RulingSkew.Shifts(ink.Width, rise);
        InkMap level = rise == 0 ? ink : RulingSkew.Shear(ink, shifts, rise);
        List<Line> candidates = FindCandidates(level, shifts, ink.Height);
        int residue = rise == 0 ? 0 : 1;
        List<Line> lines = candidates;
        if (candidates.Count > 0)
        {
            OtherInk other = OtherInkOf(level, candidates, shifts, ink.Height, gridPitch / 4);
            lines = Printed(level, candidates, other, gridPitch > 0, byLevel ? residue : -1);
            if (gridPitch > 0)
            {
                List<Line> onGrid = OnGrid(lines, gridPitch);
                lines = onGrid.Count > 0 || !orMargins ? onGrid : Margins(level, lines, other, residue);
            }
        }

        bool kept = lines.Count < candidates.Count;
        if (lines.Count == 0)
        {
            return (ink, Pitch(candidates, shifts, ink.Height), kept);
        }

        // The shear moves each column by whole rows, so a sheared line whose slope or height falls between rows still
        // steps a row outside its band: one row of residue on a sheared map, none on a level one.
        byte[] cleared = (byte[])level.Ink.Clone();
        foreach (Line line in lines)
        {
            Erase(level, line, residue, cleared);
        }

        InkMap removed = level with { Ink = cleared };
        int pitch = Pitch(lines, shifts, ink.Height);
        return (rise == 0 ? removed : RulingSkew.Unshear(removed, ink, shifts), pitch > 0 ? pitch : Pitch(candidates, shifts, ink.Height), kept);
    }

    /// <summary>
    /// The candidate bands of <paramref name="ink"/> (a sheared image) that are printed: those that reach
    /// past all the other ink on both sides, and those fainter than the other ink (<see cref="IsFainterThanTheWriting"/>,
    /// a line across a tight crop, which the digit keeps from reaching past it); its lines, top to bottom. Without
    /// other ink every candidate is a line, unless <paramref name="needOtherInk"/>: the columns of a grid are looked for
    /// only beside a digit, since in a tight crop on lined paper the stems of an "11" one ruling pitch apart are all the
    /// ink there is. <paramref name="other"/> is the ink outside the candidates (<see cref="OtherInkOf"/>);
    /// <paramref name="levelResidue"/> is <see cref="Erase"/>'s residue when bands are also weighed by their level, −1
    /// when they are not.
    /// </summary>
    private static List<Line> Printed(InkMap ink, List<Line> candidates, OtherInk other, bool needOtherInk, int levelResidue)
    {
        if (needOtherInk && other.Right < 0)
        {
            return new List<Line>();
        }

        return candidates.Where(line => ReachesPast(line, other)
            || (levelResidue >= 0 && IsFainterThanTheWriting(ink, line, levelResidue, other))).ToList();
    }

    /// <summary>
    /// Of the <paramref name="lines"/> found by shape, those fainter than the writing too (<see cref="IsFainterThanTheWriting"/>):
    /// a lone line, a notebook's margin, has no neighbour a pitch away to show that it is printed, so its level must. A
    /// digit's upright stroke can reach past the rest of its digit at both ends (the stem of a "4" in a tight crop,
    /// once the ink near the edges is not weighed) but is as dark as the rest.
    /// </summary>
    private static List<Line> Margins(InkMap ink, List<Line> lines, OtherInk other, int residue)
    {
        return lines.Where(line => IsFainterThanTheWriting(ink, line, residue, other)).ToList();
    }

    /// <summary>
    /// The lines (top to bottom) that have another line one <paramref name="pitch"/> away, give or take
    /// <see cref="GridSlackPercent"/> % (at least <see cref="MinGridSlack"/> px); none unless two such lines exist.
    /// </summary>
    private static List<Line> OnGrid(List<Line> lines, int pitch)
    {
        int slack = Math.Max(MinGridSlack, pitch * GridSlackPercent / 100);
        return lines.Where(a => lines.Any(b => !ReferenceEquals(a, b) && Math.Abs(Math.Abs(Centre2(a) - Centre2(b)) - 2 * pitch) <= 2 * slack)).ToList();
    }

    /// <summary>
    /// The median distance between the centres of neighbouring whole lines (top to bottom), pixels, rounded; 0 with fewer
    /// than two. Whole: within the rows every column of the sheared image reaches (<paramref name="shifts"/>,
    /// <paramref name="imageHeight"/>); the piece of a skewed line that leaves the image across its top or bottom edge
    /// lies closer to its neighbour than a pitch.
    /// </summary>
    private static int Pitch(List<Line> lines, int[] shifts, int imageHeight)
    {
        int firstFull = shifts.Max(), lastFull = shifts.Min() + imageHeight - 1;
        List<Line> whole = lines.Where(line => line.Top >= firstFull && line.Bottom <= lastFull).ToList();
        if (whole.Count < 2)
        {
            return 0;
        }

        int[] spacings2 = whole.Zip(whole.Skip(1), (a, b) => Centre2(b) - Centre2(a)).Order().ToArray();
        return (spacings2[(spacings2.Length - 1) / 2] + 1) / 2;
    }

    /// <summary>Twice the centre row of a line's band (an integer for bands of any thickness).</summary>
    private static int Centre2(Line line) => line.Top + line.Bottom;

    /// <summary>The map with rows and columns exchanged: pixel (x, y) becomes pixel (y, x).</summary>
    private static InkMap Transpose(InkMap ink)
    {
        int w = ink.Width, h = ink.Height;
        var pixels = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                pixels[x * h + y] = ink.Ink[y * w + x];
            }
        }

        return ink with { Width = h, Height = w, Ink = pixels };
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

    /// <summary>The ink outside the candidate bands: its leftmost and rightmost columns ((w, −1) when there is none) and its median level (0 when none).</summary>
    private readonly record struct OtherInk(int Left, int Right, int MedianLevel);

    /// <summary>
    /// The ink outside every candidate band and the row on either side of it (where the rest of a line climbing a row
    /// across the image lies). Rows of a sheared image
    /// that some column does not reach (its top and bottom |rise| rows) are left out: there a line that leaves the image
    /// across its top or bottom edge leaves a piece too short to be found as a line, which would otherwise stand as ink
    /// the real lines must reach past. So are the <paramref name="edgeMargin"/> columns at either side: in a grid, the
    /// pieces of the other direction's lines that the image's edges cut off lie there.
    /// </summary>
    private static OtherInk OtherInkOf(InkMap ink, List<Line> lines, int[] shifts, int imageHeight, int edgeMargin)
    {
        int w = ink.Width;
        int left = w, right = -1, next = 0;
        var histogram = new int[256];
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

            for (int x = edgeMargin; x < w - edgeMargin; x++)
            {
                if (IsInk(ink, x, y))
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    histogram[ink.Ink[y * w + x]]++;
                }
            }
        }

        return new OtherInk(left, right, MedianOf(histogram));
    }

    /// <summary>The median (lower middle) value of a histogram of levels 0..255; 0 when it is empty.</summary>
    private static int MedianOf(int[] histogram)
    {
        long count = histogram.Sum(n => (long)n);
        long seen = 0;
        for (int level = 0; level < histogram.Length; level++)
        {
            seen += histogram[level];
            if (count > 0 && 2 * seen >= count)
            {
                return level;
            }
        }

        return 0;
    }

    /// <summary>
    /// True when the band reaches past the other ink on both sides by at least its thickness; always when there is no
    /// other ink.
    /// </summary>
    private static bool ReachesPast(Line line, OtherInk other) =>
        other.Right < 0 || (line.Left <= other.Left - line.Thickness && line.Right >= other.Right + line.Thickness);

    /// <summary>
    /// True when the band is printed by its level: the runs <see cref="Erase"/> would clear cover at least
    /// <see cref="MinSpanPercent"/> % of the image's width, and their median ink is under <see cref="MinWrittenPercent"/> %
    /// of the other ink's median. A pen lays its bar as dark as the rest of the digit, while a printed ruling is usually
    /// fainter (gray 150 on paper at 235 is about 40 % of a ball-point's ink); in a tight crop the digit touches the
    /// image's edges, so a line across it cannot reach past it and is told by this alone. A ruling as dark as the
    /// writing is not told from it (a known limit).
    /// </summary>
    private static bool IsFainterThanTheWriting(InkMap ink, Line line, int residue, OtherInk other)
    {
        (List<(int X, int Start, int End)> runs, List<byte> levels) = RunsWithin(ink, line, residue);
        long columns = runs.Select(run => run.X).Distinct().Count();
        if (levels.Count == 0 || columns * 100 < (long)ink.Width * MinSpanPercent)
        {
            return false;
        }

        levels.Sort();
        return levels[(levels.Count - 1) / 2] * 100 < other.MedianLevel * MinWrittenPercent;
    }

    /// <summary>
    /// Clears the line's pixels column by column: in each column of the band, every vertical run of ink that meets the
    /// band's rows and lies within them (and <paramref name="residue"/> rows beyond). A run that reaches further is a
    /// stroke crossing or touching the line there, and is kept whole, so strokes keep their crossings and digits stay
    /// in one piece. Of the runs within the band, pixels above the line's <see cref="StrokeLevel"/> are a stroke that
    /// runs along the line (the base of a digit drawn on it, the curve of an "0" tangent to it) and stay: cleared,
    /// the stroke would fall apart there, and a multi-digit image traced into strokes would read its pieces as digits.
    /// </summary>
    private static void Erase(InkMap ink, Line line, int residue, byte[] cleared)
    {
        int w = ink.Width;
        (List<(int X, int Start, int End)> runs, List<byte> levels) = RunsWithin(ink, line, residue);
        int keep = StrokeLevel(levels);
        foreach ((int x, int start, int end) in runs)
        {
            for (int r = start; r <= end; r++)
            {
                if (ink.Ink[r * w + x] <= keep)
                {
                    cleared[r * w + x] = 0;
                }
            }
        }
    }

    /// <summary>
    /// The vertical runs of ink, column by column across the band, that meet the band's rows and lie within them (and
    /// <paramref name="residue"/> rows beyond), and the levels of their pixels: the line's own pixels, without the
    /// strokes that cross or touch it.
    /// </summary>
    private static (List<(int X, int Start, int End)> Runs, List<byte> Levels) RunsWithin(InkMap ink, Line line, int residue)
    {
        int w = ink.Width;
        int top = line.Top - residue, bottom = line.Bottom + residue;
        var runs = new List<(int X, int Start, int End)>();
        var levels = new List<byte>();
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
                    runs.Add((x, start, end));
                    for (int r = start; r <= end; r++)
                    {
                        levels.Add(ink.Ink[r * w + x]);
                    }
                }

                y = end + 1;
            }
        }

        return (runs, levels);
    }

    /// <summary>
    /// The ink level above which a pixel within a line's band is a stroke running along the line rather than the
    /// line: half-way from the line's median ink to full ink, when the line is lighter than
    /// <see cref="MaxContrastingLine"/> (a printed ruling is usually fainter than a pen: gray 150 on paper at 235 is
    /// about 40 % of a ball-point's ink); 255 (nothing kept) for a line as dark as the ink.
    /// </summary>
    private static int StrokeLevel(List<byte> levels)
    {
        if (levels.Count == 0)
        {
            return 255;
        }

        levels.Sort();
        int median = levels[(levels.Count - 1) / 2];
        return median < MaxContrastingLine ? (median + 255) / 2 : 255;
    }

    private static bool IsInk(InkMap ink, int x, int y) => y >= 0 && y < ink.Height && ink.Ink[y * ink.Width + x] != 0;
}
