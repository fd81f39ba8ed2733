using System;

namespace EdgeDigits.Ink
{
    /// <summary>
    /// Bounded storage of touch strokes: points in canvas pixels (x to the right, y down), in drawing order, one
    /// stroke per pen-down. Every array is allocated once, in the constructor; adding points never allocates and
    /// never throws, whatever the touch panel sends.
    /// </summary>
    /// <remarks>
    /// <para>What the buffer does with raw touch input (each rule is part of the contract and tested):</para>
    /// <list type="bullet">
    /// <item><b>Only visited points, in order.</b> The stored polyline of a stroke is always a subsequence of the
    /// points the pen reported, in the order it reported them: the buffer drops points, it never adds, moves or
    /// reorders one. Every rule below is a way of dropping.</item>
    /// <item><b>Repeated points and jitter.</b> A point closer than <see cref="MinPointSpacing"/> (Euclidean, canvas
    /// pixels) to the last stored point of its stroke is not stored. The latest such point is remembered as the
    /// stroke's pending end until a later point is stored (which forgets it) or the pen lifts: then
    /// <see cref="EndStroke"/> stores it, so a stroke ends where the pen lifted, and a pen that rests at pen-down or
    /// at pen-up (every tablet and touch panel reports a resting pen as repeated points) adds nothing. This is the only
    /// spacing rule: the device app, the simulator and the desktop tool all feed raw points to the buffer.</item>
    /// <item><b>Points outside the canvas</b> (only when the buffer was given a canvas size) are dropped, not clamped:
    /// out-of-range readings from resistive panels are noise, and one clamped outlier would stretch the digit's
    /// bounding box. The stroke continues with the next point inside. See <see cref="OutsidePointCount"/>.</item>
    /// <item><b>Point budget.</b> When the buffer is full, every stroke is decimated: each second interior point is
    /// removed (first and last points are kept) and from then on only one incoming point in <see cref="Stride"/>
    /// (which doubles at each decimation) is stored. A million points therefore fit, as a coarser polyline of the
    /// same shape. If nothing can be removed (every stroke has two points), a new point replaces the end of the
    /// current stroke.</item>
    /// <item><b>Stroke budget.</b> Pen-downs beyond <see cref="MaxStrokes"/> are ignored entirely (their points
    /// are dropped) and counted in <see cref="DroppedStrokeCount"/>.</item>
    /// <item><b>Missing events.</b> <see cref="AddPoint"/> without <see cref="BeginStroke"/> starts a stroke;
    /// <see cref="BeginStroke"/> while a stroke is open ends it first; <see cref="EndStroke"/> without a stroke does
    /// nothing. A pen-down without points leaves no stroke behind.</item>
    /// </list>
    /// <para>Memory: 8 bytes per point and 8 bytes per stroke. Not thread-safe: the touch thread that adds points
    /// and the worker that reads them must take turns (the app enqueues points and lets one thread own the buffer).</para>
    /// </remarks>
    public sealed class StrokeBuffer
    {
        /// <summary>Default <see cref="MinPointSpacing"/>, in canvas pixels: exact repeats and one-pixel jitter are not stored.</summary>
        public const int DefaultMinPointSpacing = 2;

        /// <summary>Largest <see cref="MinPointSpacing"/> accepted, pixels.</summary>
        public const int MaxMinPointSpacing = 1000;

        private const int MaxStride = 1 << 24;

        private readonly int[] _x;
        private readonly int[] _y;
        private readonly int[] _strokeStart;
        private readonly int[] _strokeLength;
        private readonly int _maxPoints;
        private readonly int _maxStrokes;
        private readonly int _canvasWidth;
        private readonly int _canvasHeight;

        private int _strokeCount;
        private int _pointCount;
        private bool _penDown;
        private bool _strokeOpen;
        private bool _discarding;
        private bool _hasPending;
        private int _pendingX;
        private int _pendingY;
        private int _stride = 1;
        private int _strideCounter;
        private int _minPointSpacing = DefaultMinPointSpacing;
        private int _droppedStrokeCount;
        private int _outsidePointCount;
        private int _decimationCount;

        /// <summary>Creates a buffer that accepts any coordinates (no canvas clipping).</summary>
        /// <param name="maxPoints">Maximum number of stored points, at least 2 · <paramref name="maxStrokes"/>.</param>
        /// <param name="maxStrokes">Maximum number of strokes, at least 1.</param>
        /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
        public StrokeBuffer(int maxPoints, int maxStrokes)
            : this(maxPoints, maxStrokes, 0, 0)
        {
        }

        /// <summary>Creates a buffer for a canvas: points outside [0, width) × [0, height) are dropped.</summary>
        /// <param name="maxPoints">Maximum number of stored points, at least 2 · <paramref name="maxStrokes"/>.</param>
        /// <param name="maxStrokes">Maximum number of strokes, at least 1.</param>
        /// <param name="canvasWidth">Canvas width in pixels; 0 (with height 0) disables clipping.</param>
        /// <param name="canvasHeight">Canvas height in pixels; 0 (with width 0) disables clipping.</param>
        /// <exception cref="ArgumentOutOfRangeException">A limit or a canvas size is out of range.</exception>
        public StrokeBuffer(int maxPoints, int maxStrokes, int canvasWidth, int canvasHeight)
        {
            if (maxStrokes < 1)
            {
                throw new ArgumentOutOfRangeException("maxStrokes", "maxStrokes must be at least 1, was " + maxStrokes + ".");
            }

            if (maxPoints < 2 * maxStrokes)
            {
                throw new ArgumentOutOfRangeException("maxPoints", "maxPoints must be at least 2 * maxStrokes = " + (2 * maxStrokes) + ", was " + maxPoints + ".");
            }

            if (canvasWidth < 0 || canvasHeight < 0 || (canvasWidth == 0) != (canvasHeight == 0))
            {
                throw new ArgumentOutOfRangeException("canvasWidth", "The canvas must be both positive or both 0, was " + canvasWidth + " x " + canvasHeight + ".");
            }

            _maxPoints = maxPoints;
            _maxStrokes = maxStrokes;
            _canvasWidth = canvasWidth;
            _canvasHeight = canvasHeight;
            _x = new int[maxPoints];
            _y = new int[maxPoints];
            _strokeStart = new int[maxStrokes];
            _strokeLength = new int[maxStrokes];
        }

        /// <summary>Gets the maximum number of stored points.</summary>
        public int MaxPoints
        {
            get { return _maxPoints; }
        }

        /// <summary>Gets the maximum number of strokes.</summary>
        public int MaxStrokes
        {
            get { return _maxStrokes; }
        }

        /// <summary>Gets the canvas width in pixels, or 0 when points are not clipped.</summary>
        public int CanvasWidth
        {
            get { return _canvasWidth; }
        }

        /// <summary>Gets the canvas height in pixels, or 0 when points are not clipped.</summary>
        public int CanvasHeight
        {
            get { return _canvasHeight; }
        }

        /// <summary>Gets the number of strokes, including an open stroke that has at least one point.</summary>
        public int StrokeCount
        {
            get { return _strokeCount; }
        }

        /// <summary>Gets the number of stored points over all strokes.</summary>
        public int PointCount
        {
            get { return _pointCount; }
        }

        /// <summary>
        /// Gets or sets the minimum distance, in canvas pixels, between consecutive stored points of a stroke
        /// (default <see cref="DefaultMinPointSpacing"/>). 0 or 1 keeps every distinct point.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="MaxMinPointSpacing"/>.</exception>
        public int MinPointSpacing
        {
            get
            {
                return _minPointSpacing;
            }

            set
            {
                if (value < 0 || value > MaxMinPointSpacing)
                {
                    throw new ArgumentOutOfRangeException("value", "MinPointSpacing must be in 0.." + MaxMinPointSpacing + " pixels, was " + value + ".");
                }

                _minPointSpacing = value;
            }
        }

        /// <summary>Gets the current decimation stride: one incoming point in <see cref="Stride"/> is stored (1 until the buffer first fills).</summary>
        public int Stride
        {
            get { return _stride; }
        }

        /// <summary>Gets how many times the buffer was full and decimated since the last <see cref="Clear"/>.</summary>
        public int DecimationCount
        {
            get { return _decimationCount; }
        }

        /// <summary>Gets the number of pen-downs ignored because <see cref="MaxStrokes"/> strokes were already stored.</summary>
        public int DroppedStrokeCount
        {
            get { return _droppedStrokeCount; }
        }

        /// <summary>Gets the number of points dropped because they fell outside the canvas.</summary>
        public int OutsidePointCount
        {
            get { return _outsidePointCount; }
        }

        /// <summary>Gets a value indicating whether a pen-down is in progress (between <see cref="BeginStroke"/> and <see cref="EndStroke"/>).</summary>
        public bool IsPenDown
        {
            get { return _penDown; }
        }

        /// <summary>Starts a stroke (pen-down). Ends the open stroke first, if any.</summary>
        public void BeginStroke()
        {
            if (_penDown)
            {
                EndStroke();
            }

            _penDown = true;
            _strokeOpen = false;
            _discarding = false;
            _hasPending = false;
            _strideCounter = 0;
        }

        /// <summary>Adds a point to the current stroke, starting one if the pen is up. Never throws.</summary>
        /// <param name="x">Horizontal position in canvas pixels, to the right.</param>
        /// <param name="y">Vertical position in canvas pixels, downwards.</param>
        /// <returns>
        /// True when the point was stored as the stroke's new last point (a screen draws the segment from the
        /// previous last point to it); false when it was dropped or is only pending (see the class remarks).
        /// </returns>
        public bool AddPoint(int x, int y)
        {
            if (_canvasWidth > 0 && (x < 0 || y < 0 || x >= _canvasWidth || y >= _canvasHeight))
            {
                _outsidePointCount++;
                return false;
            }

            if (!_penDown)
            {
                BeginStroke();
            }

            if (_discarding)
            {
                return false;
            }

            if (!_strokeOpen)
            {
                if (_strokeCount == _maxStrokes)
                {
                    _discarding = true;
                    _droppedStrokeCount++;
                    return false;
                }

                MakeRoom();
                _strokeStart[_strokeCount] = _pointCount;
                _strokeLength[_strokeCount] = 1;
                _x[_pointCount] = x;
                _y[_pointCount] = y;
                _pointCount++;
                _strokeCount++;
                _strokeOpen = true;
                return true;
            }

            int last = _pointCount - 1;
            int dx = x - _x[last];
            int dy = y - _y[last];
            bool tooClose = (long)dx * dx + (long)dy * dy < (long)_minPointSpacing * _minPointSpacing || (dx == 0 && dy == 0);
            if (!tooClose)
            {
                _strideCounter++;
            }

            if (tooClose || _strideCounter < _stride)
            {
                _hasPending = true;
                _pendingX = x;
                _pendingY = y;
                return false;
            }

            _strideCounter = 0;
            _hasPending = false;
            Append(x, y);
            return true;
        }

        /// <summary>Ends the current stroke (pen-up), storing its pending end point: the last point the pen reported.</summary>
        /// <returns>True when the pending end point was stored (a screen draws its last segment); false otherwise.</returns>
        public bool EndStroke()
        {
            bool stored = false;
            if (_strokeOpen && _hasPending && !_discarding
                && (_pendingX != _x[_pointCount - 1] || _pendingY != _y[_pointCount - 1]))
            {
                Append(_pendingX, _pendingY);
                stored = true;
            }

            _penDown = false;
            _strokeOpen = false;
            _discarding = false;
            _hasPending = false;
            _strideCounter = 0;
            return stored;
        }

        /// <summary>Removes the last stroke (also when it is still open: the rest of that pen-down starts a new stroke).</summary>
        /// <returns>True if a stroke was removed; false if the buffer held no stroke.</returns>
        public bool UndoLastStroke()
        {
            if (_strokeCount == 0)
            {
                return false;
            }

            _strokeCount--;
            _pointCount = _strokeStart[_strokeCount];
            _strokeOpen = false;
            _hasPending = false;
            _penDown = false;
            _discarding = false;
            if (_strokeCount == 0)
            {
                _stride = 1;
            }

            return true;
        }

        /// <summary>Removes every stroke and resets the counters and the decimation stride.</summary>
        public void Clear()
        {
            _strokeCount = 0;
            _pointCount = 0;
            _penDown = false;
            _strokeOpen = false;
            _discarding = false;
            _hasPending = false;
            _stride = 1;
            _strideCounter = 0;
            _droppedStrokeCount = 0;
            _outsidePointCount = 0;
            _decimationCount = 0;
        }

        /// <summary>
        /// Makes this buffer an exact copy of <paramref name="source"/>'s closed strokes (an open stroke is copied as it
        /// is and closed): points, strokes and the decimation stride; no spacing rule is applied again. Allocates nothing.
        /// </summary>
        /// <param name="source">The buffer to copy; its <see cref="MaxPoints"/> and <see cref="MaxStrokes"/> must not exceed this one's.</param>
        /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="source"/> holds more points or strokes than this buffer can.</exception>
        public void CopyFrom(StrokeBuffer source)
        {
            if (source == null)
            {
                throw new ArgumentNullException("source");
            }

            if (source._pointCount > _maxPoints || source._strokeCount > _maxStrokes)
            {
                throw new ArgumentException("The source holds " + source._pointCount + " points in " + source._strokeCount
                    + " strokes; this buffer takes " + _maxPoints + " in " + _maxStrokes + ".", "source");
            }

            Clear();
            Array.Copy(source._x, _x, source._pointCount);
            Array.Copy(source._y, _y, source._pointCount);
            Array.Copy(source._strokeStart, _strokeStart, source._strokeCount);
            Array.Copy(source._strokeLength, _strokeLength, source._strokeCount);
            _pointCount = source._pointCount;
            _strokeCount = source._strokeCount;
            _stride = source._stride;
            _minPointSpacing = source._minPointSpacing;
        }

        /// <summary>Index of the first point of a stroke, for <see cref="GetX"/> and <see cref="GetY"/>.</summary>
        /// <param name="stroke">Stroke index, 0 ≤ stroke &lt; <see cref="StrokeCount"/>.</param>
        /// <returns>The point index.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="stroke"/> is out of range.</exception>
        public int GetStrokeStart(int stroke)
        {
            CheckStroke(stroke);
            return _strokeStart[stroke];
        }

        /// <summary>Number of points of a stroke (at least 1).</summary>
        /// <param name="stroke">Stroke index, 0 ≤ stroke &lt; <see cref="StrokeCount"/>.</param>
        /// <returns>The point count.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="stroke"/> is out of range.</exception>
        public int GetStrokeLength(int stroke)
        {
            CheckStroke(stroke);
            return _strokeLength[stroke];
        }

        /// <summary>Horizontal position of a point, in canvas pixels.</summary>
        /// <param name="point">Point index, 0 ≤ point &lt; <see cref="PointCount"/>.</param>
        /// <returns>The x coordinate.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="point"/> is out of range.</exception>
        public int GetX(int point)
        {
            CheckPoint(point);
            return _x[point];
        }

        /// <summary>Vertical position of a point, in canvas pixels.</summary>
        /// <param name="point">Point index, 0 ≤ point &lt; <see cref="PointCount"/>.</param>
        /// <returns>The y coordinate.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="point"/> is out of range.</exception>
        public int GetY(int point)
        {
            CheckPoint(point);
            return _y[point];
        }

        /// <summary>The x array, [MaxPoints] (entries from PointCount on are stale): the ink pipeline reads it directly,
        /// because nanoCLR pays a call per <see cref="GetX"/>.</summary>
        internal int[] XArray
        {
            get { return _x; }
        }

        /// <summary>The y array, [MaxPoints]; see <see cref="XArray"/>.</summary>
        internal int[] YArray
        {
            get { return _y; }
        }

        /// <summary>First point of each stroke, [MaxStrokes]; see <see cref="XArray"/>.</summary>
        internal int[] StrokeStartArray
        {
            get { return _strokeStart; }
        }

        /// <summary>Point count of each stroke, [MaxStrokes]; see <see cref="XArray"/>.</summary>
        internal int[] StrokeLengthArray
        {
            get { return _strokeLength; }
        }

        private void Append(int x, int y)
        {
            if (_pointCount == _maxPoints)
            {
                MakeRoom();
                if (_pointCount == _maxPoints)
                {
                    // Every stroke has two points (see the constructor's limit): move the open stroke's end instead.
                    _x[_pointCount - 1] = x;
                    _y[_pointCount - 1] = y;
                    return;
                }
            }

            _x[_pointCount] = x;
            _y[_pointCount] = y;
            _pointCount++;
            _strokeLength[_strokeCount - 1]++;
        }

        /// <summary>When full, removes each second interior point of every stroke and doubles the stride.</summary>
        private void MakeRoom()
        {
            if (_pointCount < _maxPoints)
            {
                return;
            }

            int write = 0;
            for (int s = 0; s < _strokeCount; s++)
            {
                int start = _strokeStart[s];
                int length = _strokeLength[s];
                int end = start + length - 1;
                _strokeStart[s] = write;
                int kept = 0;
                for (int p = start; p <= end; p++)
                {
                    // Keep the first point, every second interior point, and the last point.
                    int i = p - start;
                    if (i == 0 || p == end || (i & 1) == 0)
                    {
                        _x[write] = _x[p];
                        _y[write] = _y[p];
                        write++;
                        kept++;
                    }
                }

                _strokeLength[s] = kept;
            }

            _pointCount = write;
            _decimationCount++;
            if (_stride < MaxStride)
            {
                _stride *= 2;
            }

            _strideCounter = 0;
        }

        private void CheckStroke(int stroke)
        {
            if (stroke < 0 || stroke >= _strokeCount)
            {
                throw new ArgumentOutOfRangeException("stroke", "Stroke " + stroke + " is out of range 0.." + (_strokeCount - 1) + ".");
            }
        }

        private void CheckPoint(int point)
        {
            if (point < 0 || point >= _pointCount)
            {
                throw new ArgumentOutOfRangeException("point", "Point " + point + " is out of range 0.." + (_pointCount - 1) + ".");
            }
        }
    }
}
