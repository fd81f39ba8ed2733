using EdgeDigits.Ink;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Normalizes a digit found in an image to the MNIST input, the way MNIST itself was built (LeCun et al. 1998,
/// §III.A): the ink's bounding box is scaled, keeping its aspect ratio, so that its larger side is 20 pixels, with
/// area-averaging resampling (each output pixel is the mean of the source area it covers, which anti-aliases), and
/// placed so its centre of mass is at the centre of the 28×28 field. The sub-pixel placement is part of the
/// resampling (the source area each output pixel covers is shifted), not a second resampling.
/// </summary>
/// <remarks>
/// Ink thinner than the device's pen (<see cref="InkNormalizer.DefaultPenWidth16"/>/16 = 2.5 output pixels, about
/// MNIST's stroke width) once scaled is first thickened to it at the source resolution (<see cref="StrokeWidth"/>): a
/// ball-point scan would otherwise become a faint hair. Bolder ink is kept as it is.
/// The result is then stretched so its brightest pixel is 255: MNIST strokes always reach full intensity. The
/// centre-of-mass target is the ink normalizer's (<see cref="InkNormalizer.DefaultCenterOfMass16"/>/16 = 14.5, measured
/// on MNIST, pixel centres at i + ½).
/// </remarks>
public static class ImageNormalizer
{
    /// <summary>Normalizes one digit of an ink map.</summary>
    /// <param name="ink">The ink map.</param>
    /// <param name="segment">The digit (from <see cref="ImageSegmenter"/>).</param>
    /// <returns>[28·28] row-major, 0 = background, 255 = ink.</returns>
    public static byte[] Normalize(InkMap ink, ImageSegment segment)
    {
        ArgumentNullException.ThrowIfNull(ink);
        ArgumentNullException.ThrowIfNull(segment);
        int bw = segment.Right - segment.Left + 1, bh = segment.Bottom - segment.Top + 1;
        var crop = new double[bw * bh];
        foreach (int i in segment.Pixels)
        {
            int x = i % ink.Width - segment.Left, y = i / ink.Width - segment.Top;
            crop[y * bw + x] = ink.Ink[i];
        }

        double penWidth = InkNormalizer.DefaultPenWidth16 / 16.0;
        double radius = StrokeWidth.ThickeningRadius(StrokeWidth.Estimate(crop, bw, bh), Math.Max(bw, bh), InkNormalizer.BoxSize, penWidth);
        if (radius > 0)
        {
            (crop, bw, bh) = StrokeWidth.Dilate(crop, bw, bh, radius);
        }

        double scale = InkNormalizer.BoxSize / (double)Math.Max(bw, bh);
        double target = InkNormalizer.DefaultCenterOfMass16 / 16.0;

        // Pass 1: box centred; pass 2 and 3: shifted so the centre of mass lands on the target.
        double left = InkNormalizer.OutputSize / 2.0 - bw * scale / 2, top = InkNormalizer.OutputSize / 2.0 - bh * scale / 2;
        double[] output = Resample(crop, bw, bh, scale, left, top);
        for (int pass = 0; pass < 2; pass++)
        {
            (double cx, double cy) = CenterOfMass(output);
            if (double.IsNaN(cx))
            {
                break;
            }

            left += target - cx;
            top += target - cy;
            output = Resample(crop, bw, bh, scale, left, top);
        }

        double max = output.Max();
        var result = new byte[InkNormalizer.OutputLength];
        if (max <= 0)
        {
            return result;
        }

        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (byte)Math.Clamp(Math.Round(output[i] * 255 / max), 0, 255);
        }

        return result;
    }

    /// <summary>
    /// Area-averaging resampling of a w×h source into the 28×28 field, the source's top-left corner at
    /// (<paramref name="left"/>, <paramref name="top"/>) output pixels and one source pixel spanning
    /// <paramref name="scale"/> output pixels. Separable: rows, then columns.
    /// </summary>
    private static double[] Resample(double[] source, int w, int h, double scale, double left, double top)
    {
        const int n = InkNormalizer.OutputSize;
        (int First, double[] Weights)[] columns = Weights(w, scale, left);
        (int First, double[] Weights)[] rows = Weights(h, scale, top);
        var horizontal = new double[h * n];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < n; x++)
            {
                double sum = 0;
                (int first, double[] weights) = columns[x];
                for (int k = 0; k < weights.Length; k++)
                {
                    sum += source[y * w + first + k] * weights[k];
                }

                horizontal[y * n + x] = sum;
            }
        }

        var output = new double[n * n];
        for (int y = 0; y < n; y++)
        {
            (int first, double[] weights) = rows[y];
            for (int x = 0; x < n; x++)
            {
                double sum = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    sum += horizontal[(first + k) * n + x] * weights[k];
                }

                output[y * n + x] = sum;
            }
        }

        return output;
    }

    /// <summary>
    /// For each output pixel [X, X+1), the source pixels it overlaps and their weights: overlap length in output
    /// pixels. The weights of an output pixel fully inside the source sum to 1 (the mean of the area covered).
    /// </summary>
    private static (int First, double[] Weights)[] Weights(int sourceLength, double scale, double offset)
    {
        var result = new (int, double[])[InkNormalizer.OutputSize];
        for (int o = 0; o < InkNormalizer.OutputSize; o++)
        {
            // Output interval [o, o+1) in source coordinates.
            double a = (o - offset) / scale, b = (o + 1 - offset) / scale;
            int first = Math.Max(0, (int)Math.Floor(a)), last = Math.Min(sourceLength - 1, (int)Math.Ceiling(b) - 1);
            if (last < first)
            {
                result[o] = (0, Array.Empty<double>());
                continue;
            }

            var weights = new double[last - first + 1];
            for (int i = first; i <= last; i++)
            {
                double overlap = Math.Min(b, i + 1) - Math.Max(a, i);
                weights[i - first] = Math.Max(0, overlap) * scale;
            }

            result[o] = (first, weights);
        }

        return result;
    }

    private static (double X, double Y) CenterOfMass(double[] image)
    {
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < InkNormalizer.OutputSize; y++)
        {
            for (int x = 0; x < InkNormalizer.OutputSize; x++)
            {
                double v = image[y * InkNormalizer.OutputSize + x];
                sum += v;
                sx += v * (x + 0.5);
                sy += v * (y + 0.5);
            }
        }

        return sum > 0 ? (sx / sum, sy / sum) : (double.NaN, double.NaN);
    }
}
