using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Turns a split of traced strokes into digits back into a split of the image's ink: each ink pixel belongs to the
/// digit whose traced stroke is nearest (a breadth-first flood from every stroke's pixels at once, 8-connected, so
/// distance is counted in chessboard steps), up to a reach beyond which ink is a speck no stroke accounts for.
/// </summary>
public static class StrokeSegments
{
    /// <summary>The ink of each digit.</summary>
    /// <param name="ink">The ink map the strokes were traced from (<see cref="ImageStrokeTracer"/>).</param>
    /// <param name="strokes">The traced strokes, pixel-centre coordinates of the ink map.</param>
    /// <param name="strokeDigit">[strokes.Count] the digit of each stroke, 0-based, or −1 for a stroke of no digit (noise).</param>
    /// <param name="digitCount">Number of digits.</param>
    /// <param name="reach">Ink farther than this many pixels (chessboard) from every stroke belongs to no digit.</param>
    /// <returns>[digitCount] the digits' pixels (indices y·width + x, ascending) and boxes; a digit that got none has no pixels and an empty box (right &lt; left).</returns>
    /// <exception cref="ArgumentException"><paramref name="strokeDigit"/> is shorter than the strokes, or names a digit past <paramref name="digitCount"/>.</exception>
    public static ImageSegment[] Assign(InkMap ink, IReadOnlyList<StrokePoint[]> strokes, int[] strokeDigit, int digitCount, int reach)
    {
        ArgumentNullException.ThrowIfNull(ink);
        ArgumentNullException.ThrowIfNull(strokes);
        ArgumentNullException.ThrowIfNull(strokeDigit);
        if (strokeDigit.Length < strokes.Count)
        {
            throw new ArgumentException($"{strokeDigit.Length} digit numbers for {strokes.Count} strokes.", nameof(strokeDigit));
        }

        int w = ink.Width, h = ink.Height;
        var label = new int[w * h];
        var distance = new int[w * h];
        Array.Fill(label, -1);
        var queue = new Queue<int>();
        for (int s = 0; s < strokes.Count; s++)
        {
            int d = strokeDigit[s];
            if (d < -1 || d >= digitCount)
            {
                throw new ArgumentException($"stroke {s} is given digit {d}, but there are {digitCount}.", nameof(strokeDigit));
            }

            if (d < 0)
            {
                continue;
            }

            foreach (StrokePoint p in strokes[s])
            {
                int x = Math.Clamp((int)Math.Floor(p.X), 0, w - 1), y = Math.Clamp((int)Math.Floor(p.Y), 0, h - 1);
                if (label[y * w + x] < 0)
                {
                    label[y * w + x] = d;
                    queue.Enqueue(y * w + x);
                }
            }
        }

        while (queue.Count > 0)
        {
            int i = queue.Dequeue();
            if (distance[i] >= reach)
            {
                continue;
            }

            int x = i % w, y = i / w;
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h || label[ny * w + nx] >= 0 || ink.Ink[ny * w + nx] == 0)
                    {
                        continue;
                    }

                    label[ny * w + nx] = label[i];
                    distance[ny * w + nx] = distance[i] + 1;
                    queue.Enqueue(ny * w + nx);
                }
            }
        }

        var pixels = new List<int>[digitCount];
        for (int d = 0; d < digitCount; d++)
        {
            pixels[d] = new List<int>();
        }

        for (int i = 0; i < label.Length; i++)
        {
            if (label[i] >= 0)
            {
                pixels[label[i]].Add(i);
            }
        }

        return pixels.Select(list => list.Count == 0
            ? new ImageSegment(Array.Empty<int>(), 0, 0, -1, -1)
            : new ImageSegment(list.ToArray(), list.Min(i => i % w), list[0] / w, list.Max(i => i % w), list[^1] / w)).ToArray();
    }
}
