using System.Drawing;
using EdgeDigits.App;
using nanoFramework.UI;

namespace EdgeDigits.Device.Display
{
    /// <summary>
    /// <see cref="IScreen"/> over a full-screen nanoFramework <see cref="Bitmap"/> (boards with a large graphics
    /// heap, e.g. the Core2's PSRAM): commands draw into the bitmap, <see cref="Flush"/> sends the union of the regions
    /// touched since the last flush to the panel in one native call.
    /// </summary>
    public sealed class BitmapScreen : IScreen
    {
        private const int Opaque = unchecked((int)0xFF000000);
        private readonly Bitmap _bitmap;
        private int _dirtyLeft = int.MaxValue;
        private int _dirtyTop = int.MaxValue;
        private int _dirtyRight = -1;
        private int _dirtyBottom = -1;

        /// <summary>Creates the adapter.</summary>
        /// <param name="bitmap">A 320×240 bitmap, usually <see cref="DisplayControl.FullScreen"/>.</param>
        public BitmapScreen(Bitmap bitmap)
        {
            _bitmap = bitmap;
        }

        /// <inheritdoc />
        public void FillRect(int x, int y, int width, int height, int color)
        {
            if (x < 0) { width += x; x = 0; }
            if (y < 0) { height += y; y = 0; }
            if (x + width > ScreenLayout.ScreenWidth) { width = ScreenLayout.ScreenWidth - x; }
            if (y + height > ScreenLayout.ScreenHeight) { height = ScreenLayout.ScreenHeight - y; }
            if (width <= 0 || height <= 0)
            {
                return;
            }

            _bitmap.FillRectangle(x, y, width, height, Color.FromArgb(Opaque | color), Bitmap.OpacityOpaque);
            if (x < _dirtyLeft) { _dirtyLeft = x; }
            if (y < _dirtyTop) { _dirtyTop = y; }
            if (x + width - 1 > _dirtyRight) { _dirtyRight = x + width - 1; }
            if (y + height - 1 > _dirtyBottom) { _dirtyBottom = y + height - 1; }
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
            if (_dirtyRight < 0)
            {
                return;
            }

            _bitmap.Flush(_dirtyLeft, _dirtyTop, _dirtyRight - _dirtyLeft + 1, _dirtyBottom - _dirtyTop + 1);
            _dirtyLeft = int.MaxValue;
            _dirtyTop = int.MaxValue;
            _dirtyRight = -1;
            _dirtyBottom = -1;
        }
    }
}
