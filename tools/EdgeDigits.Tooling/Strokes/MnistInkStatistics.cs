using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Measures how MNIST digits are drawn, to set the ink normalizer's constants from data rather than taste:
/// stroke width = total ink (Σ pixel / 255, in pixel areas) ÷ total skeleton length (the whole Zhang–Suen skeleton,
/// traced and measured as smoothed polylines, in pixels); the intensity-weighted centre of mass (pixel centres at i + ½); and the larger
/// side of the ink's bounding box.
/// </summary>
/// <param name="Images">Number of images measured.</param>
/// <param name="StrokeWidth">Mean stroke width, output pixels.</param>
/// <param name="CenterOfMassX">Mean centre-of-mass x, pixels from the left edge.</param>
/// <param name="CenterOfMassY">Mean centre-of-mass y, pixels from the top edge.</param>
/// <param name="LargerSide">Mean larger side of the bounding box of non-zero pixels, pixels.</param>
public sealed record MnistInkStatistics(int Images, double StrokeWidth, double CenterOfMassX, double CenterOfMassY, double LargerSide)
{
    /// <summary>Measures the first <paramref name="count"/> images of <paramref name="dataset"/>.</summary>
    public static MnistInkStatistics Measure(MnistDataset dataset, int count)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        count = Math.Min(count, dataset.Count);
        double ink = 0, length = 0, cx = 0, cy = 0, side = 0;
        for (int i = 0; i < count; i++)
        {
            byte[] image = dataset.CopyImage(i);
            double sum = 0, sx = 0, sy = 0;
            int left = 28, right = -1, top = 28, bottom = -1;
            for (int y = 0; y < 28; y++)
            {
                for (int x = 0; x < 28; x++)
                {
                    int v = image[y * 28 + x];
                    sum += v;
                    sx += v * (x + 0.5);
                    sy += v * (y + 0.5);
                    if (v > 0)
                    {
                        left = Math.Min(left, x);
                        right = Math.Max(right, x);
                        top = Math.Min(top, y);
                        bottom = Math.Max(bottom, y);
                    }
                }
            }

            ink += sum / 255;
            length += MnistStrokeTracer.Trace(image, minStrokePixels: 1).Sum(MnistStrokeTracer.Length);
            cx += sx / sum;
            cy += sy / sum;
            side += Math.Max(right - left + 1, bottom - top + 1);
        }

        return new MnistInkStatistics(count, ink / length, cx / count, cy / count, side / count);
    }
}
