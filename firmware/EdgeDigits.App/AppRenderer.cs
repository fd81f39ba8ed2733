using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// Turns app states into draw commands on an <see cref="IScreen"/> using <see cref="ScreenLayout"/>: the boot
    /// screen, the pad and its ink, the result panel and the buttons. Holds no state besides the screen.
    /// </summary>
    public sealed class AppRenderer
    {
        /// <summary>Characters per line of size-14 text across the whole screen.</summary>
        public const int ScreenColumns = ScreenLayout.ScreenWidth / (BlockFont.Advance * 2);

        /// <summary>Characters per line of size-14 text in the result panel.</summary>
        public const int PanelColumns = (ScreenLayout.PanelWidth - 4) / (BlockFont.Advance * 2);

        /// <summary>Characters per line of hint text (size 7) in the panel.</summary>
        public const int HintColumns = (ScreenLayout.PanelWidth - 4) / BlockFont.Advance;

        /// <summary>Top of the hint line in the panel, pixels.</summary>
        public const int HintY = ScreenLayout.PanelHeight - 10;

        private const int KeySize = 21;
        private const int Margin = 4;
        private const int LineHeight = 18;
        private const int OutlineGap = ScreenLayout.PenWidth / 2 + 1;
        private readonly IScreen _screen;

        /// <summary>Creates a renderer drawing on <paramref name="screen"/>.</summary>
        /// <param name="screen">Target surface.</param>
        public AppRenderer(IScreen screen)
        {
            _screen = screen;
        }

        /// <summary>The surface drawn on.</summary>
        public IScreen Screen
        {
            get { return _screen; }
        }

        /// <summary>Boot screen, first part: title, model, accuracies and "self-test…".</summary>
        /// <param name="model">What to show about the model.</param>
        public void DrawBoot(ModelInfo model)
        {
            _screen.FillRect(0, 0, ScreenLayout.ScreenWidth, ScreenLayout.ScreenHeight, Palette.Background);
            _screen.DrawText("EDGEDIGITS", 16, 16, 28, Palette.Text);
            _screen.DrawText(model.Name, 16, 64, ScreenLayout.TextSize, Palette.Text);
            _screen.DrawText("INT8 ACC " + Percent(model.Int8AccuracyBasisPoints, 100), 16, 90, ScreenLayout.TextSize, Palette.Dim);
            _screen.DrawText("FLOAT ACC " + Percent(model.FloatAccuracyBasisPoints, 100), 16, 112, ScreenLayout.TextSize, Palette.Dim);
            _screen.DrawText("SELF-TEST...", 16, 146, ScreenLayout.TextSize, Palette.Warn);
        }

        /// <summary>Boot screen, second part: the self-test verdict replacing "self-test…".</summary>
        /// <param name="result">The verdict.</param>
        /// <param name="elapsedMs">How long the golden inference took, ms.</param>
        public void DrawSelfTest(SelfTestResult result, int elapsedMs)
        {
            _screen.FillRect(0, 140, ScreenLayout.ScreenWidth, ScreenLayout.ScreenHeight - 140, Palette.Background);
            if (result.Passed)
            {
                _screen.DrawText("MODEL OK  " + elapsedMs + " MS", 16, 146, ScreenLayout.TextSize, Palette.Good);
                _screen.DrawText("TOUCH TO START", 16, 180, ScreenLayout.TextSize, Palette.Dim);
                return;
            }

            _screen.DrawText("SELF-TEST FAILED", 16, 146, ScreenLayout.TextSize, Palette.Error);
            DrawWrapped(result.Message, 16, 170, ScreenColumns - 2, 3, Palette.Error);
        }

        /// <summary>The main screen without ink: blank pad, empty panel, buttons.</summary>
        /// <param name="multiDigit">Mode shown on the mode button.</param>
        public void DrawMain(bool multiDigit)
        {
            _screen.FillRect(0, 0, ScreenLayout.ScreenWidth, ScreenLayout.ScreenHeight, Palette.Background);
            ClearPad();
            DrawButtons(multiDigit);
        }

        /// <summary>Blanks the pad.</summary>
        public void ClearPad()
        {
            _screen.FillRect(ScreenLayout.PadX, ScreenLayout.PadY, ScreenLayout.PadWidth, ScreenLayout.PadHeight, Palette.Pad);
        }

        /// <summary>Redraws every stroke of <paramref name="ink"/> on a blank pad.</summary>
        /// <param name="ink">The strokes, canvas = screen coordinates.</param>
        public void DrawInk(StrokeBuffer ink)
        {
            ClearPad();
            for (int s = 0; s < ink.StrokeCount; s++)
            {
                DrawStroke(ink, s);
            }
        }

        /// <summary>Ink for a pen-down with no movement yet.</summary>
        /// <param name="x">Pad x.</param>
        /// <param name="y">Pad y.</param>
        public void DrawDot(int x, int y)
        {
            int half = ScreenLayout.PenWidth / 2;
            _screen.FillRect(x - half, y - half, ScreenLayout.PenWidth, ScreenLayout.PenWidth, Palette.Ink);
        }

        /// <summary>Ink from the previous point to the new one, drawn as the finger moves.</summary>
        /// <param name="x0">Previous x.</param>
        /// <param name="y0">Previous y.</param>
        /// <param name="x1">New x.</param>
        /// <param name="y1">New y.</param>
        public void DrawSegment(int x0, int y0, int x1, int y1)
        {
            _screen.DrawLine(x0, y0, x1, y1, ScreenLayout.PenWidth, Palette.Ink);
        }

        /// <summary>Outlines a recognized digit's bounding box on the pad, with its index above it.</summary>
        /// <param name="digit">The digit (box in canvas pixels, inclusive).</param>
        public void DrawBox(RecognizedDigit digit)
        {
            int left = OutlineLeft(digit);
            int top = OutlineTop(digit);
            int right = OutlineRight(digit);
            int bottom = OutlineBottom(digit);
            _screen.DrawLine(left, top, right, top, 1, Palette.Box);
            _screen.DrawLine(right, top, right, bottom, 1, Palette.Box);
            _screen.DrawLine(right, bottom, left, bottom, 1, Palette.Box);
            _screen.DrawLine(left, bottom, left, top, 1, Palette.Box);
        }

        /// <summary>Teach mode: marks <paramref name="digit"/> as the one the keypad labels, with a frame of
        /// <see cref="ScreenLayout.SelectionThickness"/> pixels in <see cref="Palette.Selected"/> over its box outline,
        /// growing outwards and clipped to the pad. Four rectangles.</summary>
        /// <param name="digit">The digit (box in canvas pixels, inclusive), as drawn by <see cref="DrawBox"/>.</param>
        public void DrawSelection(RecognizedDigit digit)
        {
            FillSelection(digit, Palette.Selected);
        }

        /// <summary>Teach mode: removes the frame <see cref="DrawSelection"/> drew around <paramref name="digit"/>
        /// without redrawing the pad: the four strips go back to paper and only the strokes of <paramref name="ink"/>
        /// that reach into them are drawn again. The caller then redraws every box (<see cref="DrawBox"/>), which
        /// restores the pad exactly as <see cref="DrawInk"/> plus the boxes left it.</summary>
        /// <param name="digit">The digit whose frame goes.</param>
        /// <param name="ink">The ink on the pad, canvas = screen pixels.</param>
        public void EraseSelection(RecognizedDigit digit, StrokeBuffer ink)
        {
            FillSelection(digit, Palette.Pad);
            int x;
            int y;
            int width;
            int height;
            for (int s = 0; s < ink.StrokeCount; s++)
            {
                int start = ink.GetStrokeStart(s);
                int length = ink.GetStrokeLength(s);
                if (length == 0)
                {
                    continue;
                }

                // The stroke's painted extent, generously: its points widened by a whole pen width.
                int minX = ink.GetX(start);
                int maxX = minX;
                int minY = ink.GetY(start);
                int maxY = minY;
                for (int p = start + 1; p < start + length; p++)
                {
                    int px = ink.GetX(p);
                    int py = ink.GetY(p);
                    if (px < minX) { minX = px; }
                    if (px > maxX) { maxX = px; }
                    if (py < minY) { minY = py; }
                    if (py > maxY) { maxY = py; }
                }

                minX -= ScreenLayout.PenWidth;
                maxX += ScreenLayout.PenWidth;
                minY -= ScreenLayout.PenWidth;
                maxY += ScreenLayout.PenWidth;
                for (int side = 0; side < 4; side++)
                {
                    if (SelectionStrip(digit, side, out x, out y, out width, out height)
                        && minX < x + width && maxX >= x && minY < y + height && maxY >= y)
                    {
                        DrawStroke(ink, s);
                        break;
                    }
                }
            }
        }

        /// <summary>Fills the four strips of <paramref name="digit"/>'s selection frame (those inside the pad) with <paramref name="color"/>.</summary>
        private void FillSelection(RecognizedDigit digit, int color)
        {
            int x;
            int y;
            int width;
            int height;
            for (int side = 0; side < 4; side++)
            {
                if (SelectionStrip(digit, side, out x, out y, out width, out height))
                {
                    _screen.FillRect(x, y, width, height, color);
                }
            }
        }

        /// <summary>The four buttons.</summary>
        /// <param name="multiDigit">Current mode, shown on the mode button.</param>
        public void DrawButtons(bool multiDigit)
        {
            DrawButton(AppButton.Clear, "CLEAR");
            DrawButton(AppButton.Undo, "UNDO");
            DrawButton(AppButton.Recognize, "GO");
            DrawButton(AppButton.Mode, multiDigit ? "MULTI" : "SINGLE");
        }

        /// <summary>Panel: a status word and up to three lines of explanation.</summary>
        /// <param name="status">Status word, e.g. "READY".</param>
        /// <param name="statusColor">Its color.</param>
        /// <param name="message">Explanation, wrapped to the panel width; null for none.</param>
        public void DrawPanelMessage(string status, int statusColor, string message)
        {
            ClearPanel();
            _screen.DrawText(status, ScreenLayout.PanelX + Margin, Margin, ScreenLayout.TextSize, statusColor);
            if (message != null)
            {
                DrawWrapped(message, ScreenLayout.PanelX + Margin, 40, PanelColumns, 8, Palette.Text);
            }
        }

        /// <summary>Panel: "working…" over whatever result was there (the previous result stays readable).</summary>
        public void DrawWorking()
        {
            _screen.FillRect(ScreenLayout.PanelX, 0, ScreenLayout.PanelWidth, LineHeight, Palette.Background);
            _screen.DrawText("WORKING", ScreenLayout.PanelX + Margin, Margin, ScreenLayout.TextSize, Palette.Warn);
        }

        /// <summary>Panel: one digit large, its confidence, the top 3, the inference time and the 28×28 input.</summary>
        /// <param name="digit">The result.</param>
        /// <param name="elapsedMs">Inference time, ms.</param>
        public void DrawSingleResult(RecognizedDigit digit, int elapsedMs)
        {
            ClearPanel();
            int x = ScreenLayout.PanelX + Margin;
            int color = digit.IsUnsure ? Palette.Warn : Palette.Good;
            _screen.DrawText(digit.IsUnsure ? "NOT SURE" : "RESULT", x, Margin, ScreenLayout.TextSize, color);
            _screen.DrawText(digit.IsUnsure ? "?" : digit.Digit.ToString(), x, ScreenLayout.PreviewY, ScreenLayout.DigitSize, color);
            _screen.DrawGrayImage(ScreenLayout.PreviewX, ScreenLayout.PreviewY, digit.Input, 28, 28, ScreenLayout.PreviewScale);
            _screen.DrawText(PercentText(digit.Confidence), x, 82, ScreenLayout.TextSize, color);
            for (int k = 0; k < 3; k++)
            {
                _screen.DrawText(digit.Top[k] + " " + PercentText(digit.TopConfidence[k]), x, 104 + k * LineHeight, ScreenLayout.TextSize, k == 0 ? Palette.Text : Palette.Dim);
            }

            _screen.DrawText(elapsedMs + " MS", x, 162, ScreenLayout.TextSize, Palette.Dim);
        }

        /// <summary>Panel: the recognized sequence, each digit's confidence, the time and the inputs: all of them up to
        /// <see cref="ScreenLayout.PreviewSlots"/> digits, else the first ones and a "+N" marker for the hidden rest.</summary>
        /// <param name="recognizer">Holds the digits.</param>
        /// <param name="count">Number of digits, ≥ 1.</param>
        /// <param name="elapsedMs">Inference time, ms.</param>
        public void DrawMultiResult(InkRecognizer recognizer, int count, int elapsedMs)
        {
            ClearPanel();
            int x = ScreenLayout.PanelX + Margin;
            _screen.DrawText("MULTI", x, Margin, ScreenLayout.TextSize, Palette.Good);
            int size = count <= 3 ? 35 : (count <= 4 ? 28 : 14);
            int advance = BlockFont.Advance * BlockFont.ScaleFor(size);
            int shown = count * advance <= ScreenLayout.PanelWidth - Margin ? count : (ScreenLayout.PanelWidth - Margin) / advance;
            for (int i = 0; i < shown; i++)
            {
                RecognizedDigit d = recognizer.GetDigit(i);
                _screen.DrawText(d.IsUnsure ? "?" : d.Digit.ToString(), x + i * advance, 22, size, d.IsUnsure ? Palette.Warn : Palette.Good);
            }

            int lines = count < 4 ? count : 4;
            for (int i = 0; i < lines; i++)
            {
                RecognizedDigit d = recognizer.GetDigit(i);
                _screen.DrawText(d.Digit + " " + PercentText(d.Confidence), x, 64 + i * 16, ScreenLayout.TextSize, d.IsUnsure ? Palette.Warn : Palette.Text);
            }

            _screen.DrawText(elapsedMs + " MS", x, 134, ScreenLayout.TextSize, Palette.Dim);
            int previews = ScreenLayout.PreviewsShown(count);
            for (int i = 0; i < previews; i++)
            {
                _screen.DrawGrayImage(ScreenLayout.PreviewSlotX(i), ScreenLayout.PreviewRowY, recognizer.GetDigit(i).Input, 28, 28, 1);
            }

            if (previews < count)
            {
                DrawHiddenMarker(ScreenLayout.PreviewSlotX(previews), ScreenLayout.PreviewRowY, count - previews);
            }
        }

        /// <summary>The text of the marker that stands in the last preview slot for the inputs not shown, e.g. "+2".</summary>
        /// <param name="hidden">Inputs without a preview, ≥ 1.</param>
        /// <returns>The marker text.</returns>
        public static string HiddenPreviewText(int hidden)
        {
            return "+" + hidden;
        }

        private void DrawHiddenMarker(int x, int y, int hidden)
        {
            // A 28×28 frame like a preview's, so it reads as "more inputs here", with the count centred in it.
            _screen.FillRect(x, y, 28, 28, Palette.Line);
            _screen.FillRect(x + 1, y + 1, 26, 26, Palette.Background);
            string text = HiddenPreviewText(hidden);
            int size = BlockFont.MeasureWidth(text, ScreenLayout.TextSize) <= 24 ? ScreenLayout.TextSize : ScreenLayout.SmallTextSize;
            int width = BlockFont.MeasureWidth(text, size);
            _screen.DrawText(text, x + (28 - width) / 2, y + (28 - size) / 2, size, Palette.Dim);
        }

        /// <summary>Panel: the teach keypad, ten digit keys of <see cref="ScreenLayout.KeyWidth"/>×<see cref="ScreenLayout.KeyHeight"/>
        /// pixels covering the panel; the key of the digit as read now is drawn in the "good" color (tap it to confirm).</summary>
        /// <param name="highlight">The digit currently assigned, 0..9.</param>
        public void DrawKeypad(int highlight)
        {
            for (int d = 0; d < 10; d++)
            {
                int x = ScreenLayout.KeyX(d);
                int y = ScreenLayout.KeyY(d);
                _screen.FillRect(x, y, ScreenLayout.KeyWidth, ScreenLayout.KeyHeight, Palette.Line);
                _screen.FillRect(x + 2, y + 2, ScreenLayout.KeyWidth - 4, ScreenLayout.KeyHeight - 4, d == highlight ? Palette.Good : Palette.Button);
                string label = d.ToString();
                int width = BlockFont.MeasureWidth(label, KeySize);
                _screen.DrawText(label, x + (ScreenLayout.KeyWidth - width) / 2, y + (ScreenLayout.KeyHeight - KeySize) / 2, KeySize, d == highlight ? Palette.Background : Palette.Text);
            }
        }

        /// <summary>Panel: collect mode, the digit to draw next (large) and how many drawings were recorded.</summary>
        /// <param name="prompt">The digit asked for, 0..9.</param>
        /// <param name="saved">Drawings recorded in this collect session.</param>
        public void DrawCollect(int prompt, int saved)
        {
            ClearPanel();
            int x = ScreenLayout.PanelX + Margin;
            _screen.DrawText("COLLECT", x, Margin, ScreenLayout.TextSize, Palette.Warn);
            _screen.DrawText("DRAW", x, 30, ScreenLayout.TextSize, Palette.Text);
            _screen.DrawText(prompt.ToString(), x + 24, 56, ScreenLayout.DigitSize, Palette.Good);
            _screen.DrawText("SAVED " + saved, x, 130, ScreenLayout.TextSize, Palette.Dim);
            DrawHint("TAP TO EXIT", Palette.Dim);
        }

        /// <summary>Panel: one line of small text (cap height 7 px) at the bottom, e.g. "TAP TO TEACH".</summary>
        /// <param name="text">Shown up to <see cref="HintColumns"/> characters (the rest is cut).</param>
        /// <param name="color">0xRRGGBB.</param>
        public void DrawHint(string text, int color)
        {
            _screen.FillRect(ScreenLayout.PanelX + 1, HintY - 1, ScreenLayout.PanelWidth - 1, ScreenLayout.PanelHeight - HintY + 1, Palette.Background);
            _screen.DrawText(text.Length > HintColumns ? text.Substring(0, HintColumns) : text, ScreenLayout.PanelX + Margin, HintY, ScreenLayout.SmallTextSize, color);
        }

        /// <summary>"97.0%" for 970 permille.</summary>
        /// <param name="permille">0..1000.</param>
        /// <returns>The text.</returns>
        public static string PercentText(int permille)
        {
            return Percent(permille, 10);
        }

        private static string Percent(int value, int divisor)
        {
            // value / divisor percent, with as many decimals as the divisor has zeros (10 → 1, 100 → 2).
            string fraction = (value % divisor).ToString();
            while (fraction.Length < divisor.ToString().Length - 1)
            {
                fraction = "0" + fraction;
            }

            return (value / divisor) + "." + fraction + "%";
        }

        private void ClearPanel()
        {
            _screen.FillRect(ScreenLayout.PanelX, 0, ScreenLayout.PanelWidth, ScreenLayout.PanelHeight, Palette.Background);
            _screen.FillRect(ScreenLayout.PanelX, 0, 1, ScreenLayout.PanelHeight, Palette.Line);
        }

        private void DrawButton(AppButton button, string label)
        {
            int x = ScreenLayout.ButtonX(button);
            _screen.FillRect(x, ScreenLayout.ButtonY, ScreenLayout.ButtonWidth, ScreenLayout.ButtonHeight, Palette.Line);
            _screen.FillRect(x + 2, ScreenLayout.ButtonY + 2, ScreenLayout.ButtonWidth - 4, ScreenLayout.ButtonHeight - 4, Palette.Button);
            int width = BlockFont.MeasureWidth(label, ScreenLayout.TextSize);
            _screen.DrawText(label, x + (ScreenLayout.ButtonWidth - width) / 2, ScreenLayout.ButtonY + (ScreenLayout.ButtonHeight - ScreenLayout.TextSize) / 2, ScreenLayout.TextSize, Palette.Text);
        }

        private void DrawWrapped(string text, int x, int y, int columns, int maxLines, int color)
        {
            int start = 0;
            int line = 0;
            while (start < text.Length && line < maxLines)
            {
                int end = start + columns;
                if (end >= text.Length)
                {
                    end = text.Length;
                }
                else
                {
                    int space = end;
                    while (space > start && text[space] != ' ')
                    {
                        space--;
                    }

                    if (space > start)
                    {
                        end = space;
                    }
                }

                _screen.DrawText(text.Substring(start, end - start), x, y + line * LineHeight, ScreenLayout.TextSize, color);
                start = end;
                while (start < text.Length && text[start] == ' ')
                {
                    start++;
                }

                line++;
            }
        }

        private void DrawStroke(StrokeBuffer ink, int s)
        {
            int start = ink.GetStrokeStart(s);
            int length = ink.GetStrokeLength(s);
            if (length > 0)
            {
                DrawDot(ink.GetX(start), ink.GetY(start));
            }

            for (int p = start + 1; p < start + length; p++)
            {
                DrawSegment(ink.GetX(p - 1), ink.GetY(p - 1), ink.GetX(p), ink.GetY(p));
            }
        }

        // The box outline DrawBox draws: the digit's box widened past the pen's half width, clamped to the pad.
        private static int OutlineLeft(RecognizedDigit digit)
        {
            return Clamp(digit.BoxLeft - OutlineGap, 0, ScreenLayout.PadWidth - 1);
        }

        private static int OutlineTop(RecognizedDigit digit)
        {
            return Clamp(digit.BoxTop - OutlineGap, 0, ScreenLayout.PadHeight - 1);
        }

        private static int OutlineRight(RecognizedDigit digit)
        {
            return Clamp(digit.BoxRight + OutlineGap, 0, ScreenLayout.PadWidth - 1);
        }

        private static int OutlineBottom(RecognizedDigit digit)
        {
            return Clamp(digit.BoxBottom + OutlineGap, 0, ScreenLayout.PadHeight - 1);
        }

        /// <summary>Side 0..3 (top, bottom, left, right) of the selection frame around <paramref name="digit"/>'s
        /// outline, clipped to the pad; false when nothing of it is left.</summary>
        private static bool SelectionStrip(RecognizedDigit digit, int side, out int x, out int y, out int width, out int height)
        {
            int t = ScreenLayout.SelectionThickness;
            int left = OutlineLeft(digit);
            int top = OutlineTop(digit);
            int right = OutlineRight(digit);
            int bottom = OutlineBottom(digit);
            if (side < 2)
            {
                x = left - t + 1;
                y = side == 0 ? top - t + 1 : bottom;
                width = right - left + 2 * t - 1;
                height = t;
            }
            else
            {
                x = side == 2 ? left - t + 1 : right;
                y = top;
                width = t;
                height = bottom - top + 1;
            }

            if (x < ScreenLayout.PadX) { width -= ScreenLayout.PadX - x; x = ScreenLayout.PadX; }
            if (y < ScreenLayout.PadY) { height -= ScreenLayout.PadY - y; y = ScreenLayout.PadY; }
            if (x + width > ScreenLayout.PadX + ScreenLayout.PadWidth) { width = ScreenLayout.PadX + ScreenLayout.PadWidth - x; }
            if (y + height > ScreenLayout.PadY + ScreenLayout.PadHeight) { height = ScreenLayout.PadY + ScreenLayout.PadHeight - y; }
            return width > 0 && height > 0;
        }

        private static int Clamp(int value, int min, int max)
        {
            return value < min ? min : (value > max ? max : value);
        }
    }
}
