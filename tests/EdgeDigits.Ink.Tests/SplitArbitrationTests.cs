using EdgeDigits.Ink;
using EdgeDigits.Model;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// Segmentation by recognition in the split direction, and the no-touch prior, on real pen digits of the validation
/// writers placed side by side. Each case is first shown to be one the overlap rule alone gets wrong (arbitration off).
/// </summary>
public class SplitArbitrationTests
{
    private static readonly Int8Network Shipped = LeNet5Model.Create();

    private static readonly Lazy<List<StrokeSample>> s_validation = new(() =>
    {
        string path = PenDigitsLocator.Find(null)
            ?? throw new InvalidOperationException($"The real pen digits are missing: set {PenDigitsLocator.EnvironmentVariable}.");
        return StrokeFileReader.Read(path).Select(e => e.Sample!).Where(s => WriterSplit.Includes(s.Id, WriterSubset.Validation)).ToList();
    });

    /// <summary>Adds one stroke through the points (x0, y0, x1, y1, ...), canvas pixels.</summary>
    private static void Polyline(StrokeBuffer ink, params int[] xy)
    {
        ink.BeginStroke();
        for (int i = 0; i < xy.Length; i += 2)
        {
            ink.AddPoint(xy[i], xy[i + 1]);
        }

        ink.EndStroke();
    }

    /// <summary>Two real digits of one drawing each, scaled to a common height, the second starting <paramref name="gap"/>·H after the first ends.</summary>
    private static StrokeBuffer SideBySide(StrokeSample left, StrokeSample right, double gap) => InARow(gap, left, right);

    /// <summary>Real digits of one drawing each in a row, scaled to a common height H = 600 px, each starting <paramref name="gap"/>·H after the previous one ends.</summary>
    private static StrokeBuffer InARow(double gap, params StrokeSample[] digits) => InARow(gap, digits.Select(_ => 1.0).ToArray(), digits);

    /// <summary>Real digits in a row on a common baseline, digit i scaled to <paramref name="heights"/>[i]·H (H = 600 px), each starting <paramref name="gap"/>·H after the previous one ends.</summary>
    private static StrokeBuffer InARow(double gap, double[] heights, params StrokeSample[] digits)
    {
        var buffer = new StrokeBuffer(8192, 128);
        double x = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            StrokeSample s = digits[i];
            var all = s.Strokes.SelectMany(p => p).ToArray();
            double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
            double k = 600 * heights[i] / (maxY - minY), top = 700 - 600 * heights[i];
            foreach (StrokePoint[] stroke in s.Strokes)
            {
                buffer.BeginStroke();
                foreach (StrokePoint p in stroke)
                {
                    buffer.AddPoint((int)Math.Round(x + (p.X - minX) * k), (int)Math.Round(top + (p.Y - minY) * k));
                }

                buffer.EndStroke();
            }

            x += (maxX - minX) * k + gap * 600;
        }

        return buffer;
    }

    private static string Read(InkRecognizer recognizer, StrokeBuffer ink)
    {
        int count = recognizer.Recognize(ink, multiDigit: true);
        return string.Concat(Enumerable.Range(0, count).Select(i => recognizer.GetDigit(i).Digit));
    }

    /// <summary>The first validation-writer drawing of a digit that the shipped model reads right on its own, with this many strokes.</summary>
    private static StrokeSample Digit(char label, int strokes, InkRecognizer recognizer)
    {
        foreach (StrokeSample s in s_validation.Value.Where(s => s.Label == label.ToString() && s.Strokes.Count == strokes))
        {
            if (Read(recognizer, StrokeBufferLoader.Load(s)) == label.ToString())
            {
                return s;
            }
        }

        throw new InvalidOperationException($"no {strokes}-stroke {label} read correctly");
    }

    /// <summary>
    /// Places each left digit beside each right one at each gap (shares of H), and counts the pairs the overlap rule
    /// alone merges into one digit and, of those, the ones recognition reads back as the two labels.
    /// </summary>
    private static (int Merged, int Recovered) MergedAndRecovered(List<StrokeSample> lefts, List<StrokeSample> rights, double[] gaps)
    {
        var plain = new InkRecognizer(new Int8Engine(Shipped), 8) { MaxArbitrations = 0 };
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        int merged = 0, recovered = 0;
        foreach (StrokeSample left in lefts)
        {
            foreach (StrokeSample right in rights)
            {
                foreach (double gap in gaps)
                {
                    StrokeBuffer ink = SideBySide(left, right, gap);
                    if (plain.Recognize(ink, true) != 1)
                    {
                        continue;
                    }

                    merged++;
                    recovered += Read(recognizer, ink) == left.Label + right.Label ? 1 : 0;
                }
            }
        }

        return (merged, recovered);
    }

    [Fact]
    public void Thin_ones_merged_into_their_neighbour_by_the_overlap_rule_are_split_off_again()
    {
        List<StrokeSample> ones = s_validation.Value.Where(s => s.Label == "1" && s.Strokes.Count == 1).Take(6).ToList();
        List<StrokeSample> threes = s_validation.Value.Where(s => s.Label == "3" && s.Strokes.Count == 1).Take(3).ToList();
        (int merged, int recovered) = MergedAndRecovered(ones, threes, new[] { 0.0, 0.01 });

        // Measured: the overlap rule merges 26 of these 36 pairs (a 1 is narrower than the 3 % tolerance of the height
        // lets it be); recognition splits 25 of them back into "13" (the other reads "8": that 1 touches the 3).
        Assert.True(merged >= 12, $"only {merged} merged pairs: the case no longer tests the split");
        Assert.True(recovered * 10 >= merged * 8, $"{recovered} of {merged} merged 1+3 pairs read back as 13");
    }

    /// <summary>
    /// A thin "1" tucked against the right edge of a digit, boxes overlapping by up to 3 % of the height: the overlap rule
    /// merges them, and the network reads the pair as a confident version of the left digit ("71" as a 7 at 989 ‰), so
    /// confidences alone kept it merged. The left part alone reads that same digit: the "1" beside it adds nothing to the
    /// reading, which is the evidence of two digits.
    /// </summary>
    [Fact]
    public void A_one_tucked_against_a_digit_is_split_off_when_the_digit_alone_reads_the_same()
    {
        List<StrokeSample> ones = s_validation.Value.Where(s => s.Label == "1" && s.Strokes.Count == 1).Take(6).ToList();
        var lefts = new List<StrokeSample>();
        foreach (char d in "379")
        {
            lefts.AddRange(s_validation.Value.Where(s => s.Label == d.ToString() && s.Strokes.Count == 1).Take(2));
        }

        (int merged, int recovered) = MergedAndRecovered(lefts, ones, new[] { -0.03, -0.01 });

        // Measured: the overlap rule merges 46 of these 72 pairs; recognition splits 39 of them back (26 without the evidence that the left part alone reads the same).
        Assert.True(merged >= 20, $"only {merged} merged pairs: the case no longer tests the split");
        Assert.True(recovered * 10 >= merged * 8, $"{recovered} of {merged} merged pairs read back as the digit and 1");
    }

    /// <summary>
    /// Three digits written close, boxes overlapping: the overlap rule makes one group of all three. The first split
    /// cuts off one digit and leaves the other two together; that part is offered for a split again (it used to be
    /// settled at once, so "744" stayed "74" with the two 4s read as one).
    /// </summary>
    [Fact]
    public void Three_digits_written_close_are_split_twice()
    {
        var lefts = new List<StrokeSample>();
        foreach (char d in "2357")
        {
            lefts.AddRange(s_validation.Value.Where(s => s.Label == d.ToString() && s.Strokes.Count == 1).Take(2));
        }

        var plain = new InkRecognizer(new Int8Engine(Shipped), 8) { MaxArbitrations = 0 };
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        int merged = 0, recovered = 0;
        foreach (StrokeSample a in lefts)
        {
            foreach (StrokeSample b in lefts)
            {
                foreach (StrokeSample c in lefts.Take(4))
                {
                    foreach (double gap in new[] { -0.04, -0.06 })
                    {
                        StrokeBuffer ink = InARow(gap, a, b, c);
                        if (plain.Recognize(ink, true) != 1)
                        {
                            continue;
                        }

                        merged++;
                        recovered += Read(recognizer, ink) == a.Label + b.Label + c.Label ? 1 : 0;
                    }
                }
            }
        }

        // Measured: the overlap rule makes one group of 45 of these 256 rows; recognition reads 42 of them back as the
        // three digits (none while the part left after the first split was settled at once).
        Assert.True(merged >= 20, $"only {merged} triples merged into one group: the case no longer tests the split");
        Assert.True(recovered * 10 >= merged * 8, $"{recovered} of {merged} merged triples read back as three digits");
    }

    [Fact]
    public void A_one_beside_a_four_is_not_merged_by_recognition_when_their_ink_does_not_touch()
    {
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        StrokeSample one = Digit('1', 1, recognizer), four = Digit('4', 2, recognizer);
        StrokeBuffer ink = SideBySide(one, four, 0.06);
        Assert.Equal("14", Read(recognizer, ink));
    }

    /// <summary>
    /// Real open 4s of the validation writers: the bar ends half-way up, short of the detached stem, so the parts do not
    /// touch and the no-touch prior favoured reading them as two digits ("21", "61"). The bar's part ends a quarter of
    /// the height or more above the stem's bottom; digits in a row share a baseline, so it now counts as a fragment.
    /// </summary>
    [Theory]
    [InlineData("unipen-1a/apb/Fern_Anderson/17-18")]
    [InlineData("unipen-1a/apb/Gary_Cunningham/1-2")]
    [InlineData("unipen-1a/ced/GYEN4328/465-466")]
    [InlineData("unipen-1a/ced/KNDS0342/396-397")]
    public void An_open_four_whose_bar_ends_above_the_baseline_stays_one_digit(string id)
    {
        StrokeSample four = s_validation.Value.First(s => s.Id == id && s.Label == "4");
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        recognizer.Normalizer.MinExtent = StrokeBufferLoader.MinExtentFor(four);
        Assert.Equal("4", Read(recognizer, StrokeBufferLoader.Load(four)));
    }

    /// <summary>
    /// The same open 4s written a tenth smaller than the digits beside them, on their baseline, as digits of one number
    /// differ in size: the bar's part now ends a little less than a quarter of the drawing height above the stem's
    /// bottom, and a step at a quarter read such a 4 as two digits ("2615" for "245"; KNDS0342's 4 in 3 of the 500
    /// composed numbers). The baseline prior falls off linearly from an eighth to a quarter, so it stays one digit.
    /// </summary>
    [Theory]
    [InlineData("unipen-1a/apb/Fern_Anderson/17-18")]
    [InlineData("unipen-1a/apb/Gary_Cunningham/1-2")]
    [InlineData("unipen-1a/ced/GYEN4328/465-466")]
    [InlineData("unipen-1a/ced/KNDS0342/396-397")]
    public void An_open_four_a_little_smaller_than_its_neighbours_stays_one_digit(string id)
    {
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        StrokeSample four = s_validation.Value.First(s => s.Id == id && s.Label == "4");
        StrokeSample two = Digit('2', 1, recognizer), five = Digit('5', 2, recognizer);
        StrokeBuffer ink = InARow(0.15, new[] { 1.0, 0.9, 1.0 }, two, four, five);
        Assert.Equal("245", Read(recognizer, ink));
    }

    /// <summary>
    /// Real 5s of a validation writer whose flag, a short stroke, starts right of the body and more than a tenth of the
    /// height away from it: the overlap rule makes it a digit of its own and, as the gap is not doubtful, it used to be
    /// read as one ("52"). A fragment is now always read merged with its nearer neighbour, whatever the gap.
    /// </summary>
    [Theory]
    [InlineData("unipen-1a/apb/Fern_Anderson/6-7")]
    [InlineData("unipen-1a/apb/Fern_Anderson/19-20")]
    public void A_five_whose_flag_floats_beyond_a_doubtful_gap_stays_one_digit(string id)
    {
        StrokeSample five = s_validation.Value.First(s => s.Id == id && s.Label == "5");
        var plain = new InkRecognizer(new Int8Engine(Shipped), 8) { MaxArbitrations = 0 };
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        plain.Normalizer.MinExtent = recognizer.Normalizer.MinExtent = StrokeBufferLoader.MinExtentFor(five);
        StrokeBuffer ink = StrokeBufferLoader.Load(five);
        Assert.Equal(2, plain.Recognize(ink, true));
        long gap = (long)plain.Segmenter.GetLeft(1) - plain.Segmenter.GetRight(0);
        Assert.True(gap * 1000 > plain.Segmenter.DrawingHeight * InkRecognizer.DoubtfulGapPermille, "the flag is within a doubtful gap: the case no longer tests the fragment rule");

        Assert.Equal("5", Read(recognizer, ink));
        Assert.Equal(1, recognizer.LastArbitrations);
    }

    [Fact]
    public void Recognition_never_splits_a_real_multi_stroke_digit_the_overlap_rule_kept_whole()
    {
        var plain = new InkRecognizer(new Int8Engine(Shipped), 8) { MaxArbitrations = 0 };
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        int whole = 0, splitByRecognition = 0;
        foreach (StrokeSample s in s_validation.Value.Where(s => s.Strokes.Count >= 2))
        {
            StrokeBuffer ink = StrokeBufferLoader.Load(s);
            plain.Normalizer.MinExtent = recognizer.Normalizer.MinExtent = StrokeBufferLoader.MinExtentFor(s);
            if (plain.Recognize(ink, true) == 1)
            {
                whole++;
                splitByRecognition += recognizer.Recognize(ink, true) > 1 ? 1 : 0;
            }
        }

        // Measured: 200 of the 220 multi-stroke digits of the validation writers are kept whole by the overlap rule
        // (4s, 5s, 7s, crossed 1s...). Split arbitration split none of them with the MNIST-era and first pen-trained
        // models, one with the sparse-activation model before the baseline prior (GYEN4328/465-466, an open "4" read
        // "21"), none since: the bound is 1 % of the digits it could split.
        Assert.True(whole >= 150);
        Assert.True(splitByRecognition * 100 <= whole, $"split arbitration split {splitByRecognition} of {whole} whole digits");
    }

    /// <summary>
    /// A "4" of two strokes beside a "2", traced as the simulator's pointer does (eight steps per segment, whole device
    /// pixels): the bar passes exactly through a vertex of the stem, (72, 120). A strict crossing test missed that, so
    /// the parts counted as not touching, the merged "4" (995 ‰) got the no-touch prior and lost to "6" (725 ‰) and
    /// "1" (993 ‰): the board showed "612". Closed segments see the meeting.
    /// </summary>
    [Fact]
    public void A_four_whose_bar_passes_through_a_vertex_of_its_stem_stays_one_digit()
    {
        int[][][] fortyTwo =
        [
            [[55, 40], [30, 120], [85, 120]],
            [[72, 70], [72, 170]],
            [[125, 65], [150, 45], [180, 50], [190, 75], [175, 105], [130, 165], [200, 165]],
        ];
        var ink = new StrokeBuffer(8192, 128);
        foreach (int[][] stroke in fortyTwo)
        {
            ink.BeginStroke();
            ink.AddPoint(stroke[0][0], stroke[0][1]);
            for (int i = 1; i < stroke.Length; i++)
            {
                for (int step = 1; step <= 8; step++)
                {
                    ink.AddPoint(stroke[i - 1][0] + (stroke[i][0] - stroke[i - 1][0]) * step / 8,
                        stroke[i - 1][1] + (stroke[i][1] - stroke[i - 1][1]) * step / 8);
                }
            }

            ink.EndStroke();
        }

        var plain = new InkRecognizer(new Int8Engine(Shipped), 8) { MaxArbitrations = 0 };
        Assert.Equal(2, plain.Recognize(ink, true));
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 8);
        int count = recognizer.Recognize(ink, true);
        string text = string.Concat(Enumerable.Range(0, count).Select(i => recognizer.GetDigit(i).Digit));
        Assert.Equal("42", text);
    }

    [Fact]
    public void InkTouches_sees_crossings_and_near_ends_but_not_neighbours()
    {
        var ink = new StrokeBuffer(64, 8);
        Polyline(ink, 0, 0, 0, 1000);       // 0: a stem
        Polyline(ink, -300, 500, 300, 500); // 1: a bar crossing it
        Polyline(ink, 20, 0, 20, 900);      // 2: ends 20 px beside stroke 0 (touch distance 0.04 · 1000 = 40)
        Polyline(ink, 500, 0, 500, 1000);   // 3: a neighbour 200 px right of the bar's end
        var segmenter = new DigitSegmenter(8, 8);
        segmenter.Segment(ink, true);
        int[] sets = { 0, 1, 2, 3 };
        Assert.True(segmenter.InkTouches(ink, sets, 0, 1));
        Assert.True(segmenter.InkTouches(ink, sets, 2, 0));
        Assert.False(segmenter.InkTouches(ink, sets, 3, 1));
        Assert.False(segmenter.InkTouches(ink, sets, 3, 0));
    }

    [Fact]
    public void InkTouches_sees_a_bar_through_a_vertex_of_a_stem_and_collinear_overlaps_but_not_a_near_miss()
    {
        var ink = new StrokeBuffer(64, 8);
        Polyline(ink, 500, 0, 500, 500, 500, 1000);    // 0: a stem with a vertex at (500, 500)
        Polyline(ink, 200, 500, 800, 500);             // 1: a bar through that vertex, ends 300 px away from the stem
        Polyline(ink, 500, 600, 500, 2000);            // 2: collinear with stroke 0, overlapping it from y = 600 on
        Polyline(ink, 300, 100, 499, 300, 499, 700);   // 3: runs 1 px beside the stem, crossing nothing, ends far from it
        var segmenter = new DigitSegmenter(8, 8) { TouchPermille = 0 };
        segmenter.Segment(ink, true);
        int[] sets = { 0, 1, 2, 3 };
        Assert.True(segmenter.InkTouches(ink, sets, 1, 0));
        Assert.True(segmenter.InkTouches(ink, sets, 0, 1));
        Assert.True(segmenter.InkTouches(ink, sets, 2, 0));
        Assert.False(segmenter.InkTouches(ink, sets, 3, 0));
    }

    [Fact]
    public void ProposeSplit_cuts_at_the_largest_gap_in_left_edge_order_and_SplitDigit_applies_it()
    {
        var ink = new StrokeBuffer(64, 8);
        foreach ((int x0, int x1) in new[] { (0, 100), (60, 140), (150, 300) })
        {
            ink.BeginStroke();
            ink.AddPoint(x0, 0);
            ink.AddPoint(x1, 500);
            ink.EndStroke();
        }

        var segmenter = new DigitSegmenter(8, 8) { TolerancePermille = 400 };
        Assert.Equal(1, segmenter.Segment(ink, true));
        var candidate = new int[3];
        var boxes = new int[8];
        Assert.Equal(10, segmenter.ProposeSplit(0, candidate, boxes));
        Assert.Equal(new[] { 0, 0, 1 }, candidate);
        Assert.Equal(new[] { 0, 140, 0, 500, 150, 300, 0, 500 }, boxes);
        segmenter.SplitDigit(0, candidate, boxes);
        Assert.Equal(2, segmenter.GroupCount);
        Assert.Equal(new[] { 0, 0, 1 }, segmenter.StrokeGroups.Take(3));
        Assert.Equal((140, 150), (segmenter.GetRight(0), segmenter.GetLeft(1)));
        Assert.Equal((2, 1), (segmenter.GetStrokeCount(0), segmenter.GetStrokeCount(1)));
    }
}
