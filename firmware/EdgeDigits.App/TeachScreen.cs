namespace EdgeDigits.App
{
    /// <summary>
    /// The teach keypad over the result panel (layout in <see cref="ScreenLayout"/>: 2 × 5 keys of 50×40 pixels). It
    /// labels one digit of the result at a time; the key of the digit's current label is highlighted, so tapping it
    /// confirms and tapping another corrects.
    /// </summary>
    public sealed class TeachScreen
    {
        private readonly AppRenderer _renderer;
        private bool _open;
        private int _index;

        /// <summary>Creates the screen.</summary>
        /// <param name="renderer">Where to draw.</param>
        public TeachScreen(AppRenderer renderer)
        {
            _renderer = renderer;
        }

        /// <summary>The keypad is shown.</summary>
        public bool IsOpen
        {
            get { return _open; }
        }

        /// <summary>Which digit of the result the next key labels.</summary>
        public int DigitIndex
        {
            get { return _index; }
        }

        /// <summary>Shows the keypad for digit <paramref name="index"/>.</summary>
        /// <param name="index">Digit index in the result.</param>
        /// <param name="label">Its current label, 0..9 (highlighted).</param>
        public void Open(int index, int label)
        {
            _open = true;
            _index = index;
            _renderer.DrawKeypad(label);
        }

        /// <summary>Forgets the keypad (the caller redraws the panel).</summary>
        public void Close()
        {
            _open = false;
        }
    }
}
