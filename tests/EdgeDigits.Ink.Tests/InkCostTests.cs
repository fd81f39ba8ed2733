using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// Device cost of the ink pipeline, counted (not timed) with the bench's IL counter on an instrumented Release build
/// of the portable sources: nanoCLR interprets IL, so instructions and calls are what the board pays.
/// </summary>
public class InkCostTests
{
    [Fact]
    public void Normalizing_and_segmenting_a_digit_stay_within_their_IL_budget()
    {
        string firmware = Path.Combine(RepositoryPaths.FindRoot(AppContext.BaseDirectory), "firmware");
        var sources = new Dictionary<string, string>();
        foreach (string project in new[] { "EdgeDigits.Runtime", "EdgeDigits.Ink" })
        {
            string dir = Path.Combine(firmware, project);
            foreach (string file in RuntimeCompiler.ListedSources(File.ReadAllText(Path.Combine(dir, project + ".projitems"))))
            {
                sources[project + "/" + file] = File.ReadAllText(Path.Combine(dir, file));
            }
        }

        using var assembly = new InstrumentedAssembly(RuntimeCompiler.Compile("EdgeDigits.InkCounted", sources));
        dynamic ink = Activator.CreateInstance(assembly.GetType("EdgeDigits.Ink.StrokeBuffer"), 1024, 32, 320, 240)!;
        foreach (double[] stroke in InkDrawing.Five)
        {
            // A 150-pixel "5" on the 320×240 screen, a touch sample every 3 pixels: 90 stored points.
            ink.BeginStroke();
            foreach ((double x, double y) in InkDrawing.Densify(stroke, 80, 40, 150, 3))
            {
                ink.AddPoint((int)x, (int)y);
            }

            ink.EndStroke();
        }

        dynamic normalizer = Activator.CreateInstance(assembly.GetType("EdgeDigits.Ink.InkNormalizer"))!;
        dynamic segmenter = Activator.CreateInstance(assembly.GetType("EdgeDigits.Ink.DigitSegmenter"), 32, 4)!;
        var output = new byte[784];
        assembly.Reset();
        normalizer.Normalize(ink, output);
        (long il, long calls) = (assembly.Instructions, assembly.Calls);
        assembly.Reset();
        segmenter.Segment(ink, true);

        // docs/ink.md: about 0.2 M IL instructions per digit (a few percent of one LeNet-5 inference).
        Assert.InRange(il, 50_000, 400_000);
        Assert.InRange(calls, 10, 1_500);
        Assert.InRange(assembly.Instructions, 500, 20_000);
        Assert.Equal(255, output.Max());
    }
}
