using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Bench;

/// <summary>IL cost of the whole single-digit path from pen-up to result, per engine configuration.</summary>
/// <param name="Memory">Engine configuration.</param>
/// <param name="Drawings">Drawings averaged over.</param>
/// <param name="SnapshotIl">Mean IL of copying the ink into the recognition snapshot.</param>
/// <param name="RecognizeIl">Mean IL of <c>InkRecognizer.Recognize(snapshot, false)</c>: segmentation, ink normalization, inference, softmax, ranking.</param>
/// <param name="InferenceIl">Mean IL of the <c>Int8Engine.Run</c> inside it (the same drawings' 28×28 inputs, counted again alone).</param>
/// <param name="DrawIl">Mean IL of drawing the result: <c>ResultScreen.Show</c> down to the screen's rectangles (<see cref="PenToResultBench"/>).</param>
/// <param name="DrawRects">Mean rectangles filled by drawing the result (the board's display glue then fills and sends each).</param>
/// <param name="DrawPixels">Mean pixels of those rectangles.</param>
/// <param name="TotalIl">Mean IL of the whole path (snapshot + recognize + drawing the result).</param>
/// <param name="MaxTotalIl">Largest IL of one drawing's whole path.</param>
/// <param name="Calls">Mean calls of the whole path.</param>
/// <param name="Correct">Drawings whose label the path read correctly.</param>
public sealed record PenToResultReport(EngineMemory Memory, int Drawings, double SnapshotIl, double RecognizeIl, double InferenceIl,
    double DrawIl, double DrawRects, double DrawPixels, double TotalIl, long MaxTotalIl, double Calls, int Correct);

/// <summary>
/// Counts, with the bench's IL counter, the single-digit path the app runs after the pen lifts: the stroke snapshot copy
/// (<c>StrokeBuffer.CopyFrom</c>, as <c>DigitApp.StartRecognition</c> takes it), then <c>InkRecognizer.Recognize</c> (segmentation, ink normalization
/// by <c>InkNormalizer</c>, <c>Int8Engine.Run</c> with softmax and ranking, reading the result), then drawing the result as
/// <c>DigitApp</c> does (<c>ResultScreen.Show</c>: <c>AppRenderer</c>, with text and the input preview decomposed into
/// rectangles by <c>BlockFont</c> and <c>PenStroke</c>, as both board screens do).
/// </summary>
/// <remarks>
/// The portable Runtime and Ink sources are compiled from the repository in Release (C# 9) together with
/// <see cref="SnapshotSource"/>, instrumented and loaded in their own context. Drawings are loaded as
/// <c>edgedigits recognize</c> loads them (<see cref="StrokeBufferLoader"/>: integer scale to ≥ 1024 units, minimum
/// extent), so the path counted is the one whose accuracy the project reports. Drawing ends at <c>IScreen.FillRect</c>:
/// the counted stand-in screen only tallies rectangles and pixels (a few IL each); what a board's display glue does
/// per rectangle (clipping, filling a band buffer, the SPI transfer) is native or board code and is reported as the
/// rectangle and pixel counts, not as IL.
/// </remarks>
public static class PenToResultBench
{
    /// <summary>
    /// The steps <c>DigitApp</c> runs around the recognizer (firmware/EdgeDigits.App/DigitApp.cs), compiled into the counted
    /// assembly with the App sources: the snapshot copy of <c>StartRecognition</c>, the <c>ResultScreen.Show</c> of the
    /// finished job, and a screen that decomposes text and images into rectangles as both board screens do
    /// (firmware/EdgeDigits.Device/Display) and tallies them instead of sending them to a panel.
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

                public static void ShowResult(EdgeDigits.App.ResultScreen result, EdgeDigits.Ink.InkRecognizer recognizer, int count,
                    int elapsedMs, EdgeDigits.Ink.StrokeBuffer ink)
                {
                    result.Show(recognizer, count, false, elapsedMs, ink);
                }
            }

            /// <summary>The board screens' decomposition (text by BlockFont, lines and images by PenStroke) ending in a tally.</summary>
            public sealed class TallyScreen : EdgeDigits.App.IScreen
            {
                public long Rects;
                public long Pixels;

                public void FillRect(int x, int y, int width, int height, int color)
                {
                    Rects++;
                    Pixels += (long)width * height;
                }

                public void DrawLine(int x0, int y0, int x1, int y1, int thickness, int color)
                {
                    EdgeDigits.App.PenStroke.Draw(this, x0, y0, x1, y1, thickness, color);
                }

                public void DrawText(string text, int x, int y, int size, int color)
                {
                    EdgeDigits.App.BlockFont.Draw(this, text, x, y, size, color);
                }

                public void DrawGrayImage(int x, int y, byte[] pixels, int width, int height, int scale)
                {
                    EdgeDigits.App.PenStroke.DrawGray(this, x, y, pixels, width, height, scale);
                }

                public void Flush()
                {
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
        foreach (string project in new[] { "EdgeDigits.Runtime", "EdgeDigits.Ink", "EdgeDigits.App" })
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
        var showMethod = assembly.GetType("EdgeDigits.Bench.PenUpPath").GetMethod("ShowResult")!;
        var reports = new List<PenToResultReport>();
        foreach (EngineMemory memory in Enum.GetValues<EngineMemory>())
        {
            dynamic engine = Activator.CreateInstance(assembly.GetType(typeof(Int8Engine).FullName!), hosted,
                Enum.ToObject(assembly.GetType(typeof(EngineMemory).FullName!), (int)memory))!;
            dynamic recognizer = Activator.CreateInstance(assembly.GetType("EdgeDigits.Ink.InkRecognizer"), engine, 1, 128)!;
            dynamic screen = Activator.CreateInstance(assembly.GetType("EdgeDigits.Bench.TallyScreen"))!;
            object renderer = Activator.CreateInstance(assembly.GetType("EdgeDigits.App.AppRenderer"), (object)screen)!;
            object result = Activator.CreateInstance(assembly.GetType("EdgeDigits.App.ResultScreen"), renderer)!;
            long snapshotIl = 0, recognizeIl = 0, inferenceIl = 0, drawIl = 0, rects = 0, pixels = 0, calls = 0, max = 0;
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
                long recognizeCalls = assembly.Calls;
                long draw = 0, drawCalls = 0;
                if (count > 0)
                {
                    // The panel shows the measured time; ShownMilliseconds stands in for it (only the text drawn depends on it).
                    screen.Rects = 0L;
                    screen.Pixels = 0L;
                    assembly.Reset();
                    showMethod.Invoke(null, new object[] { result, recognizer, count, ShownMilliseconds, snapshot });
                    draw = assembly.Instructions;
                    drawCalls = assembly.Calls;
                    rects += (long)screen.Rects;
                    pixels += (long)screen.Pixels;
                }

                calls += copyCalls + recognizeCalls + drawCalls;
                snapshotIl += copy;
                recognizeIl += recognize;
                drawIl += draw;
                max = Math.Max(max, copy + recognize + draw);
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
                drawIl / (double)n, rects / (double)n, pixels / (double)n, (snapshotIl + recognizeIl + drawIl) / (double)n, max,
                calls / (double)n, correct));
        }

        return reports;
    }

    /// <summary>Milliseconds written on the result panel while counting: three digits, as a typical estimate.</summary>
    public const int ShownMilliseconds = 250;

    private static int Round(double v) => (int)Math.Clamp(Math.Floor(v + 0.5), int.MinValue / 2, int.MaxValue / 2);
}
