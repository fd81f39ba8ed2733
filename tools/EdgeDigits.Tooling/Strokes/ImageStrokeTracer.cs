using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Recovers pen strokes from an ink image: binarize at <see cref="InkThreshold"/>, thin to a one-pixel skeleton
/// (<see cref="ZhangSuenThinning"/>) and trace it into ordered strokes (<see cref="SkeletonTracer"/>). Coordinates are
/// pixel centres of the image.
/// </summary>
public static class ImageStrokeTracer
{
    /// <summary>Ink level (of 255) at or above which a pixel is stroke: the midpoint of an anti-aliased edge.</summary>
    public const int InkThreshold = 128;

    /// <summary>Default shortest traced piece, in skeleton pixels: shorter ones are thinning spurs.</summary>
    public const int DefaultMinStrokePixels = 5;

    /// <summary>Traces the strokes of an ink image.</summary>
    /// <param name="ink">[height·width] row-major, 0 = background, 255 = ink.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="minStrokePixels">Shorter traced pieces are dropped as thinning spurs (1 keeps the whole skeleton).</param>
    /// <returns>Strokes in drawing order; empty when no pixel reaches the threshold.</returns>
    /// <exception cref="ArgumentException"><paramref name="ink"/> does not hold width·height pixels.</exception>
    public static List<StrokePoint[]> Trace(byte[] ink, int width, int height, int minStrokePixels)
    {
        ArgumentNullException.ThrowIfNull(ink);
        if (width < 1 || height < 1 || (long)width * height != ink.Length)
        {
            throw new ArgumentException($"Expected {width}x{height} pixels, got {ink.Length}.", nameof(ink));
        }

        var mask = new bool[ink.Length];
        for (int i = 0; i < ink.Length; i++)
        {
            mask[i] = ink[i] >= InkThreshold;
        }

        ZhangSuenThinning.Thin(mask, width, height);
        return SkeletonTracer.Trace(mask, width, height, minStrokePixels);
    }
}
