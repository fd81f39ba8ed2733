using System.Text;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.PenDigits;

/// <summary>Where one source digit went in a composed drawing.</summary>
/// <param name="Source">The source drawing's <see cref="StrokeSample.Source"/> (file and line, e.g. <c>unipen-1a-dev.jsonl:812</c>; ids of the source file are not unique).</param>
/// <param name="SourceId">The source drawing's id.</param>
/// <param name="Label">The digit, one character <c>0</c>..<c>9</c>.</param>
/// <param name="Scale">Uniform scale applied to the source strokes (both axes).</param>
/// <param name="OffsetX">Translation after scaling, canvas pixels: x' = x·Scale + OffsetX (before the 0.01-px rounding).</param>
/// <param name="OffsetY">Translation after scaling, canvas pixels: y' = y·Scale + OffsetY.</param>
/// <param name="Left">Left edge of the digit's box in the composed drawing, canvas pixels: the source box, scaled and translated.</param>
/// <param name="Top">Top edge of the box.</param>
/// <param name="Right">Right edge of the box (the box of the stroke points, no pen width added; the points, rounded to 0.01 px, lie within it up to 0.005 px).</param>
/// <param name="Bottom">Bottom edge of the box.</param>
/// <param name="FirstStroke">Index of the digit's first stroke in the composed drawing's strokes.</param>
/// <param name="StrokeCount">Number of strokes of the digit (the source's, unchanged).</param>
public sealed record ComposedDigit(string Source, string SourceId, string Label, double Scale, double OffsetX, double OffsetY,
    double Left, double Top, double Right, double Bottom, int FirstStroke, int StrokeCount);

/// <summary>A composed multi-digit drawing and how it was made.</summary>
/// <param name="Sample">The drawing in the project's stroke format; <see cref="StrokeSample.Id"/> is <c>&lt;writer&gt;/compose-&lt;n&gt;</c>.</param>
/// <param name="Writer">The one writer of all its digits (<see cref="WriterSplit.WriterOf"/> of the source ids).</param>
/// <param name="DigitHeight">The string's common digit height H, canvas pixels, which every relative range refers to.</param>
/// <param name="Digits">The digits, left to right (which is also their writing order).</param>
/// <param name="Gaps">Horizontal gap between the boxes of digit k and k+1, canvas pixels, [Digits.Count − 1]; negative when the boxes overlap.</param>
public sealed record ComposedDrawing(StrokeSample Sample, string Writer, double DigitHeight, IReadOnlyList<ComposedDigit> Digits, IReadOnlyList<double> Gaps);

/// <summary>
/// Composes multi-digit drawings ("4071") from real single pen-drawn digits (<c>unipen-1a-dev.jsonl</c>), to
/// measure whole-string reading of real handwriting. Deterministic for a given seed and source list.
/// </summary>
/// <remarks>
/// <para>Each drawing is a number written by <b>one</b> writer: <see cref="MinDigits"/>–<see cref="MaxDigits"/>
/// distinct digit drawings of that writer, placed left to right as a person writes a number. All lengths are canvas
/// pixels; the relative ranges below are shares of the string's common digit height H. Every random quantity is
/// drawn uniformly from its range: this data has isolated digits only, so there is no measured distribution of
/// real inter-digit layout to follow, and a flat draw weights the tight, normal and wide ends alike instead of
/// pretending to know the real density.</para>
/// <list type="bullet">
/// <item><b>Strokes unchanged</b>: each digit's strokes are only uniformly scaled and translated (then rounded to
/// <see cref="Decimals"/> decimals, ≤ 0.005 px), never resampled, smoothed or sheared; the strokes keep their
/// order, and the digits are written left to right. No slant is added: every digit already carries its writer's own
/// slant, and a shear would change the strokes beyond a uniform scale.</item>
/// <item><b>Height</b>: H is drawn from [<see cref="MinDigitHeight"/>, <see cref="MaxDigitHeight"/>] px; each digit's
/// box height is H·(1 ± <see cref="SizeJitter"/>), its width following from its own aspect ratio. The source digits
/// were all scaled to a 150-px larger side, which erased the writer's natural size differences; scaling by height
/// restores a common height (a "1" as tall as a "0"), as in a written number.</item>
/// <item><b>Baseline</b>: each digit's bottom is offset by ±<see cref="BaselineJitter"/>·H from a common baseline:
/// unruled writing wanders by a few percent of the digit height.</item>
/// <item><b>Gaps</b>: the horizontal gap from one box to the next is drawn from
/// [<see cref="MinGap"/>·H, <see cref="MaxGap"/>·H], then limited so that the boxes overlap by at most
/// <see cref="MaxOverlapShare"/> of the narrower box (see <see cref="MinGap"/>).</item>
/// <item><b>Canvas</b>: the string's bounding box plus a margin of <see cref="Margin"/>·H on every side, rounded up
/// to whole pixels.</item>
/// </list>
/// <para>A drawing's id is <c>&lt;writer&gt;/compose-&lt;n&gt;</c>, n being its 1-based position in the output.
/// <see cref="WriterSplit.WriterOf"/> of such an id is the source writer, so a composed file splits by writer like the
/// pen digits it came from.</para>
/// </remarks>
public sealed class MultiDigitComposer
{
    /// <summary>Fewest digits in a drawing: 2 (one digit is the single-digit case, measured elsewhere).</summary>
    public const int MinDigits = 2;

    /// <summary>Most digits in a drawing: 5, the length of a postcode or a price; the counts 2..5 are equally likely.</summary>
    public const int MaxDigits = 5;

    /// <summary>
    /// Smallest common digit height H, canvas pixels: 60, a digit of a 4–5 digit number written across a 320-px
    /// device screen. The ink pipeline is scale-invariant, so the size only changes integer rounding on the device.
    /// </summary>
    public const double MinDigitHeight = 60;

    /// <summary>Largest common digit height H, canvas pixels: 150, the source digits' own scale (no magnification beyond it).</summary>
    public const double MaxDigitHeight = 150;

    /// <summary>
    /// Per-digit size jitter: each digit's height is H·[1 − 0.10, 1 + 0.10]. Digits of one written number differ in
    /// height by several percent; ±10 % keeps every digit well above half the string height, i.e. a digit stays
    /// a digit and never looks like a fragment.
    /// </summary>
    public const double SizeJitter = 0.10;

    /// <summary>Baseline jitter: each digit's bottom is moved by up to ±0.05·H, the wander of unruled writing.</summary>
    public const double BaselineJitter = 0.05;

    /// <summary>
    /// Smallest gap between consecutive digit boxes, as a share of H: −0.06, i.e. boxes overlapping horizontally by
    /// up to 6 % of the height (6 px at H = 100 px), as when a tail or bar of one digit reaches past the start of the
    /// next in quick writing. About 13 % of gaps are negative and about 35 % are under 0.1·H, the "tight" gaps the
    /// project's synthetic set (3–40 %) does not have (docs/ink.md: real users leave tighter or overlapping gaps).
    /// The overlap is further limited to <see cref="MaxOverlapShare"/> of the narrower box. The range was set by
    /// this reasoning before measuring, not tuned on the segmenter's results.
    /// </summary>
    public const double MinGap = -0.06;

    /// <summary>Largest gap between consecutive digit boxes, as a share of H: 0.40, a loose but still single number (the synthetic set's upper bound).</summary>
    public const double MaxGap = 0.40;

    /// <summary>
    /// Largest horizontal overlap of two consecutive boxes as a share of the narrower box: 0.25. A narrow "1" is a
    /// few pixels wide; an overlap of 0.06·H would put the next digit's box past the "1" altogether (its ink drawn
    /// over the "1", boxes out of order), which a person writing a legible number does not do.
    /// </summary>
    public const double MaxOverlapShare = 0.25;

    /// <summary>Canvas margin around the string on every side, as a share of H: 0.25.</summary>
    public const double Margin = 0.25;

    /// <summary>Decimals kept for coordinates in the composed drawings and their files: 2 (0.01 px, as in the source file).</summary>
    public const int Decimals = 2;

    /// <summary>Seed used by <c>edgedigits compose</c> when none is given.</summary>
    public const int DefaultSeed = 4071;

    /// <summary>Last id part of a composed drawing, before its number.</summary>
    public const string IdSegmentPrefix = "compose-";

    private readonly SortedDictionary<string, List<SourceDigit>> _byWriter = new(StringComparer.Ordinal);

    /// <summary>Creates a composer over a pool of single-digit drawings.</summary>
    /// <param name="digits">
    /// Source drawings, e.g. every line of <c>unipen-1a-dev.jsonl</c>. Used: drawings whose label is one digit
    /// <c>0</c>..<c>9</c>, whose id has a writer, and whose ink has a positive height; the others are counted in
    /// <see cref="SkippedCount"/>. Within a writer the drawings keep the given order (the output depends on it).
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="digits"/> is null.</exception>
    public MultiDigitComposer(IEnumerable<StrokeSample> digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (StrokeSample sample in digits)
        {
            string? writer = WriterSplit.WriterOf(sample.Id);
            if (writer == null || sample.Label is not { Length: 1 } label || label[0] < '0' || label[0] > '9' || !TryBox(sample, out Box box))
            {
                SkippedCount++;
                continue;
            }

            if (!_byWriter.TryGetValue(writer, out List<SourceDigit>? list))
            {
                _byWriter[writer] = list = new List<SourceDigit>();
            }

            list.Add(new SourceDigit(sample, box));
        }
    }

    /// <summary>Source drawings not used (no single-digit label, no writer, or no ink height).</summary>
    public int SkippedCount { get; }

    /// <summary>The writers of the usable digits, ordinal order.</summary>
    public IReadOnlyCollection<string> Writers => _byWriter.Keys;

    /// <summary>Number of usable digits of a writer (0 when unknown).</summary>
    /// <param name="writer">A writer key (<see cref="WriterSplit.WriterOf"/>).</param>
    /// <returns>The count.</returns>
    public int DigitCount(string writer) => _byWriter.TryGetValue(writer, out List<SourceDigit>? list) ? list.Count : 0;

    /// <summary>The id of the n-th composed drawing of a writer: <c>&lt;writer&gt;/compose-&lt;n&gt;</c>.</summary>
    /// <param name="writer">The source writer.</param>
    /// <param name="n">1-based position of the drawing in the output.</param>
    /// <returns>The id.</returns>
    public static string IdFor(string writer, int n) => writer + "/" + IdSegmentPrefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Composes <paramref name="count"/> drawings from the writers of <paramref name="subset"/>.</summary>
    /// <param name="count">Number of drawings, at least 1.</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that makes every choice; the same seed and sources give the same drawings.</param>
    /// <param name="subset">Which writers (<see cref="WriterSplit"/>) the digits come from.</param>
    /// <returns>The drawings; drawing n (1-based) has id <c>&lt;writer&gt;/compose-&lt;n&gt;</c>. The first m of a larger count are the m of a smaller one.</returns>
    /// <remarks>
    /// Per drawing: the digit count k is drawn from 2..5, then the writer uniformly from the writers with at least k
    /// usable digits (so every writer weighs the same, however many digits they gave), then k distinct digits of that
    /// writer. When no writer has k digits, k is lowered to the most any writer has.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">No writer of the subset has at least <see cref="MinDigits"/> usable digits.</exception>
    public List<ComposedDrawing> Compose(int count, int seed, WriterSubset subset = WriterSubset.Validation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        List<string> writers = _byWriter.Keys.Where(w => subset == WriterSubset.All || WriterSplit.IsValidationWriter(w) == (subset == WriterSubset.Validation)).ToList();
        int most = writers.Count == 0 ? 0 : writers.Max(w => _byWriter[w].Count);
        if (most < MinDigits)
        {
            throw new InvalidOperationException(
                $"no {Describe(subset)} writer has at least {MinDigits} usable single digits ({writers.Count} writers, {_byWriter.Count} in all, {SkippedCount} drawings skipped).");
        }

        var random = new Random(seed);
        var drawings = new List<ComposedDrawing>(count);
        for (int n = 1; n <= count; n++)
        {
            int k = Math.Min(random.Next(MinDigits, MaxDigits + 1), most);
            List<string> candidates = writers.Where(w => _byWriter[w].Count >= k).ToList();
            string writer = candidates[random.Next(candidates.Count)];
            drawings.Add(ComposeOne(random, writer, Pick(random, _byWriter[writer], k), n));
        }

        return drawings;
    }

    /// <summary>Formats drawings as stroke-file lines (<see cref="StrokeFileWriter.Format"/>, <see cref="Decimals"/> decimals), each ending in <c>\n</c>.</summary>
    /// <param name="drawings">The drawings.</param>
    /// <returns>The file's text; UTF-8 without BOM when written.</returns>
    public static string FormatJsonl(IEnumerable<ComposedDrawing> drawings)
    {
        ArgumentNullException.ThrowIfNull(drawings);
        var text = new StringBuilder();
        foreach (ComposedDrawing d in drawings)
        {
            text.Append(StrokeFileWriter.Format(d.Sample, Decimals)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes drawings to a <c>.jsonl</c> stroke file (see <see cref="FormatJsonl"/>), creating its directory; byte-identical for identical drawings.</summary>
    /// <param name="drawings">The drawings.</param>
    /// <param name="path">The file to write (overwritten).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    public static void WriteJsonl(IEnumerable<ComposedDrawing> drawings, string path)
    {
        string text = FormatJsonl(drawings);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static string Describe(WriterSubset subset) => subset switch
    {
        WriterSubset.Validation => "validation",
        WriterSubset.Train => "training",
        _ => "",
    };

    private static List<SourceDigit> Pick(Random random, List<SourceDigit> pool, int k)
    {
        // Partial Fisher-Yates over indices: k distinct digits, in the order drawn (which becomes left to right).
        int[] index = Enumerable.Range(0, pool.Count).ToArray();
        var picked = new List<SourceDigit>(k);
        for (int i = 0; i < k; i++)
        {
            int j = random.Next(i, index.Length);
            (index[i], index[j]) = (index[j], index[i]);
            picked.Add(pool[index[i]]);
        }

        return picked;
    }

    private static ComposedDrawing ComposeOne(Random random, string writer, List<SourceDigit> digits, int n)
    {
        double h = Uniform(random, MinDigitHeight, MaxDigitHeight);

        // Lay the boxes out with the baseline at y = 0 and the first box at x = 0, then shift everything into the canvas.
        var scales = new double[digits.Count];
        var lefts = new double[digits.Count];
        var bottoms = new double[digits.Count];
        var gaps = new double[digits.Count - 1];
        double previousRight = 0, previousWidth = 0;
        for (int i = 0; i < digits.Count; i++)
        {
            Box box = digits[i].Box;
            double height = h * Uniform(random, 1 - SizeJitter, 1 + SizeJitter);
            scales[i] = height / box.Height;
            double width = box.Width * scales[i];
            bottoms[i] = h * Uniform(random, -BaselineJitter, BaselineJitter);
            if (i == 0)
            {
                lefts[i] = 0;
            }
            else
            {
                double gap = h * Uniform(random, MinGap, MaxGap);
                gap = Math.Max(gap, -MaxOverlapShare * Math.Min(previousWidth, width));
                gaps[i - 1] = gap;
                lefts[i] = previousRight + gap;
            }

            previousRight = lefts[i] + width;
            previousWidth = width;
        }

        double minX = lefts[0];
        double minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int i = 0; i < digits.Count; i++)
        {
            Box box = digits[i].Box;
            minY = Math.Min(minY, bottoms[i] - box.Height * scales[i]);
            maxY = Math.Max(maxY, bottoms[i]);
            maxX = Math.Max(maxX, lefts[i] + box.Width * scales[i]);
        }

        double margin = Margin * h;
        double shiftX = margin - minX, shiftY = margin - minY;
        var strokes = new List<StrokePoint[]>();
        var placed = new List<ComposedDigit>(digits.Count);
        var label = new StringBuilder(digits.Count);
        for (int i = 0; i < digits.Count; i++)
        {
            SourceDigit digit = digits[i];
            double s = scales[i];
            double offsetX = lefts[i] + shiftX - digit.Box.MinX * s;
            double offsetY = bottoms[i] + shiftY - digit.Box.MaxY * s;
            int first = strokes.Count;
            foreach (StrokePoint[] stroke in digit.Sample.Strokes)
            {
                var moved = new StrokePoint[stroke.Length];
                for (int p = 0; p < stroke.Length; p++)
                {
                    moved[p] = new StrokePoint(Round(stroke[p].X * s + offsetX), Round(stroke[p].Y * s + offsetY));
                }

                strokes.Add(moved);
            }

            placed.Add(new ComposedDigit(digit.Sample.Source, digit.Sample.Id!, digit.Sample.Label!, s, offsetX, offsetY,
                digit.Box.MinX * s + offsetX, digit.Box.MinY * s + offsetY, digit.Box.MaxX * s + offsetX, digit.Box.MaxY * s + offsetY,
                first, digit.Sample.Strokes.Count));
            label.Append(digit.Sample.Label);
        }

        double canvasWidth = Math.Ceiling(maxX + shiftX + margin);
        double canvasHeight = Math.Ceiling(maxY + shiftY + margin);
        string id = IdFor(writer, n);
        var sample = new StrokeSample(id, canvasWidth, canvasHeight, strokes, label.ToString(), id);
        return new ComposedDrawing(sample, writer, h, placed, gaps);
    }

    private static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    private static double Round(double v)
    {
        double r = Math.Round(v, Decimals, MidpointRounding.AwayFromZero);
        return r == 0 ? 0 : r;
    }

    private static bool TryBox(StrokeSample sample, out Box box)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (StrokePoint[] stroke in sample.Strokes)
        {
            foreach (StrokePoint p in stroke)
            {
                minX = Math.Min(minX, p.X);
                minY = Math.Min(minY, p.Y);
                maxX = Math.Max(maxX, p.X);
                maxY = Math.Max(maxY, p.Y);
            }
        }

        box = new Box(minX, minY, maxX, maxY);
        return maxY > minY;
    }

    private readonly record struct Box(double MinX, double MinY, double MaxX, double MaxY)
    {
        public double Width => MaxX - MinX;

        public double Height => MaxY - MinY;
    }

    private sealed record SourceDigit(StrokeSample Sample, Box Box);
}
