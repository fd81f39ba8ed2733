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

        /// <summary>
        /// Default <see cref="UnsureThreshold"/>, in permille: "not sure" when the calibrated confidence leaves more than
        /// a one-in-five chance that the answer is wrong. The shipped model's softmax is temperature-scaled, so the
        /// confidence is an honest probability; on the real pen digits of the validation writers the shipped model gets
        /// 7 of its 14 wrong answers flagged and 22 of 1,098 right ones (<c>edgedigits evaluate</c> prints the whole
        /// trade-off).
        /// </summary>
        public const int DefaultUnsureThreshold = 800;

        /// <summary>
        /// Default <see cref="MaxArbitrations"/>: extra inferences allowed per drawing to arbitrate groupings (merges cost
        /// one, splits and one-stroke moves two). On the validation writers' composed numbers 1.35 are spent on average.
        /// </summary>
        public const int DefaultMaxArbitrations = 6;

        /// <summary>
        /// A pair of neighbouring digits is doubtful when the gap between their boxes is at most this share of the
        /// drawing height, in permille (100: a tenth of the height, well under the gap people leave between digits).
        /// </summary>
        public const int DoubtfulGapPermille = 100;

        /// <summary>A group shorter than this share of the drawing height, in permille, is a fragment (a bar, a base, a flag), not a digit of its own.</summary>
        public const int FragmentHeightPermille = 500;

        /// <summary>Prior, in permille, that a fragment is a digit of its own: its confidence counts only a quarter.</summary>
        public const int FragmentPriorPermille = 250;

        /// <summary>The merged reading must be this many times less doubtful (error = 1 − confidence) than the split one.</summary>
        public const int MergeOddsFactor = 2;

        /// <summary>
        /// Digits written in a row share a baseline: of two neighbouring parts, one whose bottom lies more than this
        /// share of the drawing height above the other's, in permille (250: a quarter; baselines wander by a few
        /// percent), is a fragment like a short one (<see cref="FragmentPriorPermille"/>); between half this share and
        /// this share it is one by degrees (the prior falls linearly from 1000 ‰). It is the bar of a "4" that stops
        /// short of its stem (the bar, about three quarters down, is the left part's bottom) or a detached flag of a "5".
        /// </summary>
        public const int BaselinePermille = 250;

        private readonly Int8Engine _engine;
        private readonly DigitSegmenter _segmenter;
        private readonly InkNormalizer _normalizer = new InkNormalizer();
        private readonly RecognizedDigit[] _digits;
        private int _digitCount;
        private int _unsureThreshold = DefaultUnsureThreshold;
        private int _maxArbitrations = DefaultMaxArbitrations;
        private readonly byte[] _candidateInput = new byte[InkNormalizer.OutputLength];
        private RecognizedDigit _movedDigit = new RecognizedDigit();
        private readonly int[] _splitBoxes = new int[8];
        private readonly bool[] _settledWithNext;
        private int[] _candidateGroups;
        private int _lastArbitrations;

        /// <summary>Creates a recognizer provisioned for <see cref="DefaultMaxStrokes"/> strokes.</summary>
        /// <param name="engine">The digit engine: a network on [1, 28, 28] images with 10 classes.</param>
        /// <param name="maxDigits">Maximum number of digits per drawing, at least 1.</param>
        /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDigits"/> is below 1.</exception>
        public InkRecognizer(Int8Engine engine, int maxDigits)
            : this(engine, maxDigits, DefaultMaxStrokes)
        {
        }

        /// <summary>Creates a recognizer.</summary>
        /// <param name="engine">The digit engine: a network on [1, 28, 28] images with 10 classes.</param>
        /// <param name="maxDigits">Maximum number of digits per drawing, at least 1.</param>
        /// <param name="maxStrokes">Number of strokes provisioned for (use the stroke buffer's MaxStrokes).</param>
        /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
        /// <exception cref="ArgumentException">The engine's network does not take a [1, 28, 28] image or does not yield 10 classes.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDigits"/> or <paramref name="maxStrokes"/> is below 1.</exception>
        public InkRecognizer(Int8Engine engine, int maxDigits, int maxStrokes)
        {
            if (engine == null)
            {
                throw new ArgumentNullException("engine");
            }

            Int8Network network = engine.Network;
            if (network.InputChannels != 1 || network.InputHeight != InkNormalizer.OutputSize || network.InputWidth != InkNormalizer.OutputSize || network.ClassCount != 10)
            {
                throw new ArgumentException("the recognizer feeds [1," + InkNormalizer.OutputSize + "," + InkNormalizer.OutputSize + "] digit images and reads 10 classes; the model '"
                    + network.Name + "' takes [" + network.InputChannels + "," + network.InputHeight + "," + network.InputWidth + "] and yields " + network.ClassCount + ".", "engine");
            }

            _engine = engine;
            _segmenter = new DigitSegmenter(maxStrokes, maxDigits);
            _candidateGroups = new int[maxStrokes];
            _digits = new RecognizedDigit[maxDigits];
            _settledWithNext = new bool[maxDigits];
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
        public Int8Engine Engine
        {
            get { return _engine; }
        }

        /// <summary>
        /// Gets or sets the confidence, in permille, below which a digit is flagged <see cref="RecognizedDigit.IsUnsure"/>
        /// (default <see cref="DefaultUnsureThreshold"/>).
        /// </summary>
        public int UnsureThreshold
        {
            get { return _unsureThreshold; }
            set { _unsureThreshold = value < 0 ? 0 : (value > 1001 ? 1001 : value); }
        }

        /// <summary>
        /// Gets or sets the most extra inferences per drawing spent on arbitrating doubtful groupings (default 6; 0 turns
        /// arbitration off). Each costs one normalization and one LeNet-5 inference (under 0.19 M + 0.62 M IL on the device
        /// with the lean engine, 0.54 M with the fast one; <c>edgedigits bench</c>).
        /// </summary>
        public int MaxArbitrations
        {
            get { return _maxArbitrations; }
            set { _maxArbitrations = value < 0 ? 0 : value; }
        }

        /// <summary>Gets the number of extra inferences the last <see cref="Recognize"/> spent on arbitration.</summary>
        public int LastArbitrations
        {
            get { return _lastArbitrations; }
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
                TakeResult(g, digit);
            }

            _lastArbitrations = 0;
            if (multiDigit && _maxArbitrations > 0)
            {
                // The stroke maps of the candidate readings; a buffer with more strokes than provisioned grows it once.
                if (_candidateGroups.Length < ink.StrokeCount)
                {
                    _candidateGroups = new int[ink.MaxStrokes];
                }

                count = ArbitrateSplits(ink, count);
                if (count > 1)
                {
                    count = Arbitrate(ink, count);
                }

                if (count > 1)
                {
                    ArbitrateMoves(ink, count);
                }
            }

            _digitCount = count;
            return count;
        }

        /// <summary>
        /// Segmentation by recognition: for each doubtful pair of neighbouring digits, left to right, reads the pair's
        /// strokes as one digit and keeps the merged reading when it is at least <see cref="MergeOddsFactor"/> times
        /// less doubtful than the split one. Doubtful: the gap between the boxes is at most
        /// <see cref="DoubtfulGapPermille"/> of the drawing height, or one of the two is a fragment (below, with the full
        /// discount) and the other its nearer neighbour, whatever the gap (a flag of a "5" floating right of the body).
        /// Error of the split reading: 1 − p(left)·p(right), where a fragment (shorter than
        /// <see cref="FragmentHeightPermille"/> of the drawing height, or ending more than <see cref="BaselinePermille"/>
        /// of it above its neighbour) counts with p·<see cref="FragmentPriorPermille"/>, a part ending between half that
        /// and that above its neighbour with a prior between 1 and that (<see cref="BaselinePrior"/>);
        /// error of the merged reading: 1 − p(merged), with p(merged)·<see cref="FragmentPriorPermille"/> when neither
        /// part is discounted at all and the pair looks like two digits: wider than tall, inks that neither cross nor touch, or
        /// exactly one part alone reading the merged digit (the other part then adds nothing to the reading: "71" read as
        /// a confident 7 is the 7 and a 1 beside it). A merged digit is checked again against its new right neighbour. At most <see cref="MaxArbitrations"/> extra inferences.
        /// </summary>
        private int Arbitrate(StrokeBuffer ink, int count)
        {
            long height = _segmenter.DrawingHeight;
            int n = ink.StrokeCount;
            int[] groups = _segmenter.StrokeGroups;
            int[] candidate = _candidateGroups;
            int k = 0;
            while (k + 1 < count && _lastArbitrations < _maxArbitrations)
            {
                // Split reading: both digits as they are, fragments discounted; probabilities in 1/10^9.
                int leftPrior = BaselinePrior(_segmenter.GetBottom(k), _segmenter.GetBottom(k + 1), height, PriorPermille(k, height));
                int rightPrior = BaselinePrior(_segmenter.GetBottom(k + 1), _segmenter.GetBottom(k), height, PriorPermille(k + 1, height));
                long gap = GapAfter(k);
                bool fragmentBesideNearer = (leftPrior == FragmentPriorPermille && (k == 0 || gap <= GapAfter(k - 1)))
                    || (rightPrior == FragmentPriorPermille && (k + 2 >= count || gap <= GapAfter(k + 1)));
                if (_settledWithNext[k] || (gap * 1000 > height * DoubtfulGapPermille && !fragmentBesideNearer))
                {
                    k++;
                    continue;
                }

                long split = (long)Resolved(_digits[k].Confidence) * Resolved(_digits[k + 1].Confidence)
                    * leftPrior * rightPrior / 1000;
                for (int s = 0; s < n; s++)
                {
                    int g = groups[s];
                    candidate[s] = g == k || g == k + 1 ? 0 : -1;
                }

                _normalizer.Normalize(ink, candidate, 0, _candidateInput);
                _engine.Run(_candidateInput);
                _lastArbitrations++;

                // Merged reading: two whole digits merged make a group wider than tall, or two inks that neither cross
                // nor touch, which one digit rarely is; or one part alone already reads the merged digit and the other
                // reads otherwise, so the other adds nothing (not counted when a fragment is involved: the split reading
                // already carries that doubt). Separate groups lie side by side by the overlap rule, so no column check.
                // When both parts read the merged digit, each alone is the whole reading ("1" drawn twice): no evidence.
                long mergedWidth = (long)_segmenter.GetRight(k + 1) - _segmenter.GetLeft(k);
                long top = _segmenter.GetTop(k) < _segmenter.GetTop(k + 1) ? _segmenter.GetTop(k) : _segmenter.GetTop(k + 1);
                long bottom = _segmenter.GetBottom(k) > _segmenter.GetBottom(k + 1) ? _segmenter.GetBottom(k) : _segmenter.GetBottom(k + 1);
                int mergedDigit = _engine.PredictedClass;
                bool looksLikeTwo = mergedWidth > bottom - top || !_segmenter.InkTouches(ink, groups, k, k + 1)
                    || (mergedDigit == _digits[k].Digit) != (mergedDigit == _digits[k + 1].Digit);
                long mergedP = (long)Resolved(_engine.TopConfidence) * 1000000L
                    * (looksLikeTwo && leftPrior == 1000 && rightPrior == 1000 ? FragmentPriorPermille : 1000) / 1000;
                long mergedError = 1000000000L - mergedP;
                long splitError = 1000000000L - split;
                if (mergedError * MergeOddsFactor >= splitError)
                {
                    k++;
                    continue;
                }

                _segmenter.MergeWithNextDigit(k);
                RecognizedDigit merged = _digits[k];
                Array.Copy(_candidateInput, merged.Input, InkNormalizer.OutputLength);
                TakeResult(k, merged);
                RecognizedDigit freed = _digits[k + 1];
                _settledWithNext[k] = _settledWithNext[k + 1];
                for (int j = k + 1; j + 1 < count; j++)
                {
                    _digits[j] = _digits[j + 1];
                    _settledWithNext[j] = _settledWithNext[j + 1];
                }

                count--;
                _digits[count] = freed;
            }

            return count;
        }

        /// <summary>
        /// Segmentation by recognition, the other way: for each digit of several strokes whose best cut into two
        /// side-by-side parts (<see cref="DigitSegmenter.ProposeSplit"/>) leaves them at most
        /// <see cref="DoubtfulGapPermille"/> of the drawing height apart in overlap — two digits written close — reads
        /// both parts and keeps the split when it is at least <see cref="MergeOddsFactor"/> times less doubtful than
        /// the merged reading, with the same evidence as <see cref="Arbitrate"/>: split error 1 − p(left)·p(right)
        /// (fragments, short or off the baseline, discounted), merged error 1 − p(merged), a merged group wider than tall,
        /// whose parts' ink does not touch (<see cref="DigitSegmenter.InkTouches"/>), or of which exactly one part alone
        /// reads the merged digit while the parts lie side by side (sharing less than half of the narrower part's columns:
        /// a retraced stem lies over its digit, not beside it) counting as one digit with <see cref="FragmentPriorPermille"/>. Two extra inferences per digit tried; a pair split here is not offered to
        /// <see cref="Arbitrate"/> again, but the right part is offered for a split again (three digits written close
        /// are one group, and the first cut leaves two of them together).
        /// </summary>
        private int ArbitrateSplits(StrokeBuffer ink, int count)
        {
            long height = _segmenter.DrawingHeight;
            int[] candidate = _candidateGroups;
            int[] boxes = _splitBoxes;
            int g = 0;
            while (g < count && count < _digits.Length && _lastArbitrations + 2 <= _maxArbitrations)
            {
                _settledWithNext[g] = false;
                long gap = _segmenter.ProposeSplit(g, candidate, boxes);
                if (gap == long.MinValue || -gap * 1000 > height * DoubtfulGapPermille)
                {
                    g++;
                    continue;
                }

                RecognizedDigit spare = _digits[count];
                ReadParts(ink, candidate, spare);
                int right = Resolved(spare.Confidence);
                int left = Resolved(_engine.TopConfidence);
                int leftDigit = _engine.PredictedClass;

                RecognizedDigit whole = _digits[g];
                long wholeWidth = (long)whole.BoxRight - whole.BoxLeft;
                long wholeHeight = (long)whole.BoxBottom - whole.BoxTop;
                int leftPrior = BaselinePrior(boxes[3], boxes[7], height, PartPriorPermille(boxes[3] - (long)boxes[2], height));
                int rightPrior = BaselinePrior(boxes[7], boxes[3], height, PartPriorPermille(boxes[7] - (long)boxes[6], height));
                long split = (long)left * right * leftPrior * rightPrior / 1000;
                bool looksLikeTwo = wholeWidth > wholeHeight || !_segmenter.InkTouches(ink, candidate, 0, 1)
                    || ((whole.Digit == leftDigit) != (whole.Digit == spare.Digit) && SideBySide(boxes[0], boxes[1], boxes[4], boxes[5]));
                long mergedP = (long)Resolved(whole.Confidence) * 1000000L
                    * (looksLikeTwo && leftPrior == 1000 && rightPrior == 1000 ? FragmentPriorPermille : 1000) / 1000;
                if ((1000000000L - split) * MergeOddsFactor >= 1000000000L - mergedP)
                {
                    g++;
                    continue;
                }

                // Keep the split: digit g takes the left part (its input is still in the candidate buffer), the spare the right.
                _segmenter.SplitDigit(g, candidate, boxes);
                for (int j = count; j > g + 1; j--)
                {
                    _digits[j] = _digits[j - 1];
                    _settledWithNext[j] = _settledWithNext[j - 1];
                }

                _digits[g + 1] = spare;
                count++;
                Array.Copy(_candidateInput, whole.Input, InkNormalizer.OutputLength);
                TakeScores(whole);
                TakeBox(g, whole);
                TakeBox(g + 1, spare);
                _settledWithNext[g] = true;
                _settledWithNext[g + 1] = false;
                g++; // the right part may hold two digits still
            }

            for (; g < count; g++)
            {
                _settledWithNext[g] = false;
            }

            return count;
        }

        /// <summary>
        /// Segmentation by recognition, a third way: for each pair of neighbouring digits at most
        /// <see cref="DoubtfulGapPermille"/> of the drawing height apart, left to right, reads the pair with one stroke
        /// moved across their boundary (<see cref="DigitSegmenter.ProposeMove"/>: first the left digit's last stroke to
        /// the right, then the right digit's first stroke to the left; not when the two parts would then lie over each other,
        /// <see cref="SideBySide"/>) and keeps the move when that reading is at least
        /// <see cref="MergeOddsFactor"/> times less doubtful. Error of a reading: 1 − p(left)·p(right), each part with the
        /// priors of <see cref="Arbitrate"/> (short or off the baseline: a fragment) and, when it has several strokes and
        /// is wider than tall, <see cref="FragmentPriorPermille"/> too (it looks like two digits; the first stroke of a
        /// "4" taken into the digit before it makes that digit wide, and the 4's stem alone reads as a confident "1").
        /// Two extra inferences per move tried, within <see cref="MaxArbitrations"/>.
        /// </summary>
        private void ArbitrateMoves(StrokeBuffer ink, int count)
        {
            long height = _segmenter.DrawingHeight;
            int n = ink.StrokeCount;
            int[] candidate = _candidateGroups;
            int[] boxes = _splitBoxes;
            for (int k = 0; k + 1 < count && _lastArbitrations + 2 <= _maxArbitrations; k++)
            {
                if (GapAfter(k) * 1000 > height * DoubtfulGapPermille)
                {
                    continue;
                }

                RecognizedDigit left = _digits[k];
                RecognizedDigit right = _digits[k + 1];
                long current = (long)Resolved(left.Confidence) * Resolved(right.Confidence)
                    * PairPrior(left.BoxLeft, left.BoxRight, left.BoxTop, left.BoxBottom, left.StrokeCount, right.BoxBottom, height)
                    * PairPrior(right.BoxLeft, right.BoxRight, right.BoxTop, right.BoxBottom, right.StrokeCount, left.BoxBottom, height) / 1000;
                for (int direction = 0; direction < 2 && _lastArbitrations + 2 <= _maxArbitrations; direction++)
                {
                    // Digits lie side by side: a move that leaves the two parts over each other is no segmentation.
                    if (!_segmenter.ProposeMove(k, direction == 0, candidate, boxes) || !SideBySide(boxes[0], boxes[1], boxes[4], boxes[5]))
                    {
                        continue;
                    }

                    int leftStrokes = 0;
                    for (int s = 0; s < n; s++)
                    {
                        if (candidate[s] == 0)
                        {
                            leftStrokes++;
                        }
                    }

                    int rightStrokes = left.StrokeCount + right.StrokeCount - leftStrokes;

                    RecognizedDigit moved = _movedDigit;
                    ReadParts(ink, candidate, moved);
                    int rightP = Resolved(moved.Confidence);
                    int leftP = Resolved(_engine.TopConfidence);
                    long proposed = (long)leftP * rightP
                        * PairPrior(boxes[0], boxes[1], boxes[2], boxes[3], leftStrokes, boxes[7], height)
                        * PairPrior(boxes[4], boxes[5], boxes[6], boxes[7], rightStrokes, boxes[3], height) / 1000;
                    if ((1000000000L - proposed) * MergeOddsFactor >= 1000000000L - current)
                    {
                        continue;
                    }

                    _segmenter.MoveStroke(k, candidate, boxes);
                    Array.Copy(_candidateInput, left.Input, InkNormalizer.OutputLength);
                    TakeScores(left);
                    TakeBox(k, left);
                    _digits[k + 1] = moved;
                    _movedDigit = right;
                    TakeBox(k + 1, moved);
                    break;
                }
            }
        }

        /// <summary>
        /// Reads the two parts of a candidate map (strokes marked 1, then 0): the right part into <paramref name="right"/>
        /// (its input and scores), the left part last into the candidate buffer, so the engine still holds the left
        /// part's result. Two extra inferences.
        /// </summary>
        private void ReadParts(StrokeBuffer ink, int[] candidate, RecognizedDigit right)
        {
            _normalizer.Normalize(ink, candidate, 1, right.Input);
            _engine.Run(right.Input);
            TakeScores(right);
            _normalizer.Normalize(ink, candidate, 0, _candidateInput);
            _engine.Run(_candidateInput);
            _lastArbitrations += 2;
        }

        /// <summary>
        /// Prior, in permille, that a part with box [minX, maxX] × [minY, maxY] (canvas pixels) and
        /// <paramref name="strokes"/> strokes, beside a neighbour whose bottom is at <paramref name="otherBottom"/>, is a
        /// digit of its own: the fragment and baseline priors of <see cref="Arbitrate"/>, times
        /// <see cref="FragmentPriorPermille"/> when it has several strokes and is wider than tall.
        /// </summary>
        private static int PairPrior(long minX, long maxX, long minY, long maxY, int strokes, long otherBottom, long height)
        {
            int prior = BaselinePrior(maxY, otherBottom, height, PartPriorPermille(maxY - minY, height));
            return strokes > 1 && maxX - minX > maxY - minY ? prior * FragmentPriorPermille / 1000 : prior;
        }

        /// <summary>
        /// Two x-extents [left, right] (inclusive, canvas pixels) lie side by side, not on top of each other: they share
        /// less than half of the narrower one's columns (a retraced stroke shares all of them).
        /// </summary>
        private static bool SideBySide(long left1, long right1, long left2, long right2)
        {
            long shared = (right1 < right2 ? right1 : right2) - (left1 > left2 ? left1 : left2) + 1;
            long narrower = (right1 - left1 < right2 - left2 ? right1 - left1 : right2 - left2) + 1;
            return shared * 2 < narrower;
        }

        /// <summary>Horizontal gap from digit <paramref name="k"/>'s box to digit k + 1's, canvas pixels (negative when they overlap).</summary>
        private long GapAfter(int k)
        {
            return (long)_segmenter.GetLeft(k + 1) - _segmenter.GetRight(k);
        }

        /// <summary>Prior, in permille, that a part <paramref name="partHeight"/> tall is a digit of its own rather than a fragment.</summary>
        private static int PartPriorPermille(long partHeight, long height)
        {
            return partHeight * 1000 < height * FragmentHeightPermille ? FragmentPriorPermille : 1000;
        }

        /// <summary>
        /// Prior, in permille, that a part whose bottom is at <paramref name="bottom"/> is a digit beside a neighbour whose
        /// bottom is at <paramref name="otherBottom"/> (canvas pixels, y down). Up to half of <see cref="BaselinePermille"/>
        /// of the drawing height above the neighbour it is <paramref name="prior"/>; from there it falls linearly to
        /// <see cref="FragmentPriorPermille"/> at <see cref="BaselinePermille"/>, and stays there beyond. A ramp, not a step:
        /// the bar of an open "4" ends about a quarter of the height above its stem, so a step at a quarter made a bar
        /// ending at 24.6 % a full digit and one at 25.4 % a fragment.
        /// </summary>
        private static int BaselinePrior(long bottom, long otherBottom, long height, int prior)
        {
            long offset = (otherBottom - bottom) * 1000;
            long full = height * BaselinePermille;
            long start = full / 2;
            if (offset > full)
            {
                return FragmentPriorPermille;
            }

            if (offset <= start)
            {
                return prior;
            }

            long ramp = 1000 - (1000 - FragmentPriorPermille) * (offset - start) / (full - start);
            return ramp < prior ? (int)ramp : prior;
        }

        /// <summary>A confidence as evidence: permille softmax output is resolved to 1 ‰, so 1000 ‰ counts as 999 ‰.</summary>
        private static int Resolved(int confidence)
        {
            return confidence > 999 ? 999 : confidence;
        }

        /// <summary>Prior, in permille, that digit <paramref name="g"/> is a digit of its own rather than a fragment of a neighbour.</summary>
        private int PriorPermille(int g, long height)
        {
            return PartPriorPermille((long)_segmenter.GetBottom(g) - _segmenter.GetTop(g), height);
        }

        /// <summary>Copies the engine's last result and the segmenter's box of digit <paramref name="g"/> into <paramref name="digit"/>.</summary>
        private void TakeResult(int g, RecognizedDigit digit)
        {
            TakeScores(digit);
            TakeBox(g, digit);
        }

        /// <summary>Copies the engine's last result into <paramref name="digit"/>, flagged unsure when the last normalized ink was a dot.</summary>
        private void TakeScores(RecognizedDigit digit)
        {
            Int8Engine engine = _engine;
            digit.Digit = engine.PredictedClass;
            digit.Confidence = engine.TopConfidence;
            for (int r = 0; r < 3; r++)
            {
                digit.Top[r] = engine.Ranking[r];
                digit.TopConfidence[r] = engine.Confidences[engine.Ranking[r]];
            }

            digit.IsUnsure = digit.Confidence < _unsureThreshold || _normalizer.LastWasDot;
        }

        /// <summary>Copies the segmenter's box and stroke count of digit <paramref name="g"/> into <paramref name="digit"/>.</summary>
        private void TakeBox(int g, RecognizedDigit digit)
        {
            digit.BoxLeft = _segmenter.GetLeft(g);
            digit.BoxTop = _segmenter.GetTop(g);
            digit.BoxRight = _segmenter.GetRight(g);
            digit.BoxBottom = _segmenter.GetBottom(g);
            digit.StrokeCount = _segmenter.GetStrokeCount(g);
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
