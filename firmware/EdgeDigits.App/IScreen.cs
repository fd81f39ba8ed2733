namespace EdgeDigits.App
{
    /// <summary>
    /// The draw commands the app issues: a 320×240 pixel surface, origin top-left, x right, y down. Implemented by
    /// the device adapters (nanoFramework.Graphics), the browser simulator and the test recorder.
    /// </summary>
    /// <remarks>
    /// Colors are 0xRRGGBB integers (see <see cref="Palette"/>). Commands may be buffered: nothing has to reach the
    /// panel before <see cref="Flush"/>, which the app calls once per batch (after each <see cref="DigitApp.Tick"/>
    /// that drew something). Coordinates may lie partly outside the surface; implementations clip.
    /// </remarks>
    public interface IScreen
    {
        /// <summary>Fills a rectangle.</summary>
        /// <param name="x">Left edge, in pixels.</param>
        /// <param name="y">Top edge, in pixels.</param>
        /// <param name="width">Width in pixels; nothing is drawn when ≤ 0.</param>
        /// <param name="height">Height in pixels; nothing is drawn when ≤ 0.</param>
        /// <param name="color">0xRRGGBB.</param>
        void FillRect(int x, int y, int width, int height, int color);

        /// <summary>
        /// Draws a line segment as ink: every pixel within a square pen of side <paramref name="thickness"/> centred on
        /// the segment is painted, so consecutive segments of a stroke join without gaps.
        /// </summary>
        /// <param name="x0">Start x, in pixels.</param>
        /// <param name="y0">Start y, in pixels.</param>
        /// <param name="x1">End x, in pixels.</param>
        /// <param name="y1">End y, in pixels.</param>
        /// <param name="thickness">Pen width in pixels, ≥ 1.</param>
        /// <param name="color">0xRRGGBB.</param>
        void DrawLine(int x0, int y0, int x1, int y1, int thickness, int color);

        /// <summary>
        /// Draws one line of text, top-left anchored. <see cref="BlockFont"/> defines the reference metrics
        /// (a 5×7 cell scaled by <c>size / 7</c>, advance 6 cells); the device adapters render with it.
        /// </summary>
        /// <param name="text">Text; lower case is shown as upper case by <see cref="BlockFont"/>.</param>
        /// <param name="x">Left edge, in pixels.</param>
        /// <param name="y">Top edge, in pixels.</param>
        /// <param name="size">Cap height in pixels, a multiple of 7 (7, 14, 21, …).</param>
        /// <param name="color">0xRRGGBB.</param>
        void DrawText(string text, int x, int y, int size, int color);

        /// <summary>
        /// Draws a grayscale image, each source pixel as a <paramref name="scale"/>×<paramref name="scale"/> block:
        /// 0 = black, 255 = white (the 28×28 network input, ink bright, as MNIST).
        /// </summary>
        /// <param name="x">Left edge, in pixels.</param>
        /// <param name="y">Top edge, in pixels.</param>
        /// <param name="pixels">[height·width] row-major gray levels.</param>
        /// <param name="width">Image width in source pixels.</param>
        /// <param name="height">Image height in source pixels.</param>
        /// <param name="scale">Magnification, ≥ 1.</param>
        void DrawGrayImage(int x, int y, byte[] pixels, int width, int height, int scale);

        /// <summary>Makes everything drawn since the previous flush visible.</summary>
        void Flush();
    }
}
