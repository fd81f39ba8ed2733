using EdgeDigits.App;

namespace EdgeDigits.Simulator.Device;

/// <summary>
/// The simulator's <see cref="IScreen"/>: it rasterizes exactly as the device adapters do (ink lines with the
/// firmware's <see cref="PenStroke"/>, text with <see cref="BlockFont"/>, the 28×28 preview with
/// <see cref="PenStroke.DrawGray"/>) down to axis-aligned filled rectangles, clipped to 320×240 like the panel
/// drivers, and records them. The page paints the rectangles on its canvas, so it shows the board's pixels.
/// </summary>
/// <remarks>Rectangles are recorded as 5 ints each: x, y, width, height (pixels), color 0xRRGGBB.</remarks>
public sealed class RectScreen : IScreen
{
    /// <summary>Ints per recorded rectangle.</summary>
    public const int IntsPerRect = 5;

    private readonly List<int> _rects = new();

    /// <summary>Number of <see cref="Flush"/> calls since the last <see cref="Take"/>.</summary>
    public int FlushCount { get; private set; }

    /// <inheritdoc />
    public void FillRect(int x, int y, int width, int height, int color)
    {
        // Same clipping as the device's BitmapScreen/DirectScreen.
        if (x < 0) { width += x; x = 0; }
        if (y < 0) { height += y; y = 0; }
        if (x + width > ScreenLayout.ScreenWidth) { width = ScreenLayout.ScreenWidth - x; }
        if (y + height > ScreenLayout.ScreenHeight) { height = ScreenLayout.ScreenHeight - y; }
        if (width <= 0 || height <= 0)
        {
            return;
        }

        _rects.Add(x);
        _rects.Add(y);
        _rects.Add(width);
        _rects.Add(height);
        _rects.Add(color & 0xFFFFFF);
    }

    /// <inheritdoc />
    public void DrawLine(int x0, int y0, int x1, int y1, int thickness, int color)
    {
        PenStroke.Draw(this, x0, y0, x1, y1, thickness, color);
    }

    /// <inheritdoc />
    public void DrawText(string text, int x, int y, int size, int color)
    {
        BlockFont.Draw(this, text, x, y, size, color);
    }

    /// <inheritdoc />
    public void DrawGrayImage(int x, int y, byte[] pixels, int width, int height, int scale)
    {
        PenStroke.DrawGray(this, x, y, pixels, width, height, scale);
    }

    /// <inheritdoc />
    public void Flush()
    {
        FlushCount++;
    }

    /// <summary>Returns the rectangles recorded since the last call and forgets them.</summary>
    /// <returns>[n·5] ints: x, y, width, height, color per rectangle, in drawing order.</returns>
    public int[] Take()
    {
        int[] rects = _rects.ToArray();
        _rects.Clear();
        FlushCount = 0;
        return rects;
    }
}
