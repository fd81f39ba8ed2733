using System;

namespace EdgeDigits.Ink
{
    /// <summary>
    /// Splits the strokes of a drawing into digits, left to right, by the horizontal extents of the strokes.
    /// Allocation-free after construction.
    /// </summary>
    /// <remarks>
    /// <para>Rules, in order (all lengths in canvas pixels; H is the height of the whole drawing):</para>
    /// <list type="number">
    /// <item>Strokes are sorted by the left edge of their x-extent and swept left to right. A stroke joins the
    /// current group when <c>overlap + tolerance ≥ OverlapPermille/1000 · min(width of group, width of stroke)</c>,
    /// where overlap is the length shared by the two x-extents (negative for a gap) and
    /// tolerance = <see cref="TolerancePermille"/>/1000 · H. So a stroke lying mostly over a digit joins it (the second
    /// stroke of a "4", the bar of a "5", the crossbar of a "7"), while two digits that merely overlap at an edge stay
    /// apart. A stroke also joins when the x-extents overlap or are less than the tolerance apart, and an end point of one stroke lies within
    /// <see cref="TouchPermille"/>/1000 · H of the other's polyline: a stroke that starts or ends on a digit's ink
    /// (the base of a "2" drawn separately, a flag of a "1") is part of it.</item>
    /// <item>Adjacent groups are then merged with the same rule until none qualifies (a group grows as strokes join).</item>
    /// <item>With more than one group, a group whose width and height are both below <see cref="NoisePermille"/>/1000 · H
    /// is noise (a stray tap): its strokes get group −1 and are not recognized.</item>
    /// <item>Beyond <see cref="MaxDigits"/> groups, the two adjacent groups with the smallest gap are merged until
    /// <see cref="MaxDigits"/> remain: every stroke stays part of some digit.</item>
    /// </list>
    /// </remarks>
    public sealed class DigitSegmenter
    {
        private readonly int _maxDigits;
        private int[] _strokeMinX;
        private int[] _strokeMaxX;
        private int[] _strokeMinY;
        private int[] _strokeMaxY;
        private int[] _order;
        private int[] _strokeGroup;
        private int[] _groupMinX;
        private int[] _groupMaxX;
        private int[] _groupMinY;
        private int[] _groupMaxY;
        private int[] _groupStrokes;
        private int _groupCount;
        private int _strokeCount;
        private long _height;
        private int _overlapPermille = 500;
        private int _tolerancePermille = 30;
        private int _noisePermille = 125;
        private int _touchPermille = 40;
        private StrokeBuffer _ink;

        /// <summary>Creates a segmenter.</summary>
        /// <param name="maxStrokes">Number of strokes provisioned for; a larger buffer is provisioned on first use (one allocation).</param>
        /// <param name="maxDigits">Maximum number of digits a drawing splits into, at least 1.</param>
        /// <exception cref="ArgumentOutOfRangeException">A limit is below 1.</exception>
        public DigitSegmenter(int maxStrokes, int maxDigits)
        {
            if (maxStrokes < 1)
            {
                throw new ArgumentOutOfRangeException("maxStrokes", "maxStrokes must be at least 1, was " + maxStrokes + ".");
            }

            if (maxDigits < 1)
            {
                throw new ArgumentOutOfRangeException("maxDigits", "maxDigits must be at least 1, was " + maxDigits + ".");
            }

            _maxDigits = maxDigits;
            Provision(maxStrokes);
        }

        /// <summary>Gets the maximum number of digits.</summary>
        public int MaxDigits
        {
            get { return _maxDigits; }
        }

        /// <summary>Gets or sets the share of the narrower x-extent two strokes must have in common to form one digit, in permille (default 500).</summary>
        public int OverlapPermille
        {
            get { return _overlapPermille; }
            set { _overlapPermille = value < 0 ? 0 : (value > 1000 ? 1000 : value); }
        }

        /// <summary>Gets or sets the overlap tolerance, in permille of the drawing height (default 30).</summary>
        public int TolerancePermille
        {
            get { return _tolerancePermille; }
            set { _tolerancePermille = value < 0 ? 0 : (value > 1000 ? 1000 : value); }
        }

        /// <summary>Gets or sets the distance, in permille of the drawing height, within which a stroke end touches another stroke (default 40).</summary>
        public int TouchPermille
        {
            get { return _touchPermille; }
            set { _touchPermille = value < 0 ? 0 : (value > 1000 ? 1000 : value); }
        }

        /// <summary>Gets or sets the size under which a group is a stray tap, in permille of the drawing height (default 125).</summary>
        public int NoisePermille
        {
            get { return _noisePermille; }
            set { _noisePermille = value < 0 ? 0 : (value > 1000 ? 1000 : value); }
        }

        /// <summary>Gets the number of digits found by the last <see cref="Segment"/>.</summary>
        public int GroupCount
        {
            get { return _groupCount; }
        }

        /// <summary>Gets the digit index of each stroke after the last <see cref="Segment"/>, [stroke]; −1 for noise. Do not modify.</summary>
        public int[] StrokeGroups
        {
            get { return _strokeGroup; }
        }

        /// <summary>Splits the strokes of <paramref name="ink"/> into digits.</summary>
        /// <param name="ink">The drawing.</param>
        /// <param name="multiDigit">False: all strokes form one digit.</param>
        /// <returns>The number of digits, 0 for an empty drawing.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="ink"/> is null.</exception>
        public int Segment(StrokeBuffer ink, bool multiDigit)
        {
            if (ink == null)
            {
                throw new ArgumentNullException("ink");
            }

            int n = ink.StrokeCount;
            if (n > _order.Length)
            {
                Provision(ink.MaxStrokes);
            }

            _groupCount = 0;
            _strokeCount = n;
            _height = 0;
            if (n == 0)
            {
                return 0;
            }

            int allMinY = int.MaxValue;
            int allMaxY = int.MinValue;
            for (int s = 0; s < n; s++)
            {
                MeasureStroke(ink, s);
                if (_strokeMinY[s] < allMinY) { allMinY = _strokeMinY[s]; }
                if (_strokeMaxY[s] > allMaxY) { allMaxY = _strokeMaxY[s]; }
            }

            long height = (long)allMaxY - allMinY;
            _height = height;
            if (!multiDigit)
            {
                for (int s = 0; s < n; s++)
                {
                    _strokeGroup[s] = 0;
                    _order[s] = s;
                }

                _groupCount = 1;
                SetGroupBox(0, 0, n);
                return 1;
            }

            SortByLeftEdge(n);
            _ink = ink;
            long tolerance = height * _tolerancePermille / 1000;
            long touch = height * _touchPermille / 1000;

            // Sweep: groups are runs of _order; _groupStrokes[g] is the run length, runStart its first index.
            int g = 0;
            int runStart = 0;
            StartGroup(g, _order[0]);
            for (int i = 1; i < n; i++)
            {
                int s = _order[i];
                if (Belongs(_groupMinX[g], _groupMaxX[g], _strokeMinX[s], _strokeMaxX[s], tolerance)
                    || (Near(_groupMinX[g], _groupMaxX[g], _strokeMinX[s], _strokeMaxX[s], tolerance) && RunTouches(runStart, i, i, i + 1, touch)))
                {
                    AddToGroup(g, s);
                }
                else
                {
                    g++;
                    runStart = i;
                    StartGroup(g, s);
                }
            }

            _groupCount = g + 1;

            // Merge adjacent groups that qualify after growing.
            bool merged = true;
            while (merged)
            {
                merged = false;
                int first = 0;
                for (int k = 0; k + 1 < _groupCount; k++)
                {
                    int next = first + _groupStrokes[k];
                    if (Belongs(_groupMinX[k], _groupMaxX[k], _groupMinX[k + 1], _groupMaxX[k + 1], tolerance)
                        || (Near(_groupMinX[k], _groupMaxX[k], _groupMinX[k + 1], _groupMaxX[k + 1], tolerance)
                            && RunTouches(first, next, next, next + _groupStrokes[k + 1], touch)))
                    {
                        MergeWithNext(k);
                        merged = true;
                        break;
                    }

                    first = next;
                }
            }

            DropNoise(height);

            while (_groupCount > _maxDigits)
            {
                int best = 0;
                long bestGap = long.MaxValue;
                for (int k = 0; k + 1 < _groupCount; k++)
                {
                    long gap = (long)_groupMinX[k + 1] - _groupMaxX[k];
                    if (gap < bestGap)
                    {
                        bestGap = gap;
                        best = k;
                    }
                }

                MergeWithNext(best);
            }

            AssignStrokes(n);
            _ink = null;
            return _groupCount;
        }

        /// <summary>Gets the height of the whole drawing (all strokes' centre lines) at the last <see cref="Segment"/>, canvas pixels.</summary>
        public long DrawingHeight
        {
            get { return _height; }
        }

        /// <summary>
        /// Merges digit <paramref name="group"/> + 1 into digit <paramref name="group"/> after <see cref="Segment"/>:
        /// boxes join, the stroke → digit map and the digits to the right shift down by one. Allocation-free, O(strokes).
        /// Used by <see cref="InkRecognizer"/> when recognition prefers the merged reading.
        /// </summary>
        /// <param name="group">Left digit of the pair, 0 ≤ group &lt; <see cref="GroupCount"/> − 1.</param>
        /// <exception cref="ArgumentOutOfRangeException">There is no digit right of <paramref name="group"/>.</exception>
        public void MergeWithNextDigit(int group)
        {
            CheckGroup(group);
            CheckGroup(group + 1);
            int[] map = _strokeGroup;
            for (int s = 0; s < _strokeCount; s++)
            {
                if (map[s] > group)
                {
                    map[s]--;
                }
            }

            MergeWithNext(group);
        }

        /// <summary>
        /// Proposes how digit <paramref name="group"/> would split into two side-by-side digits after
        /// <see cref="Segment"/>: its strokes in left-edge order, cut where the gap between the right edge of the strokes
        /// before the cut and the left edge of the strokes after it is largest. Used by <see cref="InkRecognizer"/>
        /// to ask recognition whether two close digits were merged.
        /// </summary>
        /// <param name="group">Digit index, 0 ≤ group &lt; <see cref="GroupCount"/>.</param>
        /// <param name="candidate">[StrokeCount] output: 0 for the left part's strokes, 1 for the right part's, −1 for strokes of other digits.</param>
        /// <param name="boxes">[8] output: left part minX, maxX, minY, maxY, then the right part's, canvas pixels, inclusive.</param>
        /// <returns>The gap between the parts in canvas pixels (negative when their x-extents overlap), or
        /// <see cref="long.MinValue"/> when the digit has a single stroke (nothing to split).</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="group"/> is out of range.</exception>
        public long ProposeSplit(int group, int[] candidate, int[] boxes)
        {
            CheckGroup(group);
            int n = _strokeCount;
            int members = 0;
            for (int i = 0; i < n; i++)
            {
                candidate[i] = -1;
                if (_strokeGroup[_order[i]] == group)
                {
                    members++;
                }
            }

            if (members < 2)
            {
                return long.MinValue;
            }

            // Sweep the members in left-edge order: the gap after the first j is (left edge of member j) − (max right edge before it).
            long bestGap = long.MinValue;
            int bestCut = 0;
            int seen = 0;
            int maxRight = int.MinValue;
            for (int i = 0; i < n; i++)
            {
                int s = _order[i];
                if (_strokeGroup[s] != group)
                {
                    continue;
                }

                if (seen > 0)
                {
                    long gap = (long)_strokeMinX[s] - maxRight;
                    if (gap > bestGap)
                    {
                        bestGap = gap;
                        bestCut = seen;
                    }
                }

                if (_strokeMaxX[s] > maxRight)
                {
                    maxRight = _strokeMaxX[s];
                }

                seen++;
            }

            seen = 0;
            for (int i = 0; i < n; i++)
            {
                int s = _order[i];
                if (_strokeGroup[s] == group)
                {
                    candidate[s] = seen < bestCut ? 0 : 1;
                    seen++;
                }
            }

            FillPairBoxes(candidate, boxes);
            return bestGap;
        }

        /// <summary>
        /// Splits digit <paramref name="group"/> in two after <see cref="ProposeSplit"/>: strokes marked 1 in
        /// <paramref name="candidate"/> become digit <paramref name="group"/> + 1, digits to the right shift up by one.
        /// Allocation-free, O(strokes + digits).
        /// </summary>
        /// <param name="group">Digit index.</param>
        /// <param name="candidate">The map <see cref="ProposeSplit"/> wrote for this digit.</param>
        /// <param name="boxes">The boxes <see cref="ProposeSplit"/> wrote.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="group"/> is out of range.</exception>
        /// <exception cref="InvalidOperationException">The drawing already has <see cref="MaxDigits"/> digits.</exception>
        public void SplitDigit(int group, int[] candidate, int[] boxes)
        {
            CheckGroup(group);
            if (_groupCount >= _maxDigits)
            {
                throw new InvalidOperationException("The drawing already has " + _maxDigits + " digits.");
            }

            for (int s = 0; s < _strokeCount; s++)
            {
                if (_strokeGroup[s] > group)
                {
                    _strokeGroup[s]++;
                }
            }

            for (int j = _groupCount; j > group + 1; j--)
            {
                _groupMinX[j] = _groupMinX[j - 1];
                _groupMaxX[j] = _groupMaxX[j - 1];
                _groupMinY[j] = _groupMinY[j - 1];
                _groupMaxY[j] = _groupMaxY[j - 1];
                _groupStrokes[j] = _groupStrokes[j - 1];
            }

            _groupCount++;
            TakePair(group, candidate, boxes);
        }

        /// <summary>
        /// Proposes moving one stroke across the boundary between digit <paramref name="group"/> and digit
        /// <paramref name="group"/> + 1 after <see cref="Segment"/>: with <paramref name="toNext"/>, the member of
        /// <paramref name="group"/> with the largest left edge joins the right digit; otherwise the member of the right
        /// digit with the smallest left edge joins the left one. Used by <see cref="InkRecognizer"/> to ask recognition
        /// whether the boundary between two close digits is one stroke off (the first stroke of a "4" drawn against the
        /// digit before it and taken into that digit, its stem left alone as a "1").
        /// </summary>
        /// <param name="group">Left digit of the pair, 0 ≤ group &lt; <see cref="GroupCount"/> − 1.</param>
        /// <param name="toNext">True: a stroke moves from the left digit to the right one; false: the other way.</param>
        /// <param name="candidate">[StrokeCount] output: 0 for the left digit's strokes after the move, 1 for the right
        /// digit's, −1 for strokes of other digits and noise.</param>
        /// <param name="boxes">[8] output: left digit minX, maxX, minY, maxY after the move, then the right digit's, canvas pixels, inclusive.</param>
        /// <returns>False (outputs unspecified) when the digit the stroke would leave has a single stroke.</returns>
        /// <exception cref="ArgumentOutOfRangeException">There is no digit right of <paramref name="group"/>.</exception>
        public bool ProposeMove(int group, bool toNext, int[] candidate, int[] boxes)
        {
            CheckGroup(group);
            CheckGroup(group + 1);
            int from = toNext ? group : group + 1;
            if (_groupStrokes[from] < 2)
            {
                return false;
            }

            int moved = -1;
            for (int i = 0; i < _strokeCount; i++)
            {
                int s = _order[i];
                int g = _strokeGroup[s];
                candidate[s] = g == group ? 0 : (g == group + 1 ? 1 : -1);
                if (g == from && (toNext || moved < 0))
                {
                    moved = s;
                }
            }

            candidate[moved] = toNext ? 1 : 0;
            FillPairBoxes(candidate, boxes);
            return true;
        }

        /// <summary>
        /// Gives digits <paramref name="group"/> and <paramref name="group"/> + 1 the strokes of a
        /// <see cref="ProposeMove"/> map (0: left digit, 1: right digit) and its boxes. Allocation-free, O(strokes).
        /// </summary>
        /// <param name="group">Left digit of the pair.</param>
        /// <param name="candidate">The map <see cref="ProposeMove"/> wrote for this pair.</param>
        /// <param name="boxes">The boxes <see cref="ProposeMove"/> wrote.</param>
        /// <exception cref="ArgumentOutOfRangeException">There is no digit right of <paramref name="group"/>.</exception>
        public void MoveStroke(int group, int[] candidate, int[] boxes)
        {
            CheckGroup(group);
            CheckGroup(group + 1);
            TakePair(group, candidate, boxes);
        }

        /// <summary>Boxes of the strokes marked 0 and 1 in <paramref name="candidate"/>: [8] minX, maxX, minY, maxY of part 0, then part 1's.</summary>
        private void FillPairBoxes(int[] candidate, int[] boxes)
        {
            boxes[0] = int.MaxValue; boxes[1] = int.MinValue; boxes[2] = int.MaxValue; boxes[3] = int.MinValue;
            boxes[4] = int.MaxValue; boxes[5] = int.MinValue; boxes[6] = int.MaxValue; boxes[7] = int.MinValue;
            for (int s = 0; s < _strokeCount; s++)
            {
                int part = candidate[s];
                if (part != 0 && part != 1)
                {
                    continue;
                }

                int b = part * 4;
                if (_strokeMinX[s] < boxes[b]) { boxes[b] = _strokeMinX[s]; }
                if (_strokeMaxX[s] > boxes[b + 1]) { boxes[b + 1] = _strokeMaxX[s]; }
                if (_strokeMinY[s] < boxes[b + 2]) { boxes[b + 2] = _strokeMinY[s]; }
                if (_strokeMaxY[s] > boxes[b + 3]) { boxes[b + 3] = _strokeMaxY[s]; }
            }
        }

        /// <summary>Digits <paramref name="group"/> and group + 1 take the strokes marked 0 and 1 in <paramref name="candidate"/>, and their boxes.</summary>
        private void TakePair(int group, int[] candidate, int[] boxes)
        {
            int left = 0;
            int right = 0;
            for (int s = 0; s < _strokeCount; s++)
            {
                if (candidate[s] == 0)
                {
                    _strokeGroup[s] = group;
                    left++;
                }
                else if (candidate[s] == 1)
                {
                    _strokeGroup[s] = group + 1;
                    right++;
                }
            }

            _groupStrokes[group] = left;
            _groupStrokes[group + 1] = right;
            _groupMinX[group] = boxes[0];
            _groupMaxX[group] = boxes[1];
            _groupMinY[group] = boxes[2];
            _groupMaxY[group] = boxes[3];
            _groupMinX[group + 1] = boxes[4];
            _groupMaxX[group + 1] = boxes[5];
            _groupMinY[group + 1] = boxes[6];
            _groupMaxY[group + 1] = boxes[7];
        }

        /// <summary>
        /// True when the ink of two stroke sets touches, after <see cref="Segment"/> on the same <paramref name="ink"/>:
        /// a segment of one crosses or meets a segment of the other, or an end point of one lies within
        /// <see cref="TouchPermille"/>/1000 of the drawing height of the other's polyline. Two digits written side
        /// by side do not touch; the parts of one digit (the stem and bar of a "4", the strokes of a "5") do.
        /// </summary>
        /// <param name="ink">The drawing that was segmented.</param>
        /// <param name="strokeSets">[StrokeCount] a set number per stroke (e.g. <see cref="StrokeGroups"/> or a <see cref="ProposeSplit"/> map).</param>
        /// <param name="a">First set.</param>
        /// <param name="b">Second set.</param>
        /// <returns>Whether any stroke of set <paramref name="a"/> touches any stroke of set <paramref name="b"/>.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public bool InkTouches(StrokeBuffer ink, int[] strokeSets, int a, int b)
        {
            if (ink == null)
            {
                throw new ArgumentNullException("ink");
            }

            if (strokeSets == null)
            {
                throw new ArgumentNullException("strokeSets");
            }

            long touch = _height * _touchPermille / 1000;
            _ink = ink;
            bool touches = false;
            for (int s = 0; s < _strokeCount && !touches; s++)
            {
                if (strokeSets[s] != a)
                {
                    continue;
                }

                for (int t = 0; t < _strokeCount; t++)
                {
                    if (strokeSets[t] != b || !BoxesNear(s, t, touch))
                    {
                        continue;
                    }

                    if (EndTouches(s, t, touch) || EndTouches(t, s, touch) || StrokesCross(s, t))
                    {
                        touches = true;
                        break;
                    }
                }
            }

            _ink = null;
            return touches;
        }

        /// <summary>Left edge of a digit's box, canvas pixels, inclusive.</summary>
        /// <param name="group">Digit index, 0 ≤ group &lt; <see cref="GroupCount"/>.</param>
        /// <returns>The edge.</returns>
        public int GetLeft(int group)
        {
            CheckGroup(group);
            return _groupMinX[group];
        }

        /// <summary>Right edge of a digit's box, canvas pixels, inclusive.</summary>
        /// <param name="group">Digit index.</param>
        /// <returns>The edge.</returns>
        public int GetRight(int group)
        {
            CheckGroup(group);
            return _groupMaxX[group];
        }

        /// <summary>Top edge of a digit's box, canvas pixels, inclusive.</summary>
        /// <param name="group">Digit index.</param>
        /// <returns>The edge.</returns>
        public int GetTop(int group)
        {
            CheckGroup(group);
            return _groupMinY[group];
        }

        /// <summary>Bottom edge of a digit's box, canvas pixels, inclusive.</summary>
        /// <param name="group">Digit index.</param>
        /// <returns>The edge.</returns>
        public int GetBottom(int group)
        {
            CheckGroup(group);
            return _groupMaxY[group];
        }

        /// <summary>Number of strokes of a digit.</summary>
        /// <param name="group">Digit index.</param>
        /// <returns>The stroke count.</returns>
        public int GetStrokeCount(int group)
        {
            CheckGroup(group);
            return _groupStrokes[group];
        }

        private bool Belongs(int aMin, int aMax, int bMin, int bMax, long tolerance)
        {
            long overlap = (long)(aMax < bMax ? aMax : bMax) - (aMin > bMin ? aMin : bMin);
            long aWidth = (long)aMax - aMin;
            long bWidth = (long)bMax - bMin;
            long narrower = aWidth < bWidth ? aWidth : bWidth;
            return (overlap + tolerance) * 1000 >= narrower * _overlapPermille;
        }

        private static bool Near(int aMin, int aMax, int bMin, int bMax, long tolerance)
        {
            return (long)(aMax < bMax ? aMax : bMax) - (aMin > bMin ? aMin : bMin) + tolerance >= 0;
        }

        /// <summary>True when a stroke of run [a0, a1) of _order touches a stroke of run [b0, b1).</summary>
        private bool RunTouches(int a0, int a1, int b0, int b1, long distance)
        {
            for (int i = a0; i < a1; i++)
            {
                for (int j = b0; j < b1; j++)
                {
                    if (EndTouches(_order[i], _order[j], distance) || EndTouches(_order[j], _order[i], distance))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>True when the boxes of strokes <paramref name="s"/> and <paramref name="t"/>, grown by <paramref name="margin"/>, overlap.</summary>
        private bool BoxesNear(int s, int t, long margin)
        {
            return (long)_strokeMinX[s] - margin <= _strokeMaxX[t] && (long)_strokeMinX[t] - margin <= _strokeMaxX[s]
                && (long)_strokeMinY[s] - margin <= _strokeMaxY[t] && (long)_strokeMinY[t] - margin <= _strokeMaxY[s];
        }

        /// <summary>
        /// True when a segment of stroke <paramref name="s"/> meets a segment of stroke <paramref name="t"/>, closed
        /// segments: the end points of each lie on opposite sides of the other or on it (orientation signs of 2×2
        /// determinants, exact in 64-bit for coordinates below 2^30). A bar that passes through a vertex of a stem
        /// meets it, which a strict crossing test misses when both are sampled on whole pixels.
        /// </summary>
        private bool StrokesCross(int s, int t)
        {
            StrokeBuffer ink = _ink;
            int[] xs = ink.XArray;
            int[] ys = ink.YArray;
            int sStart = ink.StrokeStartArray[s];
            int sEnd = sStart + ink.StrokeLengthArray[s] - 1;
            int tStart = ink.StrokeStartArray[t];
            int tEnd = tStart + ink.StrokeLengthArray[t] - 1;
            for (int i = sStart; i < sEnd; i++)
            {
                long ax = xs[i], ay = ys[i], bx = xs[i + 1], by = ys[i + 1];
                long minX = ax < bx ? ax : bx, maxX = ax < bx ? bx : ax, minY = ay < by ? ay : by, maxY = ay < by ? by : ay;
                for (int j = tStart; j < tEnd; j++)
                {
                    long cx = xs[j], cy = ys[j], dx = xs[j + 1], dy = ys[j + 1];
                    if ((cx < minX && dx < minX) || (cx > maxX && dx > maxX) || (cy < minY && dy < minY) || (cy > maxY && dy > maxY))
                    {
                        continue;
                    }

                    long d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
                    long d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
                    long d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
                    long d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
                    // Closed segments: a vertex of one lying on the other (d = 0) is a meeting too. Collinear
                    // segments (all four 0) meet here because the box test above found them overlapping.
                    if (((d1 >= 0 && d2 <= 0) || (d1 <= 0 && d2 >= 0)) && ((d3 >= 0 && d4 <= 0) || (d3 <= 0 && d4 >= 0)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>True when an end point of stroke <paramref name="a"/> lies within <paramref name="distance"/> of stroke <paramref name="b"/>'s polyline.</summary>
        private bool EndTouches(int a, int b, long distance)
        {
            StrokeBuffer ink = _ink;
            int[] xs = ink.XArray;
            int[] ys = ink.YArray;
            int aStart = ink.StrokeStartArray[a];
            int aEnd = aStart + ink.StrokeLengthArray[a] - 1;
            long limit = distance * distance;
            return PolylineDistanceSquared(b, xs[aStart], ys[aStart]) <= limit
                || PolylineDistanceSquared(b, xs[aEnd], ys[aEnd]) <= limit;
        }

        /// <summary>Squared distance from (px, py) to the polyline of stroke <paramref name="s"/>, canvas pixels².</summary>
        private long PolylineDistanceSquared(int s, int px, int py)
        {
            StrokeBuffer ink = _ink;
            int[] xs = ink.XArray;
            int[] ys = ink.YArray;
            int start = ink.StrokeStartArray[s];
            int end = start + ink.StrokeLengthArray[s] - 1;
            long best = long.MaxValue;
            long ax = xs[start];
            long ay = ys[start];
            for (int p = start; p <= end; p++)
            {
                long bx = xs[p];
                long by = ys[p];
                long ex = bx - ax;
                long ey = by - ay;
                long dx = px - ax;
                long dy = py - ay;
                long len2 = ex * ex + ey * ey;
                long dot = dx * ex + dy * ey;
                long d2;
                if (dot <= 0 || len2 == 0)
                {
                    d2 = dx * dx + dy * dy;
                }
                else if (dot >= len2)
                {
                    long fx = px - bx;
                    long fy = py - by;
                    d2 = fx * fx + fy * fy;
                }
                else
                {
                    // Closest point a + e·dot/len2; |e·dot| < 2^55 for coordinates below 2^18, rounding error < 1 pixel.
                    long qx = dx - ex * dot / len2;
                    long qy = dy - ey * dot / len2;
                    d2 = qx * qx + qy * qy;
                }

                if (d2 < best)
                {
                    best = d2;
                }

                ax = bx;
                ay = by;
            }

            return best;
        }

        private void MeasureStroke(StrokeBuffer ink, int s)
        {
            int[] xs = ink.XArray;
            int[] ys = ink.YArray;
            int start = ink.StrokeStartArray[s];
            int end = start + ink.StrokeLengthArray[s];
            int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
            for (int p = start; p < end; p++)
            {
                int x = xs[p];
                int y = ys[p];
                if (x < minX) { minX = x; }
                if (x > maxX) { maxX = x; }
                if (y < minY) { minY = y; }
                if (y > maxY) { maxY = y; }
            }

            _strokeMinX[s] = minX;
            _strokeMaxX[s] = maxX;
            _strokeMinY[s] = minY;
            _strokeMaxY[s] = maxY;
        }

        private void SortByLeftEdge(int n)
        {
            // Insertion sort: stable, allocation-free, n ≤ a few dozen strokes.
            for (int i = 0; i < n; i++)
            {
                int s = i;
                int j = i - 1;
                while (j >= 0 && _strokeMinX[_order[j]] > _strokeMinX[s])
                {
                    _order[j + 1] = _order[j];
                    j--;
                }

                _order[j + 1] = s;
            }
        }

        private void StartGroup(int g, int s)
        {
            _groupMinX[g] = _strokeMinX[s];
            _groupMaxX[g] = _strokeMaxX[s];
            _groupMinY[g] = _strokeMinY[s];
            _groupMaxY[g] = _strokeMaxY[s];
            _groupStrokes[g] = 1;
        }

        private void AddToGroup(int g, int s)
        {
            if (_strokeMinX[s] < _groupMinX[g]) { _groupMinX[g] = _strokeMinX[s]; }
            if (_strokeMaxX[s] > _groupMaxX[g]) { _groupMaxX[g] = _strokeMaxX[s]; }
            if (_strokeMinY[s] < _groupMinY[g]) { _groupMinY[g] = _strokeMinY[s]; }
            if (_strokeMaxY[s] > _groupMaxY[g]) { _groupMaxY[g] = _strokeMaxY[s]; }
            _groupStrokes[g]++;
        }

        /// <summary>Merges group k+1 into group k; groups are runs of <see cref="_order"/>, so the runs simply join.</summary>
        private void MergeWithNext(int k)
        {
            if (_groupMinX[k + 1] < _groupMinX[k]) { _groupMinX[k] = _groupMinX[k + 1]; }
            if (_groupMaxX[k + 1] > _groupMaxX[k]) { _groupMaxX[k] = _groupMaxX[k + 1]; }
            if (_groupMinY[k + 1] < _groupMinY[k]) { _groupMinY[k] = _groupMinY[k + 1]; }
            if (_groupMaxY[k + 1] > _groupMaxY[k]) { _groupMaxY[k] = _groupMaxY[k + 1]; }
            _groupStrokes[k] += _groupStrokes[k + 1];
            RemoveGroup(k + 1);
        }

        private void RemoveGroup(int k)
        {
            for (int j = k; j + 1 < _groupCount; j++)
            {
                _groupMinX[j] = _groupMinX[j + 1];
                _groupMaxX[j] = _groupMaxX[j + 1];
                _groupMinY[j] = _groupMinY[j + 1];
                _groupMaxY[j] = _groupMaxY[j + 1];
                _groupStrokes[j] = _groupStrokes[j + 1];
            }

            _groupCount--;
        }

        private void DropNoise(long height)
        {
            long limit = height * _noisePermille / 1000;
            bool anyReal = false;
            for (int k = 0; k < _groupCount; k++)
            {
                if (!IsNoise(k, limit))
                {
                    anyReal = true;
                }
            }

            if (!anyReal)
            {
                return;
            }

            // Noise groups keep their place in _order (runs) but are flagged by a stroke count of −count.
            for (int k = 0; k < _groupCount; k++)
            {
                if (IsNoise(k, limit))
                {
                    _groupStrokes[k] = -_groupStrokes[k];
                }
            }
        }

        private bool IsNoise(int k, long limit)
        {
            return (long)_groupMaxX[k] - _groupMinX[k] < limit && (long)_groupMaxY[k] - _groupMinY[k] < limit;
        }

        /// <summary>Walks the runs of _order, writes the stroke → digit map and drops the noise runs from the digit list.</summary>
        private void AssignStrokes(int n)
        {
            int i = 0;
            int digit = 0;
            int groups = _groupCount;
            for (int k = 0; k < groups; k++)
            {
                int count = _groupStrokes[k];
                bool noise = count < 0;
                if (noise)
                {
                    count = -count;
                }

                for (int j = 0; j < count; j++)
                {
                    _strokeGroup[_order[i + j]] = noise ? -1 : digit;
                }

                if (!noise)
                {
                    _groupMinX[digit] = _groupMinX[k];
                    _groupMaxX[digit] = _groupMaxX[k];
                    _groupMinY[digit] = _groupMinY[k];
                    _groupMaxY[digit] = _groupMaxY[k];
                    _groupStrokes[digit] = count;
                    digit++;
                }

                i += count;
            }

            _groupCount = digit;
        }

        private void SetGroupBox(int g, int first, int n)
        {
            StartGroup(g, _order[first]);
            for (int i = first + 1; i < first + n; i++)
            {
                AddToGroup(g, _order[i]);
            }
        }

        private void CheckGroup(int group)
        {
            if (group < 0 || group >= _groupCount)
            {
                throw new ArgumentOutOfRangeException("group", "Digit " + group + " is out of range 0.." + (_groupCount - 1) + ".");
            }
        }

        private void Provision(int maxStrokes)
        {
            _strokeMinX = new int[maxStrokes];
            _strokeMaxX = new int[maxStrokes];
            _strokeMinY = new int[maxStrokes];
            _strokeMaxY = new int[maxStrokes];
            _order = new int[maxStrokes];
            _strokeGroup = new int[maxStrokes];
            _groupMinX = new int[maxStrokes];
            _groupMaxX = new int[maxStrokes];
            _groupMinY = new int[maxStrokes];
            _groupMaxY = new int[maxStrokes];
            _groupStrokes = new int[maxStrokes];
        }
    }
}
