using EdgeDigits.Ink;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Feeds a <see cref="StrokeSample"/> into the device's <see cref="StrokeBuffer"/>, exactly as touch events would
/// arrive (BeginStroke, AddPoint…, EndStroke), so host recognition runs the same code path as the device.
/// </summary>
/// <remarks>
/// The buffer holds integer pixels. Stroke files may use small canvases with fractional coordinates (a 28-pixel
/// canvas, say), so coordinates are multiplied by an integer <see cref="ScaleFor"/> that brings the canvas to at
/// least <see cref="MinCanvasUnits"/> units before rounding; the normalizer is scale-invariant, so only rounding
/// changes. The buffer's spacing rule is the device's, <see cref="StrokeBuffer.DefaultMinPointSpacing"/> canvas pixels
/// (so the scaled buffer drops what the board's buffer would), and <see cref="InkNormalizer.MinExtent"/> is set to 1/40
/// of the canvas's larger side (8 pixels on a 320×240 screen).
/// </remarks>
public static class StrokeBufferLoader
{
    /// <summary>Smallest canvas side, in buffer units, after scaling.</summary>
    public const int MinCanvasUnits = 1024;

    /// <summary>
    /// Largest factor: the device's point spacing, scaled with the coordinates, must stay within what the buffer
    /// accepts (<see cref="StrokeBuffer.MaxMinPointSpacing"/>), so canvases under about 2 px keep less resolution.
    /// </summary>
    public const int MaxScale = StrokeBuffer.MaxMinPointSpacing / StrokeBuffer.DefaultMinPointSpacing;

    /// <summary>Integer factor applied to coordinates of <paramref name="sample"/>: the larger canvas side becomes at least <see cref="MinCanvasUnits"/>, by at most <see cref="MaxScale"/>.</summary>
    public static int ScaleFor(StrokeSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        double side = Math.Max(sample.CanvasWidth, sample.CanvasHeight);
        return side >= MinCanvasUnits ? 1 : (int)Math.Min(MaxScale, Math.Ceiling(MinCanvasUnits / side));
    }

    /// <summary>The minimum extent (<see cref="InkNormalizer.MinExtent"/>) for a sample, in buffer units.</summary>
    public static int MinExtentFor(StrokeSample sample) =>
        Math.Max(1, (int)(Math.Max(sample.CanvasWidth, sample.CanvasHeight) * ScaleFor(sample) / 40));

    /// <summary>Creates a buffer for <paramref name="sample"/>'s canvas and fills it.</summary>
    /// <param name="sample">The drawing.</param>
    /// <param name="maxPoints">Point budget of the buffer (the buffer decimates beyond it).</param>
    /// <param name="maxStrokes">Stroke budget (further strokes are ignored, as on the device).</param>
    /// <returns>The filled buffer.</returns>
    public static StrokeBuffer Load(StrokeSample sample, int maxPoints = 8192, int maxStrokes = 128)
    {
        int scale = ScaleFor(sample);
        int width = (int)Math.Ceiling(sample.CanvasWidth * scale);
        int height = (int)Math.Ceiling(sample.CanvasHeight * scale);
        var buffer = new StrokeBuffer(maxPoints, maxStrokes, width, height);
        // The device's spacing rule, in the file's canvas pixels: the buffer is the one place that drops points.
        buffer.MinPointSpacing = StrokeBuffer.DefaultMinPointSpacing * scale;
        foreach (StrokePoint[] stroke in sample.Strokes)
        {
            if (stroke.Length == 0)
            {
                continue;
            }

            buffer.BeginStroke();
            foreach (StrokePoint p in stroke)
            {
                buffer.AddPoint(Round(p.X * scale), Round(p.Y * scale));
            }

            buffer.EndStroke();
        }

        return buffer;
    }

    private static int Round(double v) => (int)Math.Clamp(Math.Floor(v + 0.5), int.MinValue / 2, int.MaxValue / 2);
}
