namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Turns a one-pixel-wide skeleton (e.g. from <see cref="Images.ZhangSuenThinning"/>) into ordered pen strokes, the
/// way a writer would draw them: start at the topmost free end, keep going in the straightest direction through
/// junctions, lift the pen when no unvisited pixel continues the line, and start again.
/// </summary>
/// <remarks>
/// Pixels are visited once. A stroke that stops next to ink drawn earlier (a junction already passed) is extended to
/// that pixel, so strokes meet without gaps, as a pen's would. Coordinates are pixel centres (x + ½, y + ½).
/// </remarks>
public static class SkeletonTracer
{
    private static readonly int[] Dx = { 1, 1, 0, -1, -1, -1, 0, 1 };
    private static readonly int[] Dy = { 0, 1, 1, 1, 0, -1, -1, -1 };

    /// <summary>Traces the skeleton into strokes.</summary>
    /// <param name="skeleton">[height, width] row-major, true = skeleton pixel.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="minStrokePixels">Strokes with fewer pixels are dropped as thinning spurs, unless they are all there is.</param>
    /// <returns>Strokes in drawing order, each a list of pixel-centre points.</returns>
    public static List<StrokePoint[]> Trace(bool[] skeleton, int width, int height, int minStrokePixels = 3)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        var visited = new bool[skeleton.Length];
        var strokes = new List<StrokePoint[]>();
        while (true)
        {
            int start = PickStart(skeleton, visited, width, height);
            if (start < 0)
            {
                break;
            }

            var path = new List<int>();
            int sx = start % width, sy = start / width;

            // Connect to ink drawn before, if the start touches it.
            int before = VisitedNeighbour(skeleton, visited, width, height, sx, sy, path);
            if (before >= 0)
            {
                path.Add(before);
            }

            int current = start;
            int dirX = 0, dirY = 0;
            while (true)
            {
                visited[current] = true;
                path.Add(current);
                int cx = current % width, cy = current / width;
                int next = -1;
                int bestScore = int.MinValue;
                for (int k = 0; k < 8; k++)
                {
                    int nx = cx + Dx[k], ny = cy + Dy[k];
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                    {
                        continue;
                    }

                    int ni = ny * width + nx;
                    if (!skeleton[ni] || visited[ni])
                    {
                        continue;
                    }

                    // Prefer the straightest continuation, then orthogonal steps (they do not skip pixels).
                    int score = (Dx[k] * dirX + Dy[k] * dirY) * 4 + ((k & 1) == 0 ? 1 : 0);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        next = ni;
                    }
                }

                if (next < 0)
                {
                    // Join ink drawn earlier (a junction passed before, or this stroke's own start: a closed "0").
                    int after = VisitedNeighbour(skeleton, visited, width, height, cx, cy, path);
                    if (after >= 0)
                    {
                        path.Add(after);
                    }

                    break;
                }

                // Direction smoothed over the last steps (×4 keeps integers).
                int mx = next % width - cx, my = next / width - cy;
                dirX = (dirX * 3 + mx * 4) / 4;
                dirY = (dirY * 3 + my * 4) / 4;
                current = next;
            }

            strokes.Add(path.Select(i => new StrokePoint(i % width + 0.5, i / width + 0.5)).ToArray());
        }

        var kept = strokes.Where(s => s.Length >= minStrokePixels).ToList();
        return kept.Count > 0 ? kept : strokes;
    }

    private static int PickStart(bool[] skeleton, bool[] visited, int width, int height)
    {
        // Topmost (then leftmost) free end: an unvisited pixel with at most one unvisited neighbour.
        int fallback = -1;
        for (int i = 0; i < skeleton.Length; i++)
        {
            if (!skeleton[i] || visited[i])
            {
                continue;
            }

            if (fallback < 0)
            {
                fallback = i;
            }

            int x = i % width, y = i / width, free = 0;
            for (int k = 0; k < 8; k++)
            {
                int nx = x + Dx[k], ny = y + Dy[k];
                if (nx >= 0 && ny >= 0 && nx < width && ny < height && skeleton[ny * width + nx] && !visited[ny * width + nx])
                {
                    free++;
                }
            }

            if (free <= 1)
            {
                return i;
            }
        }

        return fallback;
    }

    /// <summary>A visited skeleton neighbour of (x, y) that is not one of the last four pixels of <paramref name="path"/>, or −1.</summary>
    private static int VisitedNeighbour(bool[] skeleton, bool[] visited, int width, int height, int x, int y, List<int> path)
    {
        for (int k = 0; k < 8; k++)
        {
            int nx = x + Dx[k], ny = y + Dy[k];
            if (nx < 0 || ny < 0 || nx >= width || ny >= height)
            {
                continue;
            }

            int ni = ny * width + nx;
            bool recent = false;
            for (int j = Math.Max(0, path.Count - 4); j < path.Count; j++)
            {
                recent |= path[j] == ni;
            }

            if (skeleton[ni] && visited[ni] && !recent)
            {
                return ni;
            }
        }

        return -1;
    }
}
