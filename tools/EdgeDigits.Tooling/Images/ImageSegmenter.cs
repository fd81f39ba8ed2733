namespace EdgeDigits.Tooling.Images;

/// <summary>A digit found in an image: its pixels (indices into the ink map) and bounding box, inclusive.</summary>
/// <param name="Pixels">Indices y·Width + x of the digit's ink pixels.</param>
/// <param name="Left">Left edge, pixels.</param>
/// <param name="Top">Top edge, pixels.</param>
/// <param name="Right">Right edge, inclusive.</param>
/// <param name="Bottom">Bottom edge, inclusive.</param>
public sealed record ImageSegment(int[] Pixels, int Left, int Top, int Right, int Bottom);

/// <summary>
/// Splits the ink of an image into digits, left to right: 8-connected components, specks dropped, and components
/// whose horizontal extents overlap grouped into one digit with the same rule as the device's
/// <see cref="EdgeDigits.Ink.DigitSegmenter"/> for strokes (shared overlap ≥ half the narrower width, with a tolerance
/// of 3 % of the ink height) — so a broken "5" or a "=" stays one digit, while digits separated by a column gap split.
/// </summary>
public static class ImageSegmenter
{
    /// <summary>A component with less than this share of the total ink mass, in permille, is a speck.</summary>
    public const int SpeckPermille = 15;

    /// <summary>Finds the digits.</summary>
    /// <param name="ink">The ink map.</param>
    /// <param name="multiDigit">False: all (non-speck) ink is one digit.</param>
    /// <returns>The digits, left to right; empty when the image has no ink.</returns>
    public static List<ImageSegment> Segment(InkMap ink, bool multiDigit)
    {
        ArgumentNullException.ThrowIfNull(ink);
        List<Component> components = FindComponents(ink);
        long total = components.Sum(c => c.Mass);
        components = components.Where(c => c.Mass * 1000 >= total * SpeckPermille).OrderBy(c => c.Left).ToList();
        if (components.Count == 0)
        {
            return new List<ImageSegment>();
        }

        var groups = new List<List<Component>>();
        if (!multiDigit)
        {
            groups.Add(components);
        }
        else
        {
            int inkTop = components.Min(c => c.Top), inkBottom = components.Max(c => c.Bottom);
            double tolerance = 0.03 * (inkBottom - inkTop + 1);
            foreach (Component c in components)
            {
                if (groups.Count > 0 && Belongs(groups[^1], c.Left, c.Right, tolerance))
                {
                    groups[^1].Add(c);
                }
                else
                {
                    groups.Add(new List<Component> { c });
                }
            }

            for (int k = 0; k + 1 < groups.Count;)
            {
                if (Belongs(groups[k], groups[k + 1].Min(c => c.Left), groups[k + 1].Max(c => c.Right), tolerance))
                {
                    groups[k].AddRange(groups[k + 1]);
                    groups.RemoveAt(k + 1);
                    k = 0;
                }
                else
                {
                    k++;
                }
            }
        }

        return groups.Select(g => new ImageSegment(
            g.SelectMany(c => c.Pixels).ToArray(),
            g.Min(c => c.Left), g.Min(c => c.Top), g.Max(c => c.Right), g.Max(c => c.Bottom))).ToList();
    }

    private static bool Belongs(List<Component> group, int left, int right, double tolerance)
    {
        int groupLeft = group.Min(c => c.Left), groupRight = group.Max(c => c.Right);
        double overlap = Math.Min(groupRight, right) - Math.Max(groupLeft, left) + 1;
        double narrower = Math.Min(groupRight - groupLeft + 1, right - left + 1);
        return overlap + tolerance >= 0.5 * narrower;
    }

    private static List<Component> FindComponents(InkMap ink)
    {
        int w = ink.Width, h = ink.Height;
        var label = new int[w * h];
        var components = new List<Component>();
        var stack = new Stack<int>();
        for (int start = 0; start < label.Length; start++)
        {
            if (ink.Ink[start] == 0 || label[start] != 0)
            {
                continue;
            }

            var pixels = new List<int>();
            long mass = 0;
            int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
            label[start] = components.Count + 1;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                int x = i % w, y = i / w;
                pixels.Add(i);
                mass += ink.Ink[i];
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                        {
                            continue;
                        }

                        int n = ny * w + nx;
                        if (ink.Ink[n] != 0 && label[n] == 0)
                        {
                            label[n] = components.Count + 1;
                            stack.Push(n);
                        }
                    }
                }
            }

            components.Add(new Component(pixels.ToArray(), mass, left, top, right, bottom));
        }

        return components;
    }

    private sealed record Component(int[] Pixels, long Mass, int Left, int Top, int Right, int Bottom);
}
