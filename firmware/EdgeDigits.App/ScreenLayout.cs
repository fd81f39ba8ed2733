namespace EdgeDigits.App
{
    /// <summary>
    /// Where everything sits on the 320×240 landscape screen (pixels, origin top-left).
    /// </summary>
    /// <remarks>
    /// <code>
    /// +--------------------------+------------+  y = 0
    /// |                          | status     |
    /// |   drawing pad 220×200    | digit  28² |
    /// |   (canvas = screen       | conf, top 3|
    /// |    coordinates)          | ms         |
    /// +------+------+------+-----+------------+  y = 200
    /// | CLEAR| UNDO |  GO  | SINGLE/MULTI     |  buttons 80×40
    /// +------+------+------+------------------+  y = 240
    /// </code>
    /// The pad starts at the origin so ink canvas coordinates equal screen coordinates.
    /// <para>Teach keypad (after a result, tap the panel): the ten digit keys replace the result panel, 2 columns × 5
    /// rows of <see cref="KeyWidth"/>×<see cref="KeyHeight"/> = 50×40 pixels (about 6.4 × 5.1 mm on the Core2's
    /// 2.0" panel, 8.8 × 7.1 mm on the CYD's 2.8"), right of the pad:</para>
    /// <code>
    /// x = 220   270   320
    ///     +-----+-----+  y = 0
    ///     |  0  |  1  |
    ///     |  2  |  3  |  ...  each key 50×40
    ///     |  8  |  9  |
    ///     +-----+-----+  y = 200
    /// </code>
    /// </remarks>
    public static class ScreenLayout
    {
        /// <summary>Screen width in pixels.</summary>
        public const int ScreenWidth = 320;

        /// <summary>Screen height in pixels.</summary>
        public const int ScreenHeight = 240;

        /// <summary>Drawing pad left edge.</summary>
        public const int PadX = 0;

        /// <summary>Drawing pad top edge.</summary>
        public const int PadY = 0;

        /// <summary>Drawing pad width.</summary>
        public const int PadWidth = 220;

        /// <summary>Drawing pad height.</summary>
        public const int PadHeight = 200;

        /// <summary>Pen width of the ink on screen, in pixels (≈ 4 % of the pad height, like a felt pen).</summary>
        public const int PenWidth = 8;

        /// <summary>Result panel left edge.</summary>
        public const int PanelX = PadWidth;

        /// <summary>Result panel width.</summary>
        public const int PanelWidth = ScreenWidth - PadWidth;

        /// <summary>Result panel height.</summary>
        public const int PanelHeight = PadHeight;

        /// <summary>Top of the button row.</summary>
        public const int ButtonY = PadHeight;

        /// <summary>Button height.</summary>
        public const int ButtonHeight = ScreenHeight - PadHeight;

        /// <summary>Button width (four buttons side by side).</summary>
        public const int ButtonWidth = ScreenWidth / 4;

        /// <summary>Small text size (cap height 14 px).</summary>
        public const int TextSize = 14;

        /// <summary>Tiny text size (cap height 7 px).</summary>
        public const int SmallTextSize = 7;

        /// <summary>Size of the big result digit (cap height 56 px, 40 px wide).</summary>
        public const int DigitSize = 56;

        /// <summary>Left edge of the 28×28 input preview.</summary>
        public const int PreviewX = ScreenWidth - 56;

        /// <summary>Top edge of the 28×28 input preview.</summary>
        public const int PreviewY = 20;

        /// <summary>Preview magnification: 28×28 → 56×56 pixels.</summary>
        public const int PreviewScale = 2;

        /// <summary>Teach keypad: width of one digit key, in pixels.</summary>
        public const int KeyWidth = PanelWidth / KeyColumns;

        /// <summary>Teach keypad: height of one digit key, in pixels.</summary>
        public const int KeyHeight = PanelHeight / KeyRows;

        /// <summary>Teach keypad: key columns.</summary>
        public const int KeyColumns = 2;

        /// <summary>Teach keypad: key rows (<see cref="KeyColumns"/> × <see cref="KeyRows"/> = 10 digits).</summary>
        public const int KeyRows = 5;

        /// <summary>Multi-digit result: bottom of the row of recognized digits in the panel, in pixels; a tap above
        /// it picks the digit under it (the panel width is shared equally between the digits).</summary>
        public const int ResultRowBottom = 62;

        /// <summary>Teach mode, multi-digit: thickness of the frame drawn around the box of the digit being taught,
        /// in pixels. It covers the box's 1-pixel outline and grows outwards, so it never hides the digit's own ink
        /// (which ends a pixel inside the outline) except where the box is cut by the pad edge.</summary>
        public const int SelectionThickness = 3;

        /// <summary>Multi-digit result: slots for the 28×28 inputs in the panel (each 28 pixels plus a 4-pixel gap; a
        /// fourth would end at x = 326, off the screen).</summary>
        public const int PreviewSlots = 3;

        /// <summary>Multi-digit result: distance between the left edges of two preview slots, pixels.</summary>
        public const int PreviewSlotAdvance = 32;

        /// <summary>Multi-digit result: top edge of the row of preview slots, pixels.</summary>
        public const int PreviewRowY = 160;

        /// <summary>Multi-digit result: left edge of preview slot <paramref name="slot"/>, pixels.</summary>
        /// <param name="slot">0..<see cref="PreviewSlots"/> − 1.</param>
        /// <returns>Screen x.</returns>
        public static int PreviewSlotX(int slot)
        {
            return PanelX + 2 + slot * PreviewSlotAdvance;
        }

        /// <summary>Multi-digit result: how many of <paramref name="count"/> inputs get a preview. Up to
        /// <see cref="PreviewSlots"/> digits all do; beyond, the last slot holds a "+N" marker instead, so one slot
        /// fewer shows an input and <c>count − shown</c> are hidden.</summary>
        /// <param name="count">Digits in the result, ≥ 0.</param>
        /// <returns>Previews drawn, 0..<see cref="PreviewSlots"/>.</returns>
        public static int PreviewsShown(int count)
        {
            return count <= PreviewSlots ? count : PreviewSlots - 1;
        }

        /// <summary>Whether (<paramref name="x"/>, <paramref name="y"/>) lies on the result panel (right of the pad).</summary>
        /// <param name="x">Screen x, pixels.</param>
        /// <param name="y">Screen y, pixels.</param>
        /// <returns>True inside the panel.</returns>
        public static bool IsOnPanel(int x, int y)
        {
            return x >= PanelX && x < PanelX + PanelWidth && y >= 0 && y < PanelHeight;
        }

        /// <summary>The teach key under (<paramref name="x"/>, <paramref name="y"/>).</summary>
        /// <param name="x">Screen x, pixels.</param>
        /// <param name="y">Screen y, pixels.</param>
        /// <returns>The digit 0..9, or −1 off the keypad.</returns>
        public static int KeyAt(int x, int y)
        {
            if (!IsOnPanel(x, y))
            {
                return -1;
            }

            return (y / KeyHeight) * KeyColumns + (x - PanelX) / KeyWidth;
        }

        /// <summary>Left edge of the teach key for <paramref name="digit"/>, pixels.</summary>
        /// <param name="digit">0..9.</param>
        /// <returns>Screen x.</returns>
        public static int KeyX(int digit)
        {
            return PanelX + (digit % KeyColumns) * KeyWidth;
        }

        /// <summary>Top edge of the teach key for <paramref name="digit"/>, pixels.</summary>
        /// <param name="digit">0..9.</param>
        /// <returns>Screen y.</returns>
        public static int KeyY(int digit)
        {
            return (digit / KeyColumns) * KeyHeight;
        }

        /// <summary>Multi-digit result: which of <paramref name="count"/> shown digits a panel tap at
        /// (<paramref name="x"/>, <paramref name="y"/>) picks.</summary>
        /// <param name="x">Screen x, pixels.</param>
        /// <param name="y">Screen y, pixels.</param>
        /// <param name="count">Digits in the result, ≥ 1.</param>
        /// <returns>The digit index, or −1 when the tap is below the digit row or off the panel.</returns>
        public static int ResultDigitAt(int x, int y, int count)
        {
            if (!IsOnPanel(x, y) || y >= ResultRowBottom || count < 1)
            {
                return -1;
            }

            return (x - PanelX) * count / PanelWidth;
        }

        /// <summary>Whether (<paramref name="x"/>, <paramref name="y"/>) lies on the drawing pad.</summary>
        /// <param name="x">Screen x.</param>
        /// <param name="y">Screen y.</param>
        /// <returns>True inside the pad.</returns>
        public static bool IsOnPad(int x, int y)
        {
            return x >= PadX && x < PadX + PadWidth && y >= PadY && y < PadY + PadHeight;
        }

        /// <summary>The button under (<paramref name="x"/>, <paramref name="y"/>), or <see cref="AppButton.None"/>.</summary>
        /// <param name="x">Screen x.</param>
        /// <param name="y">Screen y.</param>
        /// <returns>The button hit.</returns>
        public static AppButton ButtonAt(int x, int y)
        {
            if (y < ButtonY || y >= ScreenHeight || x < 0 || x >= ScreenWidth)
            {
                return AppButton.None;
            }

            return (AppButton)(1 + x / ButtonWidth);
        }

        /// <summary>Left edge of <paramref name="button"/>.</summary>
        /// <param name="button">A button other than <see cref="AppButton.None"/>.</param>
        /// <returns>Left edge in pixels.</returns>
        public static int ButtonX(AppButton button)
        {
            return ((int)button - 1) * ButtonWidth;
        }
    }
}
