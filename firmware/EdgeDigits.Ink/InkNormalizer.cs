using System;

namespace EdgeDigits.Ink
{
    /// <summary>
    /// Turns strokes into the 28×28 input LeNet-5 was trained on, the way MNIST was made (LeCun, Bottou, Bengio,
    /// Haffner 1998, §III.A; http://yann.lecun.com/exdb/mnist/): the digit is scaled, keeping its aspect ratio, so
    /// that its larger side fits a 20×20 box, anti-aliased, and placed in the 28×28 field with its centre of mass at
    /// the centre. White ink (255) on black (0). Integer arithmetic only; allocation-free.
    /// </summary>
    /// <remarks>
    /// <para><b>Direct rasterization.</b> Stroke centre lines are mapped to output pixels in Q4 fixed point
    /// (1/16 pixel) and drawn as a round pen of <see cref="PenWidth16"/>/16 output pixels: a pixel's coverage is a function
    /// of its centre's distance d to the nearest stroke segment, <c>coverage = clamp(r + ½ − d, 0, 1)</c> with r the pen
    /// radius (the area of a unit pixel under a straight edge at distance d, to first order). Segments are combined with
    /// max, so crossings and slow, dense strokes do not darken. Because the pen is defined in output pixels, small and
    /// large drawings, fast (sparse) and slow (dense) strokes give the same stroke thickness.</para>
    /// <para><b>Scale.</b> With w, h the centre-line extents in canvas pixels, every point maps as
    /// <c>X = (x − cx) · S / max(w, h, MinExtent) + offset</c> where S = 20 − pen width − 1 output pixels, so the inked
    /// area (centre line + pen + anti-aliasing fringe) spans 20 pixels along the larger side, as in MNIST. One scale for
    /// both axes: a vertical "1" stays thin. <see cref="MinExtent"/> stops a tap or a jittery dot from being magnified
    /// into a blob.</para>
    /// <para><b>Centre of mass.</b> The digit is rasterized once with its box centred, the intensity-weighted centre
    /// of mass is measured, and the digit is rasterized again with the offset that puts it at
    /// (<see cref="CenterOfMassX16"/>, <see cref="CenterOfMassY16"/>)/16: the sub-pixel shift happens in the
    /// geometry, not by resampling pixels.</para>
    /// <para>Cost per rasterization: for each segment, the pixels of its bounding box grown by the pen reach
    /// (typically 4×4 to 6×6); points closer than a quarter output pixel to the previous one are skipped.</para>
    /// </remarks>
    public sealed class InkNormalizer
    {
        /// <summary>Output height and width, in pixels.</summary>
        public const int OutputSize = 28;

        /// <summary>Output length, 28·28.</summary>
        public const int OutputLength = OutputSize * OutputSize;

        /// <summary>Side of the box the digit's ink is fitted into, in output pixels (MNIST: 20).</summary>
        public const int BoxSize = 20;

        /// <summary>Default pen width, in 1/16 output pixel: 2.5 px, MNIST's measured stroke width (docs/ink.md).</summary>
        public const int DefaultPenWidth16 = 40;

        /// <summary>
        /// Default centre-of-mass target, in 1/16 output pixel from the top-left corner of pixel 0: 232 = 14.5, i.e. the
        /// centre of pixel 14, where MNIST's digits have it (measured over the 10,000 test images: 14.51, 14.49).
        /// </summary>
        public const int DefaultCenterOfMass16 = 232;

        private const int Q = 16;
        private const int MinSegmentQ4 = 4;

        private byte[] _coverage;
        private int _coverageLength;
        private int _reachQ4;
        private int _penWidth16;
        private int _minExtent = 8;
        private int _centerX16 = DefaultCenterOfMass16;
        private int _centerY16 = DefaultCenterOfMass16;

        // Per-call transform state, Q4 output coordinates = ((2·c − (min + max)) · _scaleNum) / _scaleDen + offset.
        private long _scaleNum;
        private long _scaleDen;
        private int _offX;
        private int _offY;
        private bool _lastWasDot;
        private int _lastMassX16;
        private int _lastMassY16;

        /// <summary>Creates a normalizer with the default pen width.</summary>
        public InkNormalizer()
        {
            PenWidth16 = DefaultPenWidth16;
        }

        /// <summary>
        /// Gets or sets the pen width in 1/16 output pixel (16 = one 28×28 pixel), 8..96. Rebuilds the coverage table
        /// (allocates: set it at start-up, not between recognitions).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is outside 8..96.</exception>
        public int PenWidth16
        {
            get
            {
                return _penWidth16;
            }

            set
            {
                if (value < 8 || value > 96)
                {
                    throw new ArgumentOutOfRangeException("value", "PenWidth16 must be in 8..96 (0.5 to 6 pixels), was " + value + ".");
                }

                _penWidth16 = value;
                BuildCoverageTable();
            }
        }

        /// <summary>
        /// Gets or sets the smallest centre-line extent, in canvas pixels, that is scaled up to the full box
        /// (default 8, about 1/40 of a 320-pixel canvas). Smaller drawings keep the scale of a drawing of this size
        /// and are reported as dots (<see cref="LastWasDot"/>).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
        public int MinExtent
        {
            get
            {
                return _minExtent;
            }

            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value", "MinExtent must be at least 1 pixel, was " + value + ".");
                }

                _minExtent = value;
            }
        }

        /// <summary>Gets or sets the x target of the centre of mass, in 1/16 output pixel (default 232 = 14.5); clamped to 128..320.</summary>
        public int CenterOfMassX16
        {
            get { return _centerX16; }
            set { _centerX16 = Clamp(value, 8 * Q, 20 * Q); }
        }

        /// <summary>Gets or sets the y target of the centre of mass, in 1/16 output pixel (default 232 = 14.5); clamped to 128..320.</summary>
        public int CenterOfMassY16
        {
            get { return _centerY16; }
            set { _centerY16 = Clamp(value, 8 * Q, 20 * Q); }
        }

        /// <summary>Gets a value indicating whether the last normalized drawing was smaller than <see cref="MinExtent"/> (a tap or a dot).</summary>
        public bool LastWasDot
        {
            get { return _lastWasDot; }
        }

        /// <summary>Gets the x centre of mass of the last output, in 1/16 pixel (for tests and diagnostics).</summary>
        public int LastCenterOfMassX16
        {
            get { return _lastMassX16; }
        }

        /// <summary>Gets the y centre of mass of the last output, in 1/16 pixel (for tests and diagnostics).</summary>
        public int LastCenterOfMassY16
        {
            get { return _lastMassY16; }
        }

        /// <summary>Normalizes every stroke of <paramref name="ink"/>.</summary>
        /// <param name="ink">The strokes, canvas pixels.</param>
        /// <param name="output">[28·28] row-major output, 0 = background, 255 = ink; cleared first.</param>
        /// <returns>False (output all 0) when there is no point.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="ink"/> or <paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="output"/> is not 784 long.</exception>
        public bool Normalize(StrokeBuffer ink, byte[] output)
        {
            return Normalize(ink, null, 0, output);
        }

        /// <summary>Normalizes the strokes of one group (one digit) of <paramref name="ink"/>.</summary>
        /// <param name="ink">The strokes, canvas pixels.</param>
        /// <param name="strokeGroup">[StrokeCount] group index of each stroke (see <see cref="DigitSegmenter"/>), or null for all strokes.</param>
        /// <param name="group">The group to draw.</param>
        /// <param name="output">[28·28] row-major output, 0 = background, 255 = ink; cleared first.</param>
        /// <returns>False (output all 0) when the group has no point.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="ink"/> or <paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="output"/> is not 784 long, or <paramref name="strokeGroup"/> is shorter than the stroke count.</exception>
        public bool Normalize(StrokeBuffer ink, int[] strokeGroup, int group, byte[] output)
        {
            if (ink == null)
            {
                throw new ArgumentNullException("ink");
            }

            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            if (output.Length != OutputLength)
            {
                throw new ArgumentException("output must hold 28x28 = 784 values.", "output");
            }

            int strokeCount = ink.StrokeCount;
            if (strokeGroup != null && strokeGroup.Length < strokeCount)
            {
                throw new ArgumentException("strokeGroup must have an entry per stroke.", "strokeGroup");
            }

            Array.Clear(output, 0, OutputLength);
            _lastWasDot = false;

            // Bounding box of the centre lines, canvas pixels.
            int[] xs = ink.XArray;
            int[] ys = ink.YArray;
            int[] starts = ink.StrokeStartArray;
            int[] lengths = ink.StrokeLengthArray;
            int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
            bool any = false;
            for (int s = 0; s < strokeCount; s++)
            {
                if (strokeGroup != null && strokeGroup[s] != group)
                {
                    continue;
                }

                int start = starts[s];
                int end = start + lengths[s];
                for (int p = start; p < end; p++)
                {
                    int x = xs[p];
                    int y = ys[p];
                    if (x < minX) { minX = x; }
                    if (x > maxX) { maxX = x; }
                    if (y < minY) { minY = y; }
                    if (y > maxY) { maxY = y; }
                    any = true;
                }
            }

            if (!any)
            {
                return false;
            }

            long width = (long)maxX - minX;
            long height = (long)maxY - minY;
            long extent = width > height ? width : height;
            if (extent < _minExtent)
            {
                extent = _minExtent;
                _lastWasDot = width < _minExtent && height < _minExtent;
            }

            // S = 20 − pen − 1 output pixels for the centre lines, in Q4; the factor 2 comes from the doubled midpoint.
            int spanQ4 = BoxSize * Q - _penWidth16 - Q;
            _scaleNum = spanQ4;
            _scaleDen = 2 * extent;
            long midX2 = (long)minX + maxX;
            long midY2 = (long)minY + maxY;

            // Pass 1: the box centred in the field.
            _offX = OutputSize * Q / 2;
            _offY = OutputSize * Q / 2;
            int passes = 0;
            while (true)
            {
                Rasterize(ink, strokeGroup, group, midX2, midY2, output);
                passes++;
                if (!MeasureCenterOfMass(output))
                {
                    return true;
                }

                int shiftX = _centerX16 - _lastMassX16;
                int shiftY = _centerY16 - _lastMassY16;
                bool close = shiftX <= 1 && shiftX >= -1 && shiftY <= 1 && shiftY >= -1;
                if (close || passes == 3)
                {
                    return true;
                }

                _offX += shiftX;
                _offY += shiftY;
                Array.Clear(output, 0, OutputLength);
            }
        }

        private void Rasterize(StrokeBuffer ink, int[] strokeGroup, int group, long midX2, long midY2, byte[] output)
        {
            // Arrays and transform in locals: nanoCLR pays a heap-allocated frame per call, so nothing is called per point.
            int strokeCount = ink.StrokeCount;
            int[] xs = ink.XArray;
            int[] ys = ink.YArray;
            int[] starts = ink.StrokeStartArray;
            int[] lengths = ink.StrokeLengthArray;
            long num = _scaleNum;
            long den = _scaleDen;
            int offX = _offX;
            int offY = _offY;
            for (int s = 0; s < strokeCount; s++)
            {
                if (strokeGroup != null && strokeGroup[s] != group)
                {
                    continue;
                }

                int start = starts[s];
                int end = start + lengths[s] - 1;
                int ax = (int)((2L * xs[start] - midX2) * num / den) + offX;
                int ay = (int)((2L * ys[start] - midY2) * num / den) + offY;
                if (start == end)
                {
                    DrawSegment(ax, ay, ax, ay, output);
                    continue;
                }

                for (int p = start + 1; p <= end; p++)
                {
                    int bx = (int)((2L * xs[p] - midX2) * num / den) + offX;
                    int by = (int)((2L * ys[p] - midY2) * num / den) + offY;
                    int dx = bx - ax;
                    int dy = by - ay;

                    // Skip points closer than a quarter output pixel to the last drawn one, except the stroke's last point:
                    // dense, slow strokes cost fewer segments, and a corner is cut by at most 0.25 px.
                    if (p != end && dx < MinSegmentQ4 && dx > -MinSegmentQ4 && dy < MinSegmentQ4 && dy > -MinSegmentQ4)
                    {
                        continue;
                    }

                    DrawSegment(ax, ay, bx, by, output);
                    ax = bx;
                    ay = by;
                }
            }
        }

        /// <summary>Max-combines the pen coverage of segment A→B (Q4 output coordinates) into the output.</summary>
        /// <remarks>
        /// Each pixel centre P of the segment's reach box gets <c>coverage[|P − S|²]</c>, S the point of A→B nearest to P
        /// (t = dot/len² in Q8); P − A and the dot product advance by one pixel per column instead of being recomputed.
        /// </remarks>
        private void DrawSegment(int ax, int ay, int bx, int by, byte[] output)
        {
            int reach = _reachQ4;
            int minX = ax < bx ? ax : bx;
            int maxX = ax > bx ? ax : bx;
            int minY = ay < by ? ay : by;
            int maxY = ay > by ? ay : by;

            // Pixel i covers [16·i, 16·i + 16) in Q4; its centre is at 16·i + 8.
            int x0 = FloorDiv16(minX - reach - 8) + 1;
            int x1 = FloorDiv16(maxX + reach - 8);
            int y0 = FloorDiv16(minY - reach - 8) + 1;
            int y1 = FloorDiv16(maxY + reach - 8);
            if (x0 < 0) { x0 = 0; }
            if (y0 < 0) { y0 = 0; }
            if (x1 > OutputSize - 1) { x1 = OutputSize - 1; }
            if (y1 > OutputSize - 1) { y1 = OutputSize - 1; }

            int ex = bx - ax;
            int ey = by - ay;
            int len2 = ex * ex + ey * ey;
            byte[] coverage = _coverage;
            int coverageLength = _coverageLength;
            int dotStep = Q * ex;
            for (int iy = y0; iy <= y1; iy++)
            {
                int centreY = iy * Q + 8;
                // px, dot = (P − A)·E advance by one pixel (16 Q4) per column.
                int py = centreY - ay;
                int px = x0 * Q + 8 - ax;
                int dot = px * ex + py * ey;
                int end = iy * OutputSize + x1;
                for (int i = iy * OutputSize + x0; i <= end; i++, px += Q, dot += dotStep)
                {
                    int qx;
                    int qy;
                    if (dot <= 0)
                    {
                        qx = px;
                        qy = py;
                    }
                    else if (dot >= len2)
                    {
                        qx = px - ex;
                        qy = py - ey;
                    }
                    else
                    {
                        // t = dot / len2 in Q8; |dot| ≤ len2 ≤ 2·(64·16)² keeps dot·256 below 2^31.
                        int t = (dot << 8) / len2;
                        qx = px - ((t * ex) >> 8);
                        qy = py - ((t * ey) >> 8);
                    }

                    int d2 = qx * qx + qy * qy;
                    if (d2 < coverageLength)
                    {
                        byte c = coverage[d2];
                        if (c > output[i])
                        {
                            output[i] = c;
                        }
                    }
                }
            }
        }

        /// <summary>Intensity-weighted centre of mass in 1/16 pixel, pixel centres at i + ½.</summary>
        private bool MeasureCenterOfMass(byte[] output)
        {
            int sum = 0;
            int sumX = 0;
            int sumY = 0;
            for (int y = 0; y < OutputSize; y++)
            {
                int row = y * OutputSize;
                for (int x = 0; x < OutputSize; x++)
                {
                    int v = output[row + x];
                    sum += v;
                    sumX += v * (2 * x + 1);
                    sumY += v * (2 * y + 1);
                }
            }

            // Σv ≤ 784·255 ≈ 2·10^5 and Σv·(2x+1) ≤ 1.1·10^7: no overflow.
            if (sum == 0)
            {
                return false;
            }

            _lastMassX16 = (int)(((long)sumX * 8 + sum / 2) / sum);
            _lastMassY16 = (int)(((long)sumY * 8 + sum / 2) / sum);
            return true;
        }

        /// <summary>coverage[d²] for d² in 1/256 px² (Q4·Q4): 255·clamp(r + ½ − d, 0, 1).</summary>
        private void BuildCoverageTable()
        {
            // Radius and reach in Q8 pixels; d (Q8) = isqrt(d² in Q8·256).
            int radiusQ8 = _penWidth16 * 8;
            int reachQ8 = radiusQ8 + 128;
            int length = (int)(((long)reachQ8 * reachQ8) >> 8) + 1;
            byte[] table = new byte[length];
            for (int i = 0; i < length; i++)
            {
                int dQ8 = ISqrt(i * 256);
                int c = reachQ8 - dQ8;
                if (c < 0) { c = 0; }
                if (c > 256) { c = 256; }
                table[i] = (byte)((c * 255 + 128) >> 8);
            }

            _coverage = table;
            _coverageLength = length;
            _reachQ4 = (reachQ8 + 15) >> 4;
        }

        private static int ISqrt(int n)
        {
            // Integer square root by bitwise digit extraction (no System.Math): largest r with r·r ≤ n.
            int result = 0;
            int bit = 1 << 30;
            while (bit > n)
            {
                bit >>= 2;
            }

            while (bit != 0)
            {
                if (n >= result + bit)
                {
                    n -= result + bit;
                    result = (result >> 1) + bit;
                }
                else
                {
                    result >>= 1;
                }

                bit >>= 2;
            }

            return result;
        }

        private static int FloorDiv16(int v)
        {
            return v >> 4;
        }

        private static int Clamp(int v, int min, int max)
        {
            return v < min ? min : (v > max ? max : v);
        }
    }
}
