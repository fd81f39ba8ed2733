namespace EdgeDigits.Tooling.Images;

/// <summary>
/// The stroke width of a digit's ink and a pen-width correction for thin pens. A scan of a ball-point digit 300 px
/// tall has strokes a few pixels wide, a hundredth of its height; scaled into the 20-pixel box that is a faint
/// hair, while MNIST's strokes and the device's pen are about 2.5 pixels wide. Thin ink is therefore thickened, at the
/// source resolution, to the width the device's stroke pen draws (<see cref="EdgeDigits.Ink.InkNormalizer.DefaultPenWidth16"/>);
/// bold ink is left alone (thinning a bold marker was measured to lose more than it gains: docs/ink.md).
/// </summary>
public static class StrokeWidth
{
    /// <summary>
    /// Ink at or above this level (of 255) counts as stroke for the width: the level strokes are traced at
    /// (<see cref="Strokes.ImageStrokeTracer.InkThreshold"/>); the ink map's floor is already subtracted.
    /// </summary>
    public const double StrokeLevel = Strokes.ImageStrokeTracer.InkThreshold;

    /// <summary>
    /// Mean stroke width, in source pixels, from the distances of the stroke's pixels (ink at or above
    /// <see cref="StrokeLevel"/>) to the nearest background pixel centre (exact Euclidean distance transform,
    /// Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions", Theory of Computing 8, 2012). Across a
    /// band w pixels wide those distances run 1, 2, …, w/2, …, 2, 1, whose mean is w/4 + ½, so w = 4·(mean − ½). An
    /// area statistic: spurs of a ragged edge, which lengthen a skeleton (area / skeleton length was tried first and
    /// read the same digit on noisy paper and on a clean screen 25 % apart), weigh only as the pixels they hold.
    /// </summary>
    /// <param name="ink">[height·width] row-major ink, 0 = background, 255 = full ink; outside the image is background.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The width in pixels (at least 1 for any stroke), or 0 when no pixel reaches <see cref="StrokeLevel"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="ink"/> does not hold width·height pixels.</exception>
    public static double Estimate(double[] ink, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(ink);
        if (ink.Length != width * height)
        {
            throw new ArgumentException($"ink has {ink.Length} pixels, expected {width}x{height}.", nameof(ink));
        }

        // Frame one pixel wider on each side, so the outside counts as background. Pass 1: the squared distance to the
        // nearest background pixel in the same column (two sweeps; the frame bounds it). Pass 2: rows, exactly.
        int w = width + 2, h = height + 2;
        var stroke = new bool[w * h];
        int strokePixels = 0;
        for (int y = 1; y <= height; y++)
        {
            for (int x = 1; x <= width; x++)
            {
                bool s = ink[(y - 1) * width + x - 1] >= StrokeLevel;
                stroke[y * w + x] = s;
                strokePixels += s ? 1 : 0;
            }
        }

        if (strokePixels == 0)
        {
            return 0;
        }

        var d2 = new double[w * h];
        for (int x = 0; x < w; x++)
        {
            int run = 0;
            for (int y = 0; y < h; y++)
            {
                run = stroke[y * w + x] ? run + 1 : 0;
                d2[y * w + x] = run;
            }

            run = 0;
            for (int y = h - 1; y >= 0; y--)
            {
                run = stroke[y * w + x] ? run + 1 : 0;
                double nearest = Math.Min(run, d2[y * w + x]);
                d2[y * w + x] = nearest * nearest;
            }
        }

        var line = new double[w];
        var result = new double[w];
        var sites = new int[w];
        var bounds = new double[w + 1];
        double sum = 0;
        for (int y = 0; y < h; y++)
        {
            Array.Copy(d2, y * w, line, 0, w);
            LowerEnvelope(line, w, result, sites, bounds);
            for (int x = 0; x < w; x++)
            {
                if (stroke[y * w + x])
                {
                    sum += Math.Sqrt(result[x]);
                }
            }
        }

        return Math.Max(1, 4 * (sum / strokePixels - 0.5));
    }

    /// <summary>
    /// One pass of the squared Euclidean distance transform: result[q] = min over p of (q − p)² + f[p], by the lower
    /// envelope of the parabolas rooted at (p, f[p]) (Felzenszwalb and Huttenlocher 2012, algorithm DT(f)); f is finite.
    /// </summary>
    private static void LowerEnvelope(double[] f, int n, double[] result, int[] sites, double[] bounds)
    {
        int k = 0;
        sites[0] = 0;
        bounds[0] = double.NegativeInfinity;
        bounds[1] = double.PositiveInfinity;
        for (int q = 1; q < n; q++)
        {
            double s = Intersection(f, q, sites[k]);
            while (s <= bounds[k])
            {
                k--;
                s = Intersection(f, q, sites[k]);
            }

            k++;
            sites[k] = q;
            bounds[k] = s;
            bounds[k + 1] = double.PositiveInfinity;
        }

        k = 0;
        for (int q = 0; q < n; q++)
        {
            while (bounds[k + 1] < q)
            {
                k++;
            }

            double dq = q - sites[k];
            result[q] = dq * dq + f[sites[k]];
        }
    }

    /// <summary>Abscissa where the parabolas rooted at q and p (p &lt; q) cross.</summary>
    private static double Intersection(double[] f, int q, int p) =>
        (f[q] + (double)q * q - (f[p] + (double)p * p)) / (2.0 * q - 2.0 * p);

    /// <summary>
    /// Radius of the flat disk that thickens strokes <paramref name="strokeWidth"/> wide in a box whose larger side is
    /// <paramref name="boxSide"/> (source pixels) so that, once the dilated box (grown by the radius on each side) is
    /// scaled to <paramref name="targetBox"/> output pixels, the strokes are <paramref name="targetWidth"/> output pixels wide:
    /// (w + 2r)·B′/(B + 2r) = T, so r = (T·B − B′·w) / (2·B′ − 2·T). Zero when the strokes are already that wide.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the target width is not below the box.</exception>
    public static double ThickeningRadius(double strokeWidth, double boxSide, double targetBox, double targetWidth)
    {
        if (boxSide <= 0 || targetBox <= 0 || targetWidth <= 0 || targetWidth >= targetBox)
        {
            throw new ArgumentOutOfRangeException(nameof(targetWidth), $"need box {boxSide} > 0 and 0 < target width {targetWidth} < target box {targetBox}.");
        }

        double r = (targetWidth * boxSide - targetBox * strokeWidth) / (2 * targetBox - 2 * targetWidth);
        return r > 0 ? r : 0;
    }

    /// <summary>
    /// Gray-level dilation by a flat disk of <paramref name="radius"/> pixels (offsets with dx² + dy² ≤ r²): each output
    /// pixel is the largest input within the disk around it, as if the same strokes had been drawn with a pen 2r wider.
    /// The output is grown by ⌈r⌉ on every side so no ink is cut off. Each disk row is a run of the input row, taken
    /// with a running maximum (van Herk 1992; Gil and Werman 1993): O(r) per pixel.
    /// </summary>
    /// <param name="ink">[height·width] row-major ink.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="radius">Disk radius in pixels, ≥ 0.</param>
    /// <returns>The dilated ink and its size, (width + 2⌈r⌉) × (height + 2⌈r⌉).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radius"/> is negative or not finite.</exception>
    public static (double[] Ink, int Width, int Height) Dilate(double[] ink, int width, int height, double radius)
    {
        ArgumentNullException.ThrowIfNull(ink);
        if (!double.IsFinite(radius) || radius < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), $"radius must be finite and ≥ 0, was {radius}.");
        }

        if (ink.Length != width * height)
        {
            throw new ArgumentException($"ink has {ink.Length} pixels, expected {width}x{height}.", nameof(ink));
        }

        int pad = (int)Math.Ceiling(radius);
        int w = width + 2 * pad, h = height + 2 * pad;
        var padded = new double[w * h];
        for (int y = 0; y < height; y++)
        {
            Array.Copy(ink, y * width, padded, (y + pad) * w + pad, width);
        }

        var output = new double[w * h];
        var run = new double[w];
        var prefix = new double[w];
        var suffix = new double[w];
        for (int dy = -pad; dy <= pad; dy++)
        {
            double span = radius * radius - (double)dy * dy;
            if (span < 0)
            {
                continue;
            }

            int half = (int)Math.Floor(Math.Sqrt(span));
            for (int y = 0; y < h; y++)
            {
                int source = y + dy;
                if (source < 0 || source >= h)
                {
                    continue;
                }

                RunningMaximum.Apply(padded, source * w, 1, w, half, prefix, suffix, run);
                for (int x = 0; x < w; x++)
                {
                    if (run[x] > output[y * w + x])
                    {
                        output[y * w + x] = run[x];
                    }
                }
            }
        }

        return (output, w, h);
    }
}
