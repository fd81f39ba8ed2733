using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Recovers pen strokes from an MNIST image: binarize, thin (Zhang–Suen), trace the skeleton into ordered strokes
/// (<see cref="SkeletonTracer"/>) and smooth the pixel staircase. Coordinates are in the 28×28 pixel frame.
/// </summary>
public static class MnistStrokeTracer
{
    /// <summary>Ink threshold used to binarize MNIST pixels before thinning (MNIST's anti-aliased edge midpoint).</summary>
    public const int InkThreshold = ImageStrokeTracer.InkThreshold;

    /// <summary>Traces the strokes of one 28×28 image.</summary>
    /// <param name="pixels">[784] row-major, 0 = background, 255 = ink.</param>
    /// <param name="minStrokePixels">Shorter traced pieces are dropped as thinning spurs (1 keeps the whole skeleton).</param>
    /// <returns>Strokes in drawing order, pixel-centre coordinates; empty when the image has no ink.</returns>
    public static List<StrokePoint[]> Trace(byte[] pixels, int minStrokePixels = ImageStrokeTracer.DefaultMinStrokePixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != 784)
        {
            throw new ArgumentException($"Expected 784 pixels, got {pixels.Length}.", nameof(pixels));
        }

        return ImageStrokeTracer.Trace(pixels, 28, 28, minStrokePixels).Select(Smooth).ToList();
    }

    /// <summary>Length of a polyline, in its own units.</summary>
    public static double Length(StrokePoint[] stroke)
    {
        double length = 0;
        for (int i = 1; i < stroke.Length; i++)
        {
            length += Math.Sqrt(Square(stroke[i].X - stroke[i - 1].X) + Square(stroke[i].Y - stroke[i - 1].Y));
        }

        return length;
    }

    /// <summary>[1 2 1]/4 smoothing of the interior points, twice; the end points stay.</summary>
    private static StrokePoint[] Smooth(StrokePoint[] stroke)
    {
        StrokePoint[] current = stroke;
        for (int pass = 0; pass < 2 && current.Length > 2; pass++)
        {
            var next = (StrokePoint[])current.Clone();
            for (int i = 1; i < current.Length - 1; i++)
            {
                next[i] = new StrokePoint(
                    (current[i - 1].X + 2 * current[i].X + current[i + 1].X) / 4,
                    (current[i - 1].Y + 2 * current[i].Y + current[i + 1].Y) / 4);
            }

            current = next;
        }

        return current;
    }

    private static double Square(double v) => v * v;
}
