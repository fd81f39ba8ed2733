namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Re-draws template strokes the way a hand on a touch screen would: slant, a small rotation, an aspect change,
/// a size and position on a canvas, sampling at a pen speed that varies along each stroke (sparse points when fast,
/// dense when slow), and sensor jitter. Deterministic for a given <see cref="Random"/> seed.
/// </summary>
public sealed class StrokeSynthesizer
{
    private readonly Random _random;

    /// <summary>Creates a synthesizer drawing its variations from <paramref name="random"/>.</summary>
    public StrokeSynthesizer(Random random) => _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>Slant range: x shifts by slant · (height above the centre); default ±0.3.</summary>
    public double MaxSlant { get; init; } = 0.3;

    /// <summary>Rotation range in degrees; default ±8.</summary>
    public double MaxRotationDegrees { get; init; } = 8;

    /// <summary>Horizontal stretch range; default 0.8..1.2.</summary>
    public double MinAspect { get; init; } = 0.8;

    /// <summary>Upper bound of the horizontal stretch.</summary>
    public double MaxAspect { get; init; } = 1.2;

    /// <summary>Smallest mean distance between touch samples, in units of the digit height (slow pen); default 0.01.</summary>
    public double MinSpacing { get; init; } = 0.01;

    /// <summary>Largest mean distance between touch samples, in units of the digit height (fast pen); default 0.12.</summary>
    public double MaxSpacing { get; init; } = 0.12;

    /// <summary>Largest jitter standard deviation, in canvas pixels; default 1.2.</summary>
    public double MaxJitter { get; init; } = 1.2;

    /// <summary>
    /// Applies a random slant, rotation and aspect to <paramref name="strokes"/> and scales them so the drawing is
    /// <paramref name="height"/> tall with its top-left corner at (<paramref name="left"/>, <paramref name="top"/>).
    /// </summary>
    /// <returns>The strokes in canvas pixels, not yet resampled.</returns>
    public List<StrokePoint[]> Deform(IReadOnlyList<StrokePoint[]> strokes, double left, double top, double height)
    {
        var all = strokes.SelectMany(s => s).ToArray();
        double cx = (all.Min(p => p.X) + all.Max(p => p.X)) / 2, cy = (all.Min(p => p.Y) + all.Max(p => p.Y)) / 2;
        double slant = Uniform(-MaxSlant, MaxSlant);
        double angle = Uniform(-MaxRotationDegrees, MaxRotationDegrees) * Math.PI / 180;
        double aspect = Uniform(MinAspect, MaxAspect);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        List<StrokePoint[]> moved = strokes.Select(s => s.Select(p =>
        {
            double x = (p.X - cx) * aspect, y = p.Y - cy;
            x -= slant * y;
            return new StrokePoint(x * cos - y * sin, x * sin + y * cos);
        }).ToArray()).ToList();

        var points = moved.SelectMany(s => s).ToArray();
        double minX = points.Min(p => p.X), minY = points.Min(p => p.Y);
        double extentY = Math.Max(points.Max(p => p.Y) - minY, 1e-6);
        double scale = height / extentY;
        return moved.Select(s => s.Select(p => new StrokePoint(left + (p.X - minX) * scale, top + (p.Y - minY) * scale)).ToArray()).ToList();
    }

    /// <summary>Width of <paramref name="strokes"/> (max x − min x).</summary>
    public static double Width(IReadOnlyList<StrokePoint[]> strokes) =>
        strokes.SelectMany(s => s).Max(p => p.X) - strokes.SelectMany(s => s).Min(p => p.X);

    /// <summary>
    /// Samples each stroke as a touch panel would: points along the path at a spacing that follows a random pen
    /// speed (slower at the ends of the stroke), plus Gaussian jitter; first and last points are always sampled.
    /// </summary>
    /// <param name="strokes">Strokes in canvas pixels.</param>
    /// <param name="digitHeight">Height of one digit, canvas pixels (sets the spacing scale).</param>
    public List<StrokePoint[]> Sample(IReadOnlyList<StrokePoint[]> strokes, double digitHeight)
    {
        double jitter = Uniform(0, MaxJitter);
        var result = new List<StrokePoint[]>();
        foreach (StrokePoint[] stroke in strokes)
        {
            double spacing = Math.Max(0.5, Uniform(MinSpacing, MaxSpacing) * digitHeight);
            double length = MnistStrokeTracer.Length(stroke);
            var points = new List<StrokePoint> { stroke[0] };
            double at = 0;
            while (true)
            {
                // Speed profile: 0.4 at the ends rising to 1 in the middle of the stroke.
                double t = length > 0 ? at / length : 1;
                at += spacing * (0.4 + 0.6 * Math.Sin(Math.PI * Math.Clamp(t, 0, 1)));
                if (at >= length)
                {
                    break;
                }

                points.Add(PointAt(stroke, at));
            }

            if (stroke.Length > 1)
            {
                points.Add(stroke[^1]);
            }

            result.Add(points.Select(p => new StrokePoint(p.X + Gaussian() * jitter, p.Y + Gaussian() * jitter)).ToArray());
        }

        return result;
    }

    /// <summary>A uniform random number in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();

    private double Gaussian()
    {
        // Box–Muller.
        double u = 1 - _random.NextDouble(), v = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static StrokePoint PointAt(StrokePoint[] stroke, double distance)
    {
        for (int i = 1; i < stroke.Length; i++)
        {
            double dx = stroke[i].X - stroke[i - 1].X, dy = stroke[i].Y - stroke[i - 1].Y;
            double segment = Math.Sqrt(dx * dx + dy * dy);
            if (distance <= segment && segment > 0)
            {
                double f = distance / segment;
                return new StrokePoint(stroke[i - 1].X + f * dx, stroke[i - 1].Y + f * dy);
            }

            distance -= segment;
        }

        return stroke[^1];
    }
}
