using EdgeDigits.Tooling.Recognition;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Builds the project's labelled stroke test set from MNIST <b>test</b> digits (never seen in training): each digit is
/// traced into pen strokes (<see cref="MnistStrokeTracer"/>) and re-drawn by <see cref="StrokeSynthesizer"/> on a
/// random canvas — device-sized to tablet-sized — with random size, position, slant, rotation, aspect, pen speed and
/// jitter. Multi-digit drawings put 2 to 4 digits side by side with random sizes and gaps. The same seed gives the
/// same set, byte for byte.
/// </summary>
public static class StrokeTestSetGenerator
{
    /// <summary>Canvases drawn from: device screens (M5Stack Core2, CYD portrait), a phone-like and two tablet-like canvases.</summary>
    public static readonly (int Width, int Height)[] Canvases = { (320, 240), (240, 320), (480, 320), (1024, 768), (1536, 2048) };

    /// <summary>Generates <paramref name="singles"/> one-digit and <paramref name="multis"/> multi-digit drawings.</summary>
    /// <param name="mnistTest">The MNIST test set.</param>
    /// <param name="singles">Number of single-digit drawings.</param>
    /// <param name="multis">Number of multi-digit drawings (2 to 4 digits).</param>
    /// <param name="seed">Random seed.</param>
    /// <returns>The drawings, with labels and sources <c>mnist-test[index]</c>.</returns>
    public static List<StrokeSample> Generate(MnistDigits mnistTest, int singles, int multis, int seed)
    {
        ArgumentNullException.ThrowIfNull(mnistTest);
        var random = new Random(seed);
        var synthesizer = new StrokeSynthesizer(random);
        var samples = new List<StrokeSample>();
        for (int i = 0; i < singles + multis; i++)
        {
            (int width, int height) = Canvases[random.Next(Canvases.Length)];
            int digits = i < singles ? 1 : 2 + random.Next(3);
            var indices = new int[digits];
            var templates = new List<StrokePoint[]>[digits];
            for (int d = 0; d < digits; d++)
            {
                do
                {
                    indices[d] = random.Next(mnistTest.Count);
                    templates[d] = MnistStrokeTracer.Trace(mnistTest.GetImage(indices[d]));
                }
                while (templates[d].Count == 0);
            }

            double baseHeight = height * (digits == 1 ? synthesizer.Uniform(0.3, 0.85) : synthesizer.Uniform(0.25, 0.6));
            var placed = new List<List<StrokePoint[]>>();
            double x = 0;
            for (int d = 0; d < digits; d++)
            {
                double digitHeight = baseHeight * (digits == 1 ? 1 : synthesizer.Uniform(0.85, 1.1));
                double top = baseHeight * synthesizer.Uniform(-0.05, 0.05);
                List<StrokePoint[]> strokes = synthesizer.Deform(templates[d], x, top, digitHeight);
                placed.Add(strokes);
                x += StrokeSynthesizer.Width(strokes) + baseHeight * synthesizer.Uniform(0.03, 0.4);
            }

            // Fit the row into 90% of the canvas, then place it at a random position.
            var all = placed.SelectMany(s => s).SelectMany(s => s).ToArray();
            double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
            double fit = Math.Min(1, Math.Min(0.9 * width / (maxX - minX + 1e-6), 0.9 * height / (maxY - minY + 1e-6)));
            double left = synthesizer.Uniform(0.02 * width, width - 0.02 * width - (maxX - minX) * fit);
            double topEdge = synthesizer.Uniform(0.02 * height, height - 0.02 * height - (maxY - minY) * fit);
            var strokesOut = new List<StrokePoint[]>();
            foreach (List<StrokePoint[]> digit in placed)
            {
                var moved = digit.Select(s => s.Select(p => new StrokePoint(left + (p.X - minX) * fit, topEdge + (p.Y - minY) * fit)).ToArray()).ToList();
                strokesOut.AddRange(synthesizer.Sample(moved, baseHeight * fit));
            }

            // Jitter may push a point a pixel outside the canvas; keep the drawing on it, as a touch panel would.
            strokesOut = strokesOut.Select(s => s.Select(p => new StrokePoint(Math.Clamp(p.X, 0, width - 1), Math.Clamp(p.Y, 0, height - 1))).ToArray()).ToList();
            string label = string.Concat(indices.Select(k => (char)('0' + mnistTest.Labels[k])));
            string source = "mnist-test[" + string.Join(",", indices) + "]";
            samples.Add(new StrokeSample(source, width, height, strokesOut, label));
        }

        return samples;
    }
}
