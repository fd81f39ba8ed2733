using EdgeDigits.App;
using EdgeDigits.Ink;
using EdgeDigits.Model;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Bench;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Tests.Bench;

/// <summary>
/// The counted pen-up-to-result path includes drawing the result, and what it draws is what the App itself draws: the
/// rectangles counted inside the instrumented assembly equal those of the ordinary App build drawing the same results.
/// </summary>
public class PenToResultBenchTests
{
    private const int Drawings = 12;

    private sealed class RectangleTally : IScreen
    {
        public long Rects;
        public long Pixels;

        public void FillRect(int x, int y, int width, int height, int color)
        {
            Rects++;
            Pixels += (long)width * height;
        }

        public void DrawLine(int x0, int y0, int x1, int y1, int thickness, int color) => PenStroke.Draw(this, x0, y0, x1, y1, thickness, color);

        public void DrawText(string text, int x, int y, int size, int color) => BlockFont.Draw(this, text, x, y, size, color);

        public void DrawGrayImage(int x, int y, byte[] pixels, int width, int height, int scale) =>
            PenStroke.DrawGray(this, x, y, pixels, width, height, scale);

        public void Flush()
        {
        }
    }

    [Fact]
    public void The_whole_path_counts_the_result_drawing_and_draws_what_the_app_draws()
    {
        string root = RepositoryPaths.FindRoot();
        string strokes = Path.Combine(root, "tests", "TestData", "strokes", "single.jsonl");
        Int8Network model = LeNet5Model.Create();
        List<PenToResultReport> reports = PenToResultBench.Run(root, model, strokes, Drawings);

        // The ordinary (not instrumented) App, Ink and Runtime draw the same drawings' results.
        var tally = new RectangleTally();
        var result = new ResultScreen(new AppRenderer(tally));
        var recognizer = new InkRecognizer(new Int8Engine(model), 1, 128);
        foreach (StrokeSample sample in StrokeFileReader.Read(strokes).Where(e => e.Sample != null).Select(e => e.Sample!).Take(Drawings))
        {
            recognizer.Normalizer.MinExtent = StrokeBufferLoader.MinExtentFor(sample);
            int count = recognizer.Recognize(StrokeBufferLoader.Load(sample), false);
            if (count > 0)
            {
                result.Show(recognizer, count, false, PenToResultBench.ShownMilliseconds, StrokeBufferLoader.Load(sample));
            }
        }

        foreach (PenToResultReport report in reports)
        {
            Assert.Equal(Drawings, report.Drawings);
            Assert.Equal(tally.Rects / (double)Drawings, report.DrawRects, 6);
            Assert.Equal(tally.Pixels / (double)Drawings, report.DrawPixels, 6);
            Assert.True(report.DrawIl > 10 * report.DrawRects, $"{report.DrawIl} IL for {report.DrawRects} rectangles: the drawing code was not counted");
            Assert.Equal(report.SnapshotIl + report.RecognizeIl + report.DrawIl, report.TotalIl, 6);
        }
    }
}
