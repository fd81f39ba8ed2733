using EdgeDigits.App;

namespace EdgeDigits.App.Tests.Support;

/// <summary>One draw command as the app issued it.</summary>
public sealed record DrawCommand(string Kind, int X, int Y, int Width, int Height, int Size, int Color, string? Text);

/// <summary>
/// Test double for <see cref="IScreen"/>: records every command and rasterizes it into a 320×240 framebuffer
/// (thick lines as a square pen stamped at every Bresenham step, text with <see cref="BlockFont"/>), so tests can
/// assert both what was asked for and what a panel would show.
/// </summary>
public sealed class RecordingScreen : IScreen
{
    public const int Width = ScreenLayout.ScreenWidth;
    public const int Height = ScreenLayout.ScreenHeight;

    private readonly Raster _raster = new();

    public List<DrawCommand> Commands { get; } = new();

    public int FlushCount { get; private set; }

    public int[] Pixels => _raster.Pixels;

    public void FillRect(int x, int y, int width, int height, int color)
    {
        Commands.Add(new DrawCommand("FillRect", x, y, width, height, 0, color, null));
        _raster.FillRect(x, y, width, height, color);
    }

    public void DrawLine(int x0, int y0, int x1, int y1, int thickness, int color)
    {
        Commands.Add(new DrawCommand("DrawLine", x0, y0, x1 - x0, y1 - y0, thickness, color, null));
        _raster.DrawLine(x0, y0, x1, y1, thickness, color);
    }

    public void DrawText(string text, int x, int y, int size, int color)
    {
        Commands.Add(new DrawCommand("DrawText", x, y, BlockFont.MeasureWidth(text, size), size, size, color, text));
        BlockFont.Draw(_raster, text, x, y, size, color);
    }

    public void DrawGrayImage(int x, int y, byte[] pixels, int width, int height, int scale)
    {
        Commands.Add(new DrawCommand("DrawGrayImage", x, y, width * scale, height * scale, scale, 0, null));
        _raster.DrawGrayImage(x, y, pixels, width, height, scale);
    }

    public void Flush() => FlushCount++;

    public int Mark() => Commands.Count;

    public IEnumerable<DrawCommand> Since(int mark) => Commands.Skip(mark);

    public IEnumerable<string> TextsSince(int mark) => Since(mark).Where(c => c.Kind == "DrawText").Select(c => c.Text!);

    public int PixelAt(int x, int y) => Pixels[y * Width + x];

    public int CountPixels(int x, int y, int width, int height, int color)
    {
        int count = 0;
        for (int yy = y; yy < y + height; yy++)
        {
            for (int xx = x; xx < x + width; xx++)
            {
                if (Pixels[yy * Width + xx] == color)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Text of the big result digit drawn last in the panel, or null.</summary>
    public string? LastBigDigit(int mark = 0) => Since(mark).LastOrDefault(c => c.Kind == "DrawText" && c.Size == ScreenLayout.DigitSize)?.Text;

    private sealed class Raster : IScreen
    {
        public int[] Pixels { get; } = new int[Width * Height];

        public void FillRect(int x, int y, int width, int height, int color)
        {
            for (int yy = Math.Max(0, y); yy < Math.Min(Height, y + height); yy++)
            {
                for (int xx = Math.Max(0, x); xx < Math.Min(Width, x + width); xx++)
                {
                    Pixels[yy * Width + xx] = color;
                }
            }
        }

        public void DrawLine(int x0, int y0, int x1, int y1, int thickness, int color)
        {
            int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
            int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
            int error = dx + dy;
            int half = thickness / 2;
            while (true)
            {
                FillRect(x0 - half, y0 - half, thickness, thickness, color);
                if (x0 == x1 && y0 == y1)
                {
                    return;
                }

                int e2 = 2 * error;
                if (e2 >= dy) { error += dy; x0 += sx; }
                if (e2 <= dx) { error += dx; y0 += sy; }
            }
        }

        public void DrawText(string text, int x, int y, int size, int color) => BlockFont.Draw(this, text, x, y, size, color);

        public void DrawGrayImage(int x, int y, byte[] pixels, int width, int height, int scale)
        {
            for (int row = 0; row < height; row++)
            {
                for (int col = 0; col < width; col++)
                {
                    int g = pixels[row * width + col];
                    FillRect(x + col * scale, y + row * scale, scale, scale, (g << 16) | (g << 8) | g);
                }
            }
        }

        public void Flush()
        {
        }
    }
}
