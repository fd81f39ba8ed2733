namespace EdgeDigits.Tooling.Images;

/// <summary>A digit found in an image: its pixels (indices into the ink map) and bounding box, inclusive.</summary>
/// <param name="Pixels">Indices y·Width + x of the digit's ink pixels.</param>
/// <param name="Left">Left edge, pixels.</param>
/// <param name="Top">Top edge, pixels.</param>
/// <param name="Right">Right edge, inclusive.</param>
/// <param name="Bottom">Bottom edge, inclusive.</param>
public sealed record ImageSegment(int[] Pixels, int Left, int Top, int Right, int Bottom);

/// <summary>
/// Finds the ink of a one-digit image: 8-connected components, those under <see cref="SpeckPermille"/> of the ink mass
/// dropped as specks, the rest one digit. Images of several digits are split through strokes traced from their ink by
/// the device's own segmentation (<see cref="Recognition.DigitRecognitionService"/>), not by a second rule here.
/// </summary>
public static class ImageSegmenter
{
    /// <summary>A component with less than this share of the total ink mass, in permille, is a speck.</summary>
    public const int SpeckPermille = 15;

    /// <summary>Finds the digit.</summary>
    /// <param name="ink">The ink map.</param>
    /// <returns>The digit's pixels and box; null when the image has no ink.</returns>
    public static ImageSegment? Segment(InkMap ink)
    {
        ArgumentNullException.ThrowIfNull(ink);
        List<Component> components = FindComponents(ink);
        long total = components.Sum(c => c.Mass);
        components = components.Where(c => c.Mass * 1000 >= total * SpeckPermille).ToList();
        if (components.Count == 0)
        {
            return null;
        }

        return new ImageSegment(
            components.SelectMany(c => c.Pixels).ToArray(),
            components.Min(c => c.Left), components.Min(c => c.Top), components.Max(c => c.Right), components.Max(c => c.Bottom));
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
