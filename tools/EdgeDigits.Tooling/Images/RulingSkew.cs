namespace EdgeDigits.Tooling.Images;

/// <summary>
/// The skew of a page's ruling, and the vertical shear that makes its lines horizontal. A scan or photo is rarely
/// square to the paper: at 1° a line climbs 3.5 rows across a 200 px image, out of the three-row band in which
/// <see cref="RulingLines"/> looks for a line's run.
/// </summary>
/// <remarks>
/// The skew is estimated by the projection-profile method (W. Postl, "Detection of linear oblique structures and skew
/// scan in digitized documents", ICPR 1986; H. S. Baird, "The skew angle of printed documents", 1987): of all the
/// candidate slopes, the one whose sheared row profile of ink pixels has the largest sum of squares. A straight line
/// concentrates its ink in one or two rows only when the shear follows it, so the lines of a ruled page, which hold far
/// more ink in a row than handwriting does, decide the slope; on a page without ruling the slope is whatever
/// concentrates the strokes best, and <see cref="RulingLines"/> then finds no line and changes nothing.
/// <para>
/// The profile is summed over vertical strips of at most <see cref="StripWidth"/> columns, each shifted by the offset
/// at its centre, so a candidate costs (strips × rows) additions instead of (columns × rows). Slopes are whole rows of
/// rise across the width, from −<see cref="MaxRise"/> to +<see cref="MaxRise"/>: the shear then leaves a straight line
/// within half a row of one row. A map larger than <see cref="CoarseSide"/> on a side is searched coarse to fine: the
/// whole range on the map reduced by a factor f (a cell holds ink when any of its f × f pixels does), then the 2f + 1
/// rises around f × the coarse answer at full resolution, so the cost grows with the pixels, not with their cube.
/// Lines that are not parallel (a photo in strong perspective) or not straight (curled paper) are not modelled.
/// </para>
/// </remarks>
internal static class RulingSkew
{
    /// <summary>Steepest skew searched, degrees (tan 5° ≈ 0.0875: 17 rows across 200 px).</summary>
    public const double MaxDegrees = 5;

    /// <summary>Widest strip of the profile, pixels: within it the offset changes by under a row up to <see cref="MaxDegrees"/>.</summary>
    public const int StripWidth = 8;

    /// <summary>Longest side, pixels, searched over the whole range of rises at full resolution.</summary>
    public const int CoarseSide = 256;

    /// <summary>Most rows the ruling is searched to climb or fall from the first column to the last, for a map <paramref name="width"/> pixels wide.</summary>
    public static int MaxRise(int width) => (int)(Math.Tan(MaxDegrees * Math.PI / 180) * (width - 1));

    /// <summary>
    /// The rise of the ruling: how many rows a straight line falls from column 0 to column width − 1 (negative when it
    /// climbs), estimated from the ink pixels (any level above zero).
    /// </summary>
    /// <param name="ink">The ink map.</param>
    /// <returns>The rise in rows, |rise| ≤ <see cref="MaxRise"/>; 0 for an empty map, and the smaller |rise| of equal scores.</returns>
    public static int EstimateRise(InkMap ink)
    {
        int w = ink.Width, h = ink.Height, maxRise = MaxRise(w);
        int factor = (Math.Max(w, h) + CoarseSide - 1) / CoarseSide;
        int rise;
        if (factor <= 1)
        {
            rise = BestRise(ink.Ink, w, h, -maxRise, maxRise);
        }
        else
        {
            (byte[] coarse, int cw, int ch) = Reduce(ink, factor);
            int guess = BestRise(coarse, cw, ch, -MaxRise(cw), MaxRise(cw)) * factor;
            rise = BestRise(ink.Ink, w, h, Math.Max(-maxRise, guess - factor), Math.Min(maxRise, guess + factor));
        }

        return Refine(ink, rise, maxRise);
    }

    /// <summary>
    /// A strip blurs a line by up to a row, so the strips' best rise can be a row off the best shear of the columns
    /// themselves: of rise − 1, rise and rise + 1, the one whose column-by-column shear (the one <see cref="Shear"/>
    /// applies) has the largest Σ (ink pixels in the row)², ties to the smaller |rise|.
    /// </summary>
    private static int Refine(InkMap ink, int rise, int maxRise)
    {
        int w = ink.Width, h = ink.Height;
        int best = rise;
        long bestScore = -1;
        for (int candidate = Math.Max(-maxRise, rise - 1); candidate <= Math.Min(maxRise, rise + 1); candidate++)
        {
            int[] shifts = Shifts(w, candidate);
            var rows = new long[h + Math.Abs(candidate)];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    rows[y + shifts[x]] += ink.Ink[y * w + x] != 0 ? 1 : 0;
                }
            }

            long score = SumOfSquares(rows);
            if (score > bestScore || (score == bestScore && Math.Abs(candidate) < Math.Abs(best)))
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best;
    }

    /// <summary>The rise in [<paramref name="from"/>, <paramref name="to"/>] of the best score, ties to the smaller |rise|.</summary>
    private static int BestRise(byte[] ink, int w, int h, int from, int to)
    {
        int strips = Math.Max(1, (w + StripWidth - 1) / StripWidth);

        // profile[s * h + y]: ink pixels of row y within strip s.
        var profile = new int[strips * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (ink[y * w + x] != 0)
                {
                    profile[x * strips / w * h + y]++;
                }
            }
        }

        int best = 0;
        long bestScore = -1;
        int nearest = from > 0 ? from : to < 0 ? to : 0;
        for (int magnitude = Math.Abs(nearest); magnitude <= Math.Max(-from, to); magnitude++)
        {
            foreach (int rise in magnitude == 0 ? new[] { 0 } : new[] { magnitude, -magnitude })
            {
                if (rise < from || rise > to)
                {
                    continue;
                }

                long score = Score(profile, strips, w, h, rise);
                if (score > bestScore)
                {
                    (best, bestScore) = (rise, score);
                }
            }
        }

        return best;
    }

    /// <summary>Σ over sheared rows of (ink pixels in the row)², the strips shifted by their centres' offsets.</summary>
    private static long Score(int[] profile, int strips, int w, int h, int rise)
    {
        var sheared = new long[h + Math.Abs(rise)];
        for (int s = 0; s < strips; s++)
        {
            int centre = (int)(((2L * s + 1) * w / strips - 1) / 2);
            int shift = Shift(centre, w, rise);
            for (int y = 0; y < h; y++)
            {
                sheared[y + shift] += profile[s * h + y];
            }
        }

        return SumOfSquares(sheared);
    }

    private static long SumOfSquares(long[] counts)
    {
        long sum = 0;
        foreach (long count in counts)
        {
            sum += count * count;
        }

        return sum;
    }

    /// <summary>The map reduced by <paramref name="factor"/> on both sides: a cell is 1 when any of its pixels holds ink.</summary>
    private static (byte[] Cells, int Width, int Height) Reduce(InkMap ink, int factor)
    {
        int cw = (ink.Width + factor - 1) / factor, ch = (ink.Height + factor - 1) / factor;
        var cells = new byte[cw * ch];
        for (int y = 0; y < ink.Height; y++)
        {
            for (int x = 0; x < ink.Width; x++)
            {
                if (ink.Ink[y * ink.Width + x] != 0)
                {
                    cells[y / factor * cw + x / factor] = 1;
                }
            }
        }

        return (cells, cw, ch);
    }

    /// <summary>
    /// Where row 0 of column x goes in the sheared map: a line falling <paramref name="rise"/> rows across the width lands
    /// on one row. The sheared map is |rise| rows taller than the map.
    /// </summary>
    private static int Shift(int x, int w, int rise)
    {
        int offset = (int)Math.Round((double)rise * x / Math.Max(1, w - 1), MidpointRounding.AwayFromZero);
        return Math.Max(rise, 0) - offset;
    }

    /// <summary>
    /// The shift of every column for a rise: column x of the map lies in rows shifts[x] .. shifts[x] + height − 1 of the
    /// sheared map, which is |rise| rows taller; all zero for rise 0.
    /// </summary>
    /// <param name="width">Width of the map, pixels.</param>
    /// <param name="rise">The rise (<see cref="EstimateRise"/>).</param>
    public static int[] Shifts(int width, int rise)
    {
        var shifts = new int[width];
        for (int x = 0; x < width; x++)
        {
            shifts[x] = Shift(x, width, rise);
        }

        return shifts;
    }

    /// <summary>The map with each column x moved down by shifts[x] (<see cref="Shifts"/>): |rise| rows taller, no pixel lost.</summary>
    public static InkMap Shear(InkMap ink, int[] shifts, int rise)
    {
        int w = ink.Width, h = ink.Height;
        var sheared = new byte[w * (h + Math.Abs(rise))];
        for (int x = 0; x < w; x++)
        {
            for (int y = 0; y < h; y++)
            {
                sheared[(y + shifts[x]) * w + x] = ink.Ink[y * w + x];
            }
        }

        return ink with { Height = h + Math.Abs(rise), Ink = sheared };
    }

    /// <summary>The inverse of <see cref="Shear"/>: the pixels of <paramref name="sheared"/> back in the frame of <paramref name="original"/>.</summary>
    public static InkMap Unshear(InkMap sheared, InkMap original, int[] shifts)
    {
        int w = original.Width, h = original.Height;
        var pixels = new byte[w * h];
        for (int x = 0; x < w; x++)
        {
            for (int y = 0; y < h; y++)
            {
                pixels[y * w + x] = sheared.Ink[(y + shifts[x]) * w + x];
            }
        }

        return original with { Ink = pixels };
    }
}
