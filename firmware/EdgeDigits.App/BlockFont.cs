namespace EdgeDigits.App
{
    /// <summary>
    /// A 5×7 block font (digits, upper-case letters and the punctuation the app shows), drawn as filled rectangles
    /// so every screen can render text without font resources. Designed for this project.
    /// </summary>
    /// <remarks>
    /// A glyph is 7 rows of 5 bits, bit 4 = leftmost column. At size s (a multiple of 7) every font pixel becomes an
    /// (s/7)×(s/7) block; characters advance 6 blocks (one blank column). Lower case maps to upper case; any other
    /// character missing from the table is drawn as '?'.
    /// </remarks>
    public static class BlockFont
    {
        /// <summary>Glyph height in font pixels.</summary>
        public const int GlyphHeight = 7;

        /// <summary>Glyph width in font pixels.</summary>
        public const int GlyphWidth = 5;

        /// <summary>Horizontal advance per character in font pixels (glyph plus one blank column).</summary>
        public const int Advance = 6;

        private const string Characters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .,:-+=/%()?!_#<>'*";

        private static readonly byte[] Rows =
        {
            0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110, // 0
            0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110, // 1
            0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111, // 2
            0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110, // 3
            0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010, // 4
            0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110, // 5
            0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110, // 6
            0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000, // 7
            0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110, // 8
            0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100, // 9
            0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001, // A
            0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110, // B
            0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110, // C
            0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110, // D
            0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111, // E
            0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000, // F
            0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111, // G
            0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001, // H
            0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110, // I
            0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100, // J
            0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001, // K
            0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111, // L
            0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001, // M
            0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001, // N
            0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110, // O
            0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000, // P
            0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101, // Q
            0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001, // R
            0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110, // S
            0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, // T
            0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110, // U
            0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100, // V
            0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010, // W
            0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001, // X
            0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100, // Y
            0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111, // Z
            0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, //  
            0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100, // .
            0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b00100, 0b01000, // ,
            0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000, // :
            0b00000, 0b00000, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000, // -
            0b00000, 0b00100, 0b00100, 0b11111, 0b00100, 0b00100, 0b00000, // +
            0b00000, 0b00000, 0b11111, 0b00000, 0b11111, 0b00000, 0b00000, // =
            0b00001, 0b00010, 0b00010, 0b00100, 0b01000, 0b01000, 0b10000, // /
            0b11000, 0b11001, 0b00010, 0b00100, 0b01000, 0b10011, 0b00011, // %
            0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00100, 0b00010, // (
            0b01000, 0b00100, 0b00010, 0b00010, 0b00010, 0b00100, 0b01000, // )
            0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b00000, 0b00100, // ?
            0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00000, 0b00100, // !
            0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b11111, // _
            0b01010, 0b01010, 0b11111, 0b01010, 0b11111, 0b01010, 0b01010, // #
            0b00010, 0b00100, 0b01000, 0b10000, 0b01000, 0b00100, 0b00010, // <
            0b01000, 0b00100, 0b00010, 0b00001, 0b00010, 0b00100, 0b01000, // >
            0b00100, 0b00100, 0b01000, 0b00000, 0b00000, 0b00000, 0b00000, // '
            0b00000, 0b00100, 0b10101, 0b01110, 0b10101, 0b00100, 0b00000, // *
        };

        /// <summary>Most runs of set bits in a 5-bit glyph row (0b10101).</summary>
        private const int MaxRuns = 3;

        /// <summary>Runs of set bits per row pattern, [32]: pattern = a glyph row, bit 4 = column 0.</summary>
        private static readonly byte[] RunCount = new byte[1 << GlyphWidth];

        /// <summary>First column of run k of pattern b, [32·3], flat b·3 + k.</summary>
        private static readonly byte[] RunStart = new byte[(1 << GlyphWidth) * MaxRuns];

        /// <summary>Columns of run k of pattern b, [32·3], flat b·3 + k.</summary>
        private static readonly byte[] RunLength = new byte[(1 << GlyphWidth) * MaxRuns];

        /// <summary>Fills the run tables from the row patterns themselves, once, at class load.</summary>
        static BlockFont()
        {
            for (int bits = 0; bits < 1 << GlyphWidth; bits++)
            {
                int runs = 0;
                int column = 0;
                while (column < GlyphWidth)
                {
                    if (!IsSet(bits, column))
                    {
                        column++;
                        continue;
                    }

                    int start = column;
                    while (column < GlyphWidth && IsSet(bits, column))
                    {
                        column++;
                    }

                    RunStart[bits * MaxRuns + runs] = (byte)start;
                    RunLength[bits * MaxRuns + runs] = (byte)(column - start);
                    runs++;
                }

                RunCount[bits] = (byte)runs;
            }
        }

        /// <summary>Font-pixel scale for a cap height: <c>max(1, size / 7)</c>.</summary>
        /// <param name="size">Cap height in pixels.</param>
        /// <returns>The block size in screen pixels.</returns>
        public static int ScaleFor(int size)
        {
            int scale = size / GlyphHeight;
            return scale < 1 ? 1 : scale;
        }

        /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="size"/>, without the trailing blank column.</summary>
        /// <param name="text">The text; null counts as empty.</param>
        /// <param name="size">Cap height in pixels.</param>
        /// <returns>Width in pixels, 0 for empty text.</returns>
        public static int MeasureWidth(string text, int size)
        {
            if (text == null || text.Length == 0)
            {
                return 0;
            }

            return (text.Length * Advance - 1) * ScaleFor(size);
        }

        /// <summary>Draws <paramref name="text"/> on <paramref name="screen"/> with <see cref="IScreen.FillRect"/> calls, one per horizontal run of set bits.</summary>
        /// <param name="screen">Target surface.</param>
        /// <param name="text">The text; null draws nothing.</param>
        /// <param name="x">Left edge, in pixels.</param>
        /// <param name="y">Top edge, in pixels.</param>
        /// <param name="size">Cap height in pixels.</param>
        /// <param name="color">0xRRGGBB.</param>
        /// <remarks>Runs are taken from <see cref="RunStart"/>/<see cref="RunLength"/>, precomputed for the 32 row patterns:
        /// a glyph row costs a table read and one call per run instead of a test per column (about half the IL of a
        /// result panel's text, counted by <c>edgedigits bench</c>). Rectangles and their order are those of a
        /// column-by-column scan: rows top to bottom, runs left to right.</remarks>
        public static void Draw(IScreen screen, string text, int x, int y, int size, int color)
        {
            if (text == null)
            {
                return;
            }

            int scale = ScaleFor(size);
            byte[] rows = Rows;
            byte[] runCount = RunCount;
            byte[] runStart = RunStart;
            byte[] runLength = RunLength;
            for (int i = 0; i < text.Length; i++)
            {
                int glyph = GlyphIndex(text[i]) * GlyphHeight;
                int left = x + i * Advance * scale;
                int top = y;
                for (int row = 0; row < GlyphHeight; row++, top += scale)
                {
                    int bits = rows[glyph + row];
                    int first = bits * MaxRuns;
                    int end = first + runCount[bits];
                    for (int r = first; r < end; r++)
                    {
                        screen.FillRect(left + runStart[r] * scale, top, runLength[r] * scale, scale, color);
                    }
                }
            }
        }

        /// <summary>Whether font pixel (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="c"/> is set.</summary>
        /// <param name="c">Character.</param>
        /// <param name="column">0..4, left to right.</param>
        /// <param name="row">0..6, top to bottom.</param>
        /// <returns>True when the pixel is ink.</returns>
        public static bool IsPixelSet(char c, int column, int row)
        {
            return IsSet(Rows[GlyphIndex(c) * GlyphHeight + row], column);
        }

        private static bool IsSet(int bits, int column)
        {
            return (bits & (1 << (GlyphWidth - 1 - column))) != 0;
        }

        private static int GlyphIndex(char c)
        {
            if (c >= 'a' && c <= 'z')
            {
                c = (char)(c - 'a' + 'A');
            }

            int index = Characters.IndexOf(c);
            return index >= 0 ? index : Characters.IndexOf('?');
        }
    }
}
