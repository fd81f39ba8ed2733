using System.Drawing;
using EdgeDigits.App;
using nanoFramework.UI;

namespace EdgeDigits.Device.Display
{
    /// <summary>
    /// <see cref="IScreen"/> that writes straight to the panel with <see cref="DisplayControl.Write(ushort, ushort, ushort, ushort, ushort[])"/>,
    /// for boards without PSRAM where a 150 KB full-screen bitmap does not fit (the CYD). Every command is visible
    /// at once; <see cref="Flush"/> does nothing.
    /// </summary>
    /// <remarks>
    /// Rectangles are sent in bands of up to <see cref="BandRows"/> rows from one preallocated buffer
    /// (320 × 8 × 2 bytes = 5 KB), refilled only when the color or the needed length changes, so drawing allocates
    /// nothing.
    /// </remarks>
    public sealed class DirectScreen : IScreen
    {
        /// <summary>Rows per panel write.</summary>
        public const int BandRows = 8;

        private const int Opaque = unchecked((int)0xFF000000);
        private readonly ushort[] _band = new ushort[ScreenLayout.ScreenWidth * BandRows];
        private int _bandColor = -1;
        private int _bandFilled;

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

            if (color != _bandColor)
            {
                _bandColor = color;
                _bandFilled = 0;
            }

            int rows = height < BandRows ? height : BandRows;
            int needed = width * rows;
            if (_bandFilled < needed)
            {
                ushort panelColor = Color.FromArgb(Opaque | color).ToBgr565();
                for (int i = _bandFilled; i < needed; i++)
                {
                    _band[i] = panelColor;
                }

                _bandFilled = needed;
            }

            for (int top = y; top < y + height; top += rows)
            {
                int bandHeight = y + height - top < rows ? y + height - top : rows;
                DisplayControl.Write((ushort)x, (ushort)top, (ushort)width, (ushort)bandHeight, _band);
            }
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
        }
    }
}
