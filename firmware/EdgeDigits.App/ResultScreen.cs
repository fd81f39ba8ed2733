using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// The result panel (one digit with its top 3 and input, or the multi-digit sequence with a box per digit on the
    /// pad) and the labels the user gives it in teach mode: each digit starts labelled as read (its top class, also
    /// when "not sure") and a teach key replaces one label.
    /// </summary>
    public sealed class ResultScreen
    {
        private readonly AppRenderer _renderer;
        private readonly int[] _labels = new int[TeachLine.MaxLabelLength];
        private InkRecognizer _recognizer;
        private int _count;
        private bool _multi;
        private int _elapsedMs;
        private AppState _state = AppState.Ready;
        private int _selected = -1;

        /// <summary>Creates the screen.</summary>
        /// <param name="renderer">Where to draw.</param>
        public ResultScreen(AppRenderer renderer)
        {
            _renderer = renderer;
        }

        /// <summary>Digits in the last shown result (0 = nothing found).</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Inference time of the last shown result, ms.</summary>
        public int ElapsedMs
        {
            get { return _elapsedMs; }
        }

        /// <summary>The last result was multi-digit.</summary>
        public bool MultiDigit
        {
            get { return _multi; }
        }

        /// <summary>Multi-digit teach: the digit whose box is framed on the pad as the one being taught, or −1 for none.</summary>
        public int SelectedIndex
        {
            get { return _selected; }
        }

        /// <summary>The state the last result put the app in (Result, NotSure or MultiResult).</summary>
        public AppState State
        {
            get { return _state; }
        }

        /// <summary>Records that a recognition found nothing (the panel says so elsewhere).</summary>
        /// <param name="elapsedMs">Inference time, ms.</param>
        public void ShowNothing(int elapsedMs)
        {
            _count = 0;
            _elapsedMs = elapsedMs;
        }

        /// <summary>Shows a result and labels each digit as read.</summary>
        /// <param name="recognizer">Holds the digits.</param>
        /// <param name="count">Digits, ≥ 1.</param>
        /// <param name="multiDigit">Multi-digit mode.</param>
        /// <param name="elapsedMs">Inference time, ms.</param>
        /// <param name="ink">The ink the result is for (redrawn under the boxes in multi-digit mode).</param>
        /// <returns>The app state now shown.</returns>
        public AppState Show(InkRecognizer recognizer, int count, bool multiDigit, int elapsedMs, StrokeBuffer ink)
        {
            _recognizer = recognizer;
            _count = count < _labels.Length ? count : _labels.Length;
            _multi = multiDigit;
            _elapsedMs = elapsedMs;
            for (int i = 0; i < _count; i++)
            {
                _labels[i] = recognizer.GetDigit(i).Digit;
            }

            _state = !multiDigit ? (recognizer.GetDigit(0).IsUnsure ? AppState.NotSure : AppState.Result) : AppState.MultiResult;
            Draw(ink, "TAP TO TEACH");
            return _state;
        }

        /// <summary>Draws the result again (after the keypad covered it) with a note at the bottom.</summary>
        /// <param name="ink">The ink.</param>
        /// <param name="note">Small text, e.g. "SAVED AS 42".</param>
        public void Draw(StrokeBuffer ink, string note)
        {
            _selected = -1;   // the pad is drawn afresh, without a frame
            if (!_multi)
            {
                _renderer.DrawSingleResult(_recognizer.GetDigit(0), _elapsedMs);
            }
            else
            {
                _renderer.DrawInk(ink);
                for (int i = 0; i < _count; i++)
                {
                    _renderer.DrawBox(_recognizer.GetDigit(i));
                }

                _renderer.DrawMultiResult(_recognizer, _count, _elapsedMs);
            }

            _renderer.DrawHint(note, Palette.Dim);
        }

        /// <summary>Multi-digit teach: frames digit <paramref name="index"/>'s box on the pad as the one the keypad labels
        /// (<see cref="AppRenderer.DrawSelection"/>), taking the frame off the previously selected digit first; −1 only
        /// takes it off. Does nothing for a single-digit result (no boxes on the pad, one digit to teach).</summary>
        /// <param name="index">0..<see cref="Count"/> − 1, or −1.</param>
        /// <param name="ink">The ink on the pad (strokes under the old frame are drawn again).</param>
        public void Select(int index, StrokeBuffer ink)
        {
            if (!_multi || index == _selected || index >= _count)
            {
                return;
            }

            if (_selected >= 0)
            {
                _renderer.EraseSelection(_recognizer.GetDigit(_selected), ink);
                for (int i = 0; i < _count; i++)
                {
                    _renderer.DrawBox(_recognizer.GetDigit(i));
                }
            }

            _selected = index;
            if (index >= 0)
            {
                _renderer.DrawSelection(_recognizer.GetDigit(index));
            }
        }

        /// <summary>Which digit a panel tap picks for teaching: the one under it in the multi-digit row, else the first.</summary>
        /// <param name="x">Screen x, pixels.</param>
        /// <param name="y">Screen y, pixels.</param>
        /// <returns>The digit index, 0..<see cref="Count"/> − 1.</returns>
        public int DigitAt(int x, int y)
        {
            int index = _multi ? ScreenLayout.ResultDigitAt(x, y, _count) : -1;
            return index < 0 ? 0 : index;
        }

        /// <summary>The label of digit <paramref name="index"/>, 0..9.</summary>
        /// <param name="index">0..<see cref="Count"/> − 1.</param>
        /// <returns>The digit.</returns>
        public int LabelAt(int index)
        {
            return _labels[index];
        }

        /// <summary>Relabels digit <paramref name="index"/>.</summary>
        /// <param name="index">0..<see cref="Count"/> − 1.</param>
        /// <param name="digit">0..9.</param>
        public void SetLabel(int index, int digit)
        {
            _labels[index] = digit;
        }

        /// <summary>The labels as a string of digits, e.g. "42".</summary>
        /// <returns>The label text.</returns>
        public string Label()
        {
            string text = "";
            for (int i = 0; i < _count; i++)
            {
                text += _labels[i].ToString();
            }

            return text;
        }
    }
}
