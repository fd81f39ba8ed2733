namespace EdgeDigits.App
{
    /// <summary>
    /// Draws an ink segment with a square pen as <see cref="IScreen.FillRect"/> stamps, because the native
    /// <c>Bitmap.DrawLine</c> ignores its thickness argument (always 1 px) and the direct-to-panel path has no lines.
    /// </summary>
    /// <remarks>
    /// Axis-aligned segments become one rectangle. Others are walked with Bresenham's algorithm and stamped every
    /// <c>max(1, thickness / 2)</c> steps along the major axis, plus the end point, so the painted band has no gaps.
    /// </remarks>
    public static class PenStroke
    {
        /// <summary>Draws the segment (see <see cref="IScreen.DrawLine"/>).</summary>
        /// <param name="target">Receives FillRect calls.</param>
        /// <param name="x0">Start x.</param>
        /// <param name="y0">Start y.</param>
        /// <param name="x1">End x.</param>
        /// <param name="y1">End y.</param>
        /// <param name="thickness">Pen side, pixels.</param>
        /// <param name="color">0xRRGGBB.</param>
        public static void Draw(IScreen target, int x0, int y0, int x1, int y1, int thickness, int color)
        {
            if (thickness < 1)
            {
                thickness = 1;
            }

            int half = thickness / 2;
            if (x0 == x1 || y0 == y1)
            {
                int left = x0 < x1 ? x0 : x1;
                int top = y0 < y1 ? y0 : y1;
                int width = (x0 < x1 ? x1 - x0 : x0 - x1) + thickness;
                int height = (y0 < y1 ? y1 - y0 : y0 - y1) + thickness;
                target.FillRect(left - half, top - half, width, height, color);
                return;
            }

            int dx = x1 > x0 ? x1 - x0 : x0 - x1;
            int dy = y1 > y0 ? y0 - y1 : y1 - y0;
            int sx = x0 < x1 ? 1 : -1;
            int sy = y0 < y1 ? 1 : -1;
            int error = dx + dy;
            int stride = thickness / 2 < 1 ? 1 : thickness / 2;
            int step = 0;
            while (true)
            {
                if (step % stride == 0)
                {
                    target.FillRect(x0 - half, y0 - half, thickness, thickness, color);
                }

                if (x0 == x1 && y0 == y1)
                {
                    if (step % stride != 0)
                    {
                        target.FillRect(x0 - half, y0 - half, thickness, thickness, color);
                    }

                    return;
                }

                int e2 = 2 * error;
                if (e2 >= dy)
                {
                    error += dy;
                    x0 += sx;
                }

                if (e2 <= dx)
                {
                    error += dx;
                    y0 += sy;
                }

                step++;
            }
        }

        /// <summary>Draws a grayscale image as runs of equal gray per row (see <see cref="IScreen.DrawGrayImage"/>).</summary>
        /// <param name="target">Receives FillRect calls.</param>
        /// <param name="x">Left edge.</param>
        /// <param name="y">Top edge.</param>
        /// <param name="pixels">[height·width] gray levels.</param>
        /// <param name="width">Source width.</param>
        /// <param name="height">Source height.</param>
        /// <param name="scale">Magnification.</param>
        public static void DrawGray(IScreen target, int x, int y, byte[] pixels, int width, int height, int scale)
        {
            int top = y;
            for (int rowStart = 0; rowStart < height * width; rowStart += width, top += scale)
            {
                int rowEnd = rowStart + width;
                int i = rowStart;
                while (i < rowEnd)
                {
                    int gray = pixels[i];
                    int start = i++;
                    while (i < rowEnd && pixels[i] == gray)
                    {
                        i++;
                    }

                    target.FillRect(x + (start - rowStart) * scale, top, (i - start) * scale, scale, (gray << 16) | (gray << 8) | gray);
                }
            }
        }
    }
}
