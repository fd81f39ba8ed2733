namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Zhang–Suen thinning (T. Y. Zhang, C. Y. Suen, "A fast parallel algorithm for thinning digital patterns",
/// CACM 27(3), 1984): peels a binary shape down to an 8-connected skeleton one pixel wide.
/// </summary>
public static class ZhangSuenThinning
{
    /// <summary>Thins <paramref name="mask"/> in place.</summary>
    /// <param name="mask">[height, width] row-major, true = ink. Border pixels are treated as having background outside.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Thin(bool[] mask, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"mask has {mask.Length} pixels, expected {width}x{height}.", nameof(mask));
        }

        var remove = new List<int>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int step = 0; step < 2; step++)
            {
                remove.Clear();
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        if (mask[y * width + x] && ShouldRemove(mask, width, height, x, y, step))
                        {
                            remove.Add(y * width + x);
                        }
                    }
                }

                foreach (int i in remove)
                {
                    mask[i] = false;
                }

                changed |= remove.Count > 0;
            }
        }
    }

    private static bool ShouldRemove(bool[] m, int w, int h, int x, int y, int step)
    {
        // Neighbours P2..P9 clockwise from north.
        bool p2 = At(m, w, h, x, y - 1), p3 = At(m, w, h, x + 1, y - 1), p4 = At(m, w, h, x + 1, y);
        bool p5 = At(m, w, h, x + 1, y + 1), p6 = At(m, w, h, x, y + 1), p7 = At(m, w, h, x - 1, y + 1);
        bool p8 = At(m, w, h, x - 1, y), p9 = At(m, w, h, x - 1, y - 1);
        int b = N(p2) + N(p3) + N(p4) + N(p5) + N(p6) + N(p7) + N(p8) + N(p9);
        if (b < 2 || b > 6)
        {
            return false;
        }

        // A: number of 0→1 transitions in the sequence P2, P3, ..., P9, P2.
        int a = T(p2, p3) + T(p3, p4) + T(p4, p5) + T(p5, p6) + T(p6, p7) + T(p7, p8) + T(p8, p9) + T(p9, p2);
        if (a != 1)
        {
            return false;
        }

        return step == 0
            ? !(p2 && p4 && p6) && !(p4 && p6 && p8)
            : !(p2 && p4 && p8) && !(p2 && p6 && p8);
    }

    private static bool At(bool[] m, int w, int h, int x, int y) => x >= 0 && y >= 0 && x < w && y < h && m[y * w + x];

    private static int N(bool b) => b ? 1 : 0;

    private static int T(bool from, bool to) => !from && to ? 1 : 0;
}
