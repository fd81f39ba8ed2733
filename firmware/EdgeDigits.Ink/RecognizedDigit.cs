namespace EdgeDigits.Ink
{
    /// <summary>
    /// One recognized digit of a drawing. Instances are preallocated by <see cref="InkRecognizer"/> and reused by
    /// every <see cref="InkRecognizer.Recognize"/> call, so read them before the next call.
    /// </summary>
    public sealed class RecognizedDigit
    {
        /// <summary>Predicted digit, 0..9.</summary>
        public int Digit;

        /// <summary>Confidence of <see cref="Digit"/>, in permille (0..1000).</summary>
        public int Confidence;

        /// <summary>The three most likely digits, best first.</summary>
        public readonly int[] Top = new int[3];

        /// <summary>Confidence of each entry of <see cref="Top"/>, in permille.</summary>
        public readonly int[] TopConfidence = new int[3];

        /// <summary>Left edge of the digit's bounding box (stroke centre lines), in canvas pixels, inclusive.</summary>
        public int BoxLeft;

        /// <summary>Top edge of the digit's bounding box, in canvas pixels, inclusive.</summary>
        public int BoxTop;

        /// <summary>Right edge of the digit's bounding box, in canvas pixels, inclusive.</summary>
        public int BoxRight;

        /// <summary>Bottom edge of the digit's bounding box, in canvas pixels, inclusive.</summary>
        public int BoxBottom;

        /// <summary>The normalized input the network saw: [28·28] row-major, 0 = background, 255 = ink.</summary>
        public readonly byte[] Input = new byte[784];

        /// <summary>
        /// True when the network's confidence is below <see cref="InkRecognizer.UnsureThreshold"/>, or when the
        /// digit's ink is a dot (see <see cref="InkNormalizer.MinExtent"/>): the UI should say "not sure".
        /// </summary>
        public bool IsUnsure;

        /// <summary>Number of strokes that make up this digit.</summary>
        public int StrokeCount;
    }
}
