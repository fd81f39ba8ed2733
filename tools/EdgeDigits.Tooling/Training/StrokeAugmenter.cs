using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Training;

/// <summary>
/// Makes variants of a real drawing for training by moving and dropping its points, never by inventing new ones: one
/// random affine map per variant (rotation, shear, aspect ratio) about the drawing's centre, then the drawing as a
/// slower touch panel would have sampled it (every m-th point kept), so the variant still goes through the device's
/// capture and normalization like a drawing from a board.
/// </summary>
/// <remarks>
/// Ranges, each the spread seen between people and panels rather than fitted to one data set: rotation
/// ±<see cref="MaxRotationDegrees"/> (upright writing on a hand-held board), shear ±<see cref="MaxShearDegrees"/>
/// (forward and backward slant), aspect ×[1/<see cref="MaxAspect"/>, <see cref="MaxAspect"/>] (narrow and wide hands);
/// sample interval m uniform in 1..<see cref="MaxSampleInterval"/> (a pen tablet samples at 100–200 Hz, a polled touch
/// controller at 25–100 Hz, and a fast finger covers more ground between samples: a sparse polyline draws curves as
/// polygons). Scale and position are left alone: the normalizer removes them. Point noise was tried too and dropped:
/// it read no more noisy drawings (docs/ink.md, "Other pens").
/// </remarks>
public sealed class StrokeAugmenter
{
    /// <summary>Largest rotation, degrees.</summary>
    public const double MaxRotationDegrees = 12;

    /// <summary>Largest horizontal shear, degrees.</summary>
    public const double MaxShearDegrees = 18;

    /// <summary>Largest aspect-ratio factor (width over height, relative).</summary>
    public const double MaxAspect = 1.3;

    /// <summary>Largest sample interval: a variant keeps every m-th point of each stroke (and its last), m in 1..4.</summary>
    public const int MaxSampleInterval = 4;

    private readonly Random _random;

    /// <summary>Creates an augmenter.</summary>
    /// <param name="seed">Seed: the same seed and inputs give the same variants.</param>
    public StrokeAugmenter(int seed) => _random = new Random(seed);

    /// <summary>One random variant of <paramref name="sample"/> (same canvas, label and id; source suffixed "~k").</summary>
    /// <param name="sample">The drawing.</param>
    /// <param name="k">Variant number, for the source name.</param>
    /// <returns>The variant: every stroke keeps its first and last point; points moved off the canvas are clamped to its edge.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sample"/> is null.</exception>
    public StrokeSample Variant(StrokeSample sample, int k)
    {
        ArgumentNullException.ThrowIfNull(sample);
        double rotation = Uniform(MaxRotationDegrees) * Math.PI / 180;
        double shear = Math.Tan(Uniform(MaxShearDegrees) * Math.PI / 180);
        double aspect = Math.Exp(Uniform(Math.Log(MaxAspect)));
        int interval = 1 + _random.Next(MaxSampleInterval);
        double sx = Math.Sqrt(aspect), sy = 1 / sx;
        double cos = Math.Cos(rotation), sin = Math.Sin(rotation);

        // x' = R · Shear · Aspect · (x − c) + c, with Shear = [[1, shear], [0, 1]] (positive: top leans right).
        double a = cos * sx, b = cos * -shear * sy - sin * sy, c = sin * sx, d = sin * -shear * sy + cos * sy;
        var all = sample.Strokes.SelectMany(s => s).ToArray();
        if (all.Length == 0)
        {
            return sample with { Source = sample.Source + "~" + k };
        }

        double cx = (all.Min(p => p.X) + all.Max(p => p.X)) / 2, cy = (all.Min(p => p.Y) + all.Max(p => p.Y)) / 2;
        double w = sample.CanvasWidth, h = sample.CanvasHeight;
        var strokes = sample.Strokes.Select(s => Sampled(s, interval).Select(p =>
        {
            double x = p.X - cx, y = p.Y - cy;
            return new StrokePoint(Math.Clamp(a * x + b * y + cx, 0, w - 1), Math.Clamp(c * x + d * y + cy, 0, h - 1));
        }).ToArray()).ToList();
        return sample with { Source = sample.Source + "~" + k, Strokes = strokes };
    }

    /// <summary>
    /// Every <paramref name="interval"/>-th point of a stroke from its first, and always its last: the stroke as a panel
    /// sampled at 1/interval of the rate would report it.
    /// </summary>
    /// <param name="stroke">The stroke's points in order.</param>
    /// <param name="interval">Keep every interval-th point, at least 1.</param>
    internal static IEnumerable<StrokePoint> Sampled(StrokePoint[] stroke, int interval)
    {
        for (int i = 0; i < stroke.Length; i += interval)
        {
            yield return stroke[i];
        }

        if (stroke.Length > 0 && (stroke.Length - 1) % interval != 0)
        {
            yield return stroke[^1];
        }
    }

    private double Uniform(double max) => (_random.NextDouble() * 2 - 1) * max;
}
