using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Tests.PenDigits;

/// <summary>Checks of a composed drawing against its sources, measured on the strokes themselves.</summary>
internal static class ComposedChecks
{
    /// <summary>Rounding of the composed coordinates (0.01 px) plus floating-point slack.</summary>
    public const double Rounding = 0.005 + 1e-9;

    /// <summary>The ink box of strokes [first, first + count).</summary>
    public static (double Left, double Top, double Right, double Bottom) InkBox(StrokeSample sample, int first, int count)
    {
        IEnumerable<StrokePoint> points = sample.Strokes.Skip(first).Take(count).SelectMany(s => s);
        return (points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));
    }

    /// <summary>
    /// Asserts that a drawing is made of its sources' strokes, uniformly scaled and translated and nothing else,
    /// in writing order, left to right, with the documented ranges.
    /// </summary>
    public static void AssertFaithful(ComposedDrawing d, IReadOnlyDictionary<string, StrokeSample> sourcesBySource)
    {
        StrokeSample sample = d.Sample;
        Assert.InRange(d.Digits.Count, MultiDigitComposer.MinDigits, MultiDigitComposer.MaxDigits);
        Assert.InRange(d.DigitHeight, MultiDigitComposer.MinDigitHeight, MultiDigitComposer.MaxDigitHeight);
        Assert.Equal(string.Concat(d.Digits.Select(x => x.Label)), sample.Label);
        string id = sample.Id!;
        Assert.StartsWith(d.Writer + "/" + MultiDigitComposer.IdSegmentPrefix, id);
        Assert.Equal(MultiDigitComposer.IdFor(d.Writer, int.Parse(id[(d.Writer.Length + 1 + MultiDigitComposer.IdSegmentPrefix.Length)..])), id);
        Assert.Equal(d.Writer, WriterSplit.WriterOf(sample.Id));
        Assert.Equal(d.Digits.Sum(x => x.StrokeCount), sample.Strokes.Count);
        Assert.Equal(d.Digits.Count, d.Digits.Select(x => x.Source).Distinct().Count());

        int nextStroke = 0;
        for (int k = 0; k < d.Digits.Count; k++)
        {
            ComposedDigit digit = d.Digits[k];
            StrokeSample source = sourcesBySource[digit.Source];
            Assert.Equal(source.Id, digit.SourceId);
            Assert.Equal(d.Writer, WriterSplit.WriterOf(source.Id));
            Assert.Equal(source.Label, digit.Label);
            Assert.Equal(source.Strokes.Count, digit.StrokeCount);
            Assert.Equal(nextStroke, digit.FirstStroke);
            nextStroke += digit.StrokeCount;

            // Same strokes, same points, each mapped by one uniform scale and one translation: never resampled.
            for (int s = 0; s < source.Strokes.Count; s++)
            {
                StrokePoint[] from = source.Strokes[s], to = sample.Strokes[digit.FirstStroke + s];
                Assert.Equal(from.Length, to.Length);
                for (int p = 0; p < from.Length; p++)
                {
                    Assert.InRange(to[p].X - (from[p].X * digit.Scale + digit.OffsetX), -Rounding, Rounding);
                    Assert.InRange(to[p].Y - (from[p].Y * digit.Scale + digit.OffsetY), -Rounding, Rounding);
                }
            }

            // Every stroke of digit k lies within digit k's box, and the box is the ink's own (tight).
            var ink = InkBox(sample, digit.FirstStroke, digit.StrokeCount);
            Assert.InRange(ink.Left - digit.Left, -Rounding, Rounding);
            Assert.InRange(ink.Right - digit.Right, -Rounding, Rounding);
            Assert.InRange(ink.Top - digit.Top, -Rounding, Rounding);
            Assert.InRange(ink.Bottom - digit.Bottom, -Rounding, Rounding);
            foreach (StrokePoint pt in sample.Strokes.Skip(digit.FirstStroke).Take(digit.StrokeCount).SelectMany(x => x))
            {
                Assert.InRange(pt.X, digit.Left - Rounding, digit.Right + Rounding);
                Assert.InRange(pt.Y, digit.Top - Rounding, digit.Bottom + Rounding);
            }

            double height = ink.Bottom - ink.Top;
            Assert.InRange(height / d.DigitHeight, 1 - MultiDigitComposer.SizeJitter - 1e-3, 1 + MultiDigitComposer.SizeJitter + 1e-3);
        }

        // Left to right, with gaps (measured on the ink) inside the documented range.
        Assert.Equal(d.Digits.Count - 1, d.Gaps.Count);
        double slack = 2 * Rounding / d.DigitHeight;
        for (int k = 0; k + 1 < d.Digits.Count; k++)
        {
            var a = InkBox(sample, d.Digits[k].FirstStroke, d.Digits[k].StrokeCount);
            var b = InkBox(sample, d.Digits[k + 1].FirstStroke, d.Digits[k + 1].StrokeCount);
            double gap = b.Left - a.Right;
            Assert.InRange(gap - d.Gaps[k], -2 * Rounding, 2 * Rounding);
            Assert.InRange(gap / d.DigitHeight, MultiDigitComposer.MinGap - slack, MultiDigitComposer.MaxGap + slack);
            double narrower = Math.Min(a.Right - a.Left, b.Right - b.Left);
            Assert.True(-gap <= MultiDigitComposer.MaxOverlapShare * narrower + 2 * Rounding, $"{sample.Id}: overlap {-gap:F2} px beyond a quarter of the narrower box ({narrower:F2} px)");
            Assert.True(b.Left > a.Left && b.Right > a.Right, $"{sample.Id}: digit {k + 1} is not right of digit {k}");
        }

        // Baseline wander and the canvas margin.
        double[] bottoms = d.Digits.Select(x => x.Bottom).ToArray();
        Assert.True(bottoms.Max() - bottoms.Min() <= 2 * MultiDigitComposer.BaselineJitter * d.DigitHeight + 2 * Rounding);
        var all = InkBox(sample, 0, sample.Strokes.Count);
        double margin = MultiDigitComposer.Margin * d.DigitHeight;
        Assert.InRange(all.Left - margin, -Rounding, Rounding);
        Assert.InRange(all.Top - margin, -Rounding, Rounding);
        Assert.InRange(sample.CanvasWidth - (all.Right + margin), -Rounding, 1 + Rounding);
        Assert.InRange(sample.CanvasHeight - (all.Bottom + margin), -Rounding, 1 + Rounding);
        Assert.Equal(Math.Floor(sample.CanvasWidth), sample.CanvasWidth);
        Assert.Equal(Math.Floor(sample.CanvasHeight), sample.CanvasHeight);
    }
}
