namespace EdgeDigits.App
{
    /// <summary>The app's colors, 0xRRGGBB.</summary>
    public static class Palette
    {
        /// <summary>Screen and panel background.</summary>
        public const int Background = 0x101820;

        /// <summary>Drawing pad (paper).</summary>
        public const int Pad = 0xFFFFFF;

        /// <summary>Ink on the pad.</summary>
        public const int Ink = 0x101010;

        /// <summary>Ordinary text on the background.</summary>
        public const int Text = 0xE8EEF4;

        /// <summary>Secondary text (labels, timings).</summary>
        public const int Dim = 0x8A9AAC;

        /// <summary>A confident result and "model OK".</summary>
        public const int Good = 0x3DDC84;

        /// <summary>"Not sure" and "working".</summary>
        public const int Warn = 0xFFB020;

        /// <summary>Failures.</summary>
        public const int Error = 0xFF5050;

        /// <summary>Button face.</summary>
        public const int Button = 0x2D3A4A;

        /// <summary>Separator lines and button borders.</summary>
        public const int Line = 0x4A5A6C;

        /// <summary>Digit boxes drawn on the pad in multi-digit mode.</summary>
        public const int Box = 0x1E88E5;

        /// <summary>Teach mode: the frame around the digit box the keypad labels now (orange: stands out from the blue
        /// boxes and the black ink on the white pad).</summary>
        public const int Selected = 0xFF6D00;
    }
}
