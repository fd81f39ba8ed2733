using System;
using EdgeDigits.Runtime;

namespace EdgeDigits.Ink
{
    /// <summary>
    /// Recognizes a whole drawing: splits it into digits (<see cref="DigitSegmenter"/>), normalizes each to the MNIST
    /// input (<see cref="InkNormalizer"/>) and runs LeNet-5 on it. Everything is allocated in the constructor;
    /// <see cref="Recognize"/> allocates nothing (unless a buffer with more strokes than provisioned is passed once).
    /// </summary>
    /// <remarks>Not thread-safe: one instance serves one caller, and the results are overwritten by the next call.</remarks>
    public sealed class InkRecognizer
    {
        /// <summary>Default number of strokes provisioned for.</summary>
        public const int DefaultMaxStrokes = 64;

        /// <summary>Default <see cref="UnsureThreshold"/>, in permille.</summary>
        public const int DefaultUnsureThreshold = 600;

        private readonly LeNet5 _engine;
        private readonly DigitSegmenter _segmenter;
        private readonly InkNormalizer _normalizer = new InkNormalizer();
        private readonly RecognizedDigit[] _digits;
        private int _digitCount;
        private int _unsureThreshold = DefaultUnsureThreshold;

        /// <summary>Creates a recognizer provisioned for <see cref="DefaultMaxStrokes"/> strokes.</summary>
        /// <param name="engine">The LeNet-5 engine.</param>
        /// <param name="maxDigits">Maximum number of digits per drawing, at least 1.</param>
        /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDigits"/> is below 1.</exception>
        public InkRecognizer(LeNet5 engine, int maxDigits)
            : this(engine, maxDigits, DefaultMaxStrokes)
        {
        }

        /// <summary>Creates a recognizer.</summary>
        /// <param name="engine">The LeNet-5 engine.</param>
        /// <param name="maxDigits">Maximum number of digits per drawing, at least 1.</param>
        /// <param name="maxStrokes">Number of strokes provisioned for (use the stroke buffer's MaxStrokes).</param>
        /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDigits"/> or <paramref name="maxStrokes"/> is below 1.</exception>
        public InkRecognizer(LeNet5 engine, int maxDigits, int maxStrokes)
        {
            if (engine == null)
            {
                throw new ArgumentNullException("engine");
            }

            _engine = engine;
            _segmenter = new DigitSegmenter(maxStrokes, maxDigits);
            _digits = new RecognizedDigit[maxDigits];
            for (int i = 0; i < maxDigits; i++)
            {
                _digits[i] = new RecognizedDigit();
            }
        }

        /// <summary>Gets the maximum number of digits per drawing.</summary>
        public int MaxDigits
        {
            get { return _digits.Length; }
        }

        /// <summary>Gets the number of digits found by the last <see cref="Recognize"/>.</summary>
        public int DigitCount
        {
            get { return _digitCount; }
        }

        /// <summary>Gets the segmenter (its thresholds may be tuned).</summary>
        public DigitSegmenter Segmenter
        {
            get { return _segmenter; }
        }

        /// <summary>Gets the normalizer (pen width, minimum extent, centre-of-mass target may be tuned).</summary>
        public InkNormalizer Normalizer
        {
            get { return _normalizer; }
        }

        /// <summary>Gets the engine.</summary>
        public LeNet5 Engine
        {
            get { return _engine; }
        }

        /// <summary>
        /// Gets or sets the confidence, in permille, below which a digit is flagged <see cref="RecognizedDigit.IsUnsure"/>
        /// (default 600).
        /// </summary>
        public int UnsureThreshold
        {
            get { return _unsureThreshold; }
            set { _unsureThreshold = value < 0 ? 0 : (value > 1001 ? 1001 : value); }
        }

        /// <summary>Recognizes the digits of a drawing, left to right.</summary>
        /// <param name="ink">The drawing, canvas pixels.</param>
        /// <param name="multiDigit">True: split into up to <see cref="MaxDigits"/> digits; false: the whole drawing is one digit.</param>
        /// <returns>The number of digits, 0 for an empty drawing.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="ink"/> is null.</exception>
        public int Recognize(StrokeBuffer ink, bool multiDigit)
        {
            if (ink == null)
            {
                throw new ArgumentNullException("ink");
            }

            int count = _segmenter.Segment(ink, multiDigit);
            int[] groups = _segmenter.StrokeGroups;
            for (int g = 0; g < count; g++)
            {
                RecognizedDigit digit = _digits[g];
                _normalizer.Normalize(ink, groups, g, digit.Input);
                _engine.Run(digit.Input);
                digit.Digit = _engine.PredictedClass;
                digit.Confidence = _engine.TopConfidence;
                for (int r = 0; r < 3; r++)
                {
                    digit.Top[r] = _engine.Ranking[r];
                    digit.TopConfidence[r] = _engine.Confidences[_engine.Ranking[r]];
                }

                digit.BoxLeft = _segmenter.GetLeft(g);
                digit.BoxTop = _segmenter.GetTop(g);
                digit.BoxRight = _segmenter.GetRight(g);
                digit.BoxBottom = _segmenter.GetBottom(g);
                digit.StrokeCount = _segmenter.GetStrokeCount(g);
                digit.IsUnsure = digit.Confidence < _unsureThreshold || _normalizer.LastWasDot;
            }

            _digitCount = count;
            return count;
        }

        /// <summary>One digit of the last <see cref="Recognize"/>, left to right.</summary>
        /// <param name="index">0 ≤ index &lt; <see cref="DigitCount"/>.</param>
        /// <returns>The preallocated result object (overwritten by the next call).</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
        public RecognizedDigit GetDigit(int index)
        {
            if (index < 0 || index >= _digitCount)
            {
                throw new ArgumentOutOfRangeException("index", "Digit " + index + " is out of range 0.." + (_digitCount - 1) + ".");
            }

            return _digits[index];
        }
    }
}
