using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Bench;

/// <summary>IL cost of the whole single-digit path from pen-up to result, per engine configuration.</summary>
/// <param name="Memory">Engine configuration.</param>
/// <param name="Drawings">Drawings averaged over.</param>
/// <param name="SnapshotIl">Mean IL of copying the ink into the recognition snapshot.</param>
/// <param name="RecognizeIl">Mean IL of <c>InkRecognizer.Recognize(snapshot, false)</c>: segmentation, ink normalization, inference, softmax, ranking.</param>
/// <param name="InferenceIl">Mean IL of the <c>Int8Engine.Run</c> inside it (the same drawings' 28×28 inputs, counted again alone).</param>
/// <param name="TotalIl">Mean IL of the whole path (snapshot + recognize).</param>
/// <param name="MaxTotalIl">Largest IL of one drawing's whole path.</param>
/// <param name="Calls">Mean calls of the whole path.</param>
/// <param name="Correct">Drawings whose label the path read correctly.</param>
public sealed record PenToResultReport(EngineMemory Memory, int Drawings, double SnapshotIl, double RecognizeIl, double InferenceIl,
    double TotalIl, long MaxTotalIl, double Calls, int Correct);

/// <summary>
/// Counts, with the bench's IL counter, the single-digit path the app runs after the pen lifts: the stroke snapshot copy
/// (<c>StrokeBuffer.CopyFrom</c>, as <c>DigitApp.StartRecognition</c> takes it), then <c>InkRecognizer.Recognize</c> (segmentation, ink normalization
/// by <c>InkNormalizer</c>, <c>Int8Engine.Run</c> with softmax and ranking, reading the result). Drawing the result on the
/// screen is not counted (<c>AppRenderer</c> draws through the board's display driver).
/// </summary>
/// <remarks>
/// The portable Runtime and Ink sources are compiled from the repository in Release (C# 9) together with
/// <see cref="SnapshotSource"/>, instrumented and loaded in their own context. Drawings are loaded as
/// <c>edgedigits recognize</c> loads them (<see cref="StrokeBufferLoader"/>: integer scale to ≥ 1024 units, minimum
/// extent), so the path counted is the one whose accuracy the project reports.
/// </remarks>
public static class PenToResultBench
{
    /// <summary>
    /// The snapshot copy, as <c>DigitApp.StartRecognition</c> does it (firmware/EdgeDigits.App/DigitApp.cs), compiled
    /// into the counted assembly (the App project itself needs a screen and a touch driver).
    /// </summary>
    public const string SnapshotSource = """
        namespace EdgeDigits.Bench
        {
            public static class PenUpPath
            {
                public static void Snapshot(EdgeDigits.Ink.StrokeBuffer _ink, EdgeDigits.Ink.StrokeBuffer _snapshot)
                {
                    _snapshot.CopyFrom(_ink);
                }
            }
        }
        """;

    /// <summary>Counts the path for every engine configuration over the drawings of <paramref name="strokesPath"/>.</summary>
    /// <param name="repositoryRoot">Repository root (firmware sources are read from it).</param>
    /// <param name="model">The model.</param>
    /// <param name="strokesPath">A stroke file (.jsonl), e.g. tests/TestData/strokes/single.jsonl.</param>
    /// <param name="limit">At most this many drawings.</param>
    /// <returns>One report per configuration, Fast first.</returns>
    public static List<PenToResultReport> Run(string repositoryRoot, Int8Network model, string strokesPath, int limit = int.MaxValue)
    {
        var samples = StrokeFileReader.Read(strokesPath).Where(e => e.Sample != null).Select(e => e.Sample!).Take(limit).ToList();
        if (samples.Count == 0)
        {
            throw new InvalidDataException("no drawings in " + strokesPath);
        }

        var sources = new Dictionary<string, string> { ["PenUpPath.cs"] = SnapshotSource };
        foreach (string project in new[] { "EdgeDigits.Runtime", "EdgeDigits.Ink" })
        {
            string dir = Path.Combine(repositoryRoot, "firmware", project);
            foreach (string file in RuntimeCompiler.ListedSources(File.ReadAllText(Path.Combine(dir, project + ".projitems"))))
            {
                sources[project + "/" + file] = File.ReadAllText(Path.Combine(dir, file));
            }
        }

        using var assembly = new InstrumentedAssembly(RuntimeCompiler.Compile("EdgeDigits.PenToResult", sources));
        object hosted = InstrumentedRuntime.Rehost(assembly, model);
        var bufferType = assembly.GetType("EdgeDigits.Ink.StrokeBuffer");
        var snapshotMethod = assembly.GetType("EdgeDigits.Bench.PenUpPath").GetMethod("Snapshot")!;
        var reports = new List<PenToResultReport>();
        foreach (EngineMemory memory in Enum.GetValues<EngineMemory>())
        {
            dynamic engine = Activator.CreateInstance(assembly.GetType(typeof(Int8Engine).FullName!), hosted,
                Enum.ToObject(assembly.GetType(typeof(EngineMemory).FullName!), (int)memory))!;
            dynamic recognizer = Activator.CreateInstance(assembly.GetType("EdgeDigits.Ink.InkRecognizer"), engine, 1, 128)!;
            long snapshotIl = 0, recognizeIl = 0, inferenceIl = 0, calls = 0, max = 0;
            int correct = 0;
            foreach (StrokeSample sample in samples)
            {
                // The drawing as `recognize` loads it, replayed into the counted assembly's StrokeBuffer.
                int scale = StrokeBufferLoader.ScaleFor(sample);
                int width = (int)Math.Ceiling(sample.CanvasWidth * scale), height = (int)Math.Ceiling(sample.CanvasHeight * scale);
                dynamic ink = Activator.CreateInstance(bufferType, 8192, 128, width, height)!;
                dynamic snapshot = Activator.CreateInstance(bufferType, 8192, 128, width, height)!;
                ink.MinPointSpacing = EdgeDigits.Ink.StrokeBuffer.DefaultMinPointSpacing * scale; // as StrokeBufferLoader sets it
                foreach (StrokePoint[] stroke in sample.Strokes.Where(s => s.Length > 0))
                {
                    ink.BeginStroke();
                    foreach (StrokePoint p in stroke)
                    {
                        ink.AddPoint(Round(p.X * scale), Round(p.Y * scale));
                    }

                    ink.EndStroke();
                }

                recognizer.Normalizer.MinExtent = StrokeBufferLoader.MinExtentFor(sample);
                assembly.Reset();
                snapshotMethod.Invoke(null, new object[] { ink, snapshot });
                long copy = assembly.Instructions, copyCalls = assembly.Calls;
                assembly.Reset();
                int count = recognizer.Recognize(snapshot, false);
                long recognize = assembly.Instructions;
                calls += copyCalls + assembly.Calls;
                snapshotIl += copy;
                recognizeIl += recognize;
                max = Math.Max(max, copy + recognize);
                if (count == 1)
                {
                    dynamic digit = recognizer.GetDigit(0);
                    int read = digit.Digit;
                    if (sample.Label == read.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    {
                        correct++;
                    }

                    byte[] input = (byte[])((byte[])digit.Input).Clone();
                    assembly.Reset();
                    engine.Run(input);
                    inferenceIl += assembly.Instructions;
                }
            }

            int n = samples.Count;
            reports.Add(new PenToResultReport(memory, n, snapshotIl / (double)n, recognizeIl / (double)n, inferenceIl / (double)n,
                (snapshotIl + recognizeIl) / (double)n, max, calls / (double)n, correct));
        }

        return reports;
    }

    private static int Round(double v) => (int)Math.Clamp(Math.Floor(v + 0.5), int.MinValue / 2, int.MaxValue / 2);
}
