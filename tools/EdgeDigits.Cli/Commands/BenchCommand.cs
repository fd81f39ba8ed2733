using System.CommandLine;
using System.Globalization;
using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Bench;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Strokes;
using Spectre.Console;

namespace EdgeDigits.Cli.Commands;

/// <summary>
/// The <c>bench</c> command: the cost of one inference on the device, measured on the host over the MNIST
/// test set, for both memory configurations (Fast, Lean) — MACs, IL instructions and calls counted exactly on an
/// instrumented copy of EdgeDigits.Runtime.dll (total and per layer), allocation, RAM split, the host speed ratio
/// against the reference and an ESP32 latency estimate.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var mnist = new Option<DirectoryInfo?>("--mnist")
        {
            Description = "Folder with the MNIST test files t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each raw or .gz); default: $EDGEDIGITS_MNIST_DIR, else download into the user cache.",
        };
        var limit = new Option<int>("--limit")
        {
            Description = "Measure only the first N test images.",
            DefaultValueFactory = _ => 10_000,
        };
        var seed = new Option<int>("--random-seed")
        {
            Description = "Seed of the random stand-in model used when no trained model is compiled in.",
            DefaultValueFactory = _ => 1,
        };
        var strokes = new Option<FileInfo?>("--strokes")
        {
            Description = "Single-digit stroke file whose pen-up-to-result path is counted; default: tests/TestData/strokes/single.jsonl.",
        };
        var model = new Option<string[]>("--model")
        {
            Description = "Measure this float ONNX model, quantized in memory as `quantize` does, instead of the compiled-in one: a path, a name from "
                + "models/ (lenet5, mlp, simple-cnn, keras-cnn, linear) or all; with more than one, print the comparison table of all of them.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("bench", "Measure the int8 runtime's cost per inference (IL, calls, MACs, RAM, allocation, speed) and the pen-up-to-result path.")
        {
            mnist, limit, seed, strokes, model,
        };
        command.SetAction(parse => Run(parse.GetValue(mnist), parse.GetValue(limit), parse.GetValue(seed), parse.GetValue(strokes), parse.GetValue(model)));
        return command;
    }

    private static int Run(DirectoryInfo? mnist, int limit, int seed, FileInfo? strokes, string[]? models)
    {
        string directory;
        try
        {
            directory = EdgeDigits.Tooling.Mnist.MnistLocator.Resolve(mnist?.FullName, line => Console.Error.WriteLine(line));
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("bench: " + e.Message);
            return 1;
        }

        if (limit < 1)
        {
            Console.Error.WriteLine("bench: --limit must be at least 1, got " + limit + ".");
            return 2;
        }

        // The stroke file passes the regular-file gate before anything is measured: a FIFO or /dev/zero used to be
        // read (or waited on) only after the whole MNIST run, and then reported as "no drawings".
        string root = EdgeDigits.Tooling.RepositoryPaths.FindRoot();
        string strokesPath = strokes?.FullName ?? Path.Combine(root, "tests", "TestData", "strokes", "single.jsonl");
        if (InputFile.Problem(strokesPath) is { } strokesProblem)
        {
            Console.Error.WriteLine(InputFile.Classify(strokesPath) == InputFile.Kind.Missing
                ? "bench: stroke file not found: " + UserText.Escape(strokesPath, 200)
                : $"bench: {UserText.Escape(strokesPath, 200)}: {strokesProblem}");
            return 1;
        }

        // The test split is loaded and checked whole, as `evaluate` loads it, before the first --limit images are taken.
        List<byte[]> images;
        string imagesPath;
        try
        {
            images = BenchRunner.ReadMnistTestImages(directory, limit, out imagesPath);
        }
        catch (Exception e) when (e is IOException or IdxFormatException)
        {
            Console.Error.WriteLine("bench: " + UserText.Escape(e.Message, CliErrors.MaxMessageChars));
            return 1;
        }

        if (images.Count == 0)
        {
            Console.Error.WriteLine($"bench: {UserText.Escape(imagesPath, 200)}: the IDX file holds no images; nothing to measure.");
            return 1;
        }

        EdgeDigits.Runtime.Int8Network? model;
        if (models != null && models.Length > 0)
        {
            IReadOnlyList<string> paths;
            try
            {
                paths = EdgeDigits.Tooling.ModelZoo.Resolve(models);
            }
            catch (FileNotFoundException e)
            {
                Console.Error.WriteLine("bench: " + e.Message);
                return 1;
            }

            if (paths.Count > 1)
            {
                return QuantizeCommand.Guarded(() =>
                {
                    ComparisonTable.Run(paths, directory, EdgeDigits.Tooling.PenDigits.PenDigitsLocator.Find(null));
                    return 0;
                });
            }

            model = null;
            int status = QuantizeCommand.Guarded(() =>
            {
                // Quantized in memory the way `recognize --model` and the simulator do (no test-set evaluation, no sources).
                model = EdgeDigits.Tooling.Quantization.OnnxQuantizer.Quantize(paths[0], directory).Model.Parameters;
                return 0;
            });
            if (status != 0)
            {
                return status;
            }
        }
        else
        {
            model = BenchRunner.TryLoadTrainedModel(root);
        }

        bool trained = model != null;
        model ??= RandomModels.LeNet5(seed);
        BenchReport report = null!;
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("counting " + images.Count + " inferences", maxValue: images.Count);
            report = BenchRunner.Run(model, trained, images, done => task.Value = done);
            task.Value = images.Count;
        });

        List<PenToResultReport> pen;
        try
        {
            pen = PenToResultBench.Run(root, model, strokesPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or StrokeFileException)
        {
            Console.Error.WriteLine("bench: " + e.Message);
            return 1;
        }

        Print(report);
        PrintPenToResult(pen, Path.GetRelativePath(root, strokesPath));
        foreach (string failure in report.Failures)
        {
            Console.Error.WriteLine("bench: FAILED: " + failure);
        }

        Console.Error.WriteLine(report.Passed
            ? $"bench: passed (outputs bit-identical to the reference on every image and layer, 0 bytes allocated over {BenchRunner.AllocationRuns:N0} warm runs per engine)"
            : "bench: failed");
        return report.Passed ? 0 : 1;
    }

    private static void PrintPenToResult(List<PenToResultReport> reports, string strokes)
    {
        AnsiConsole.MarkupLine("[bold]Pen-up to result[/], single digit, mean over the " + reports[0].Drawings + " drawings of " + Markup.Escape(strokes)
            + " (snapshot copy, segmentation, ink normalization, inference, softmax, ranking, drawing the result down to the screen's"
            + " rectangles; the board's per-rectangle fill and transfer are counted as rectangles and pixels, not as IL)");
        var table = new Table().AddColumn("per drawing");
        foreach (var p in reports)
        {
            table.AddColumn(new TableColumn(p.Memory + " engine").RightAligned());
        }

        void Row(string label, Func<PenToResultReport, string> value) => table.AddRow(new[] { label }.Concat(reports.Select(value)).ToArray());
        Row("IL: stroke snapshot copy", p => N(p.SnapshotIl));
        Row("IL: recognize (segment, normalize, infer, softmax, rank)", p => N(p.RecognizeIl));
        Row("  of which Int8Engine.Run", p => N(p.InferenceIl));
        Row("  of which ink (segmentation, normalization, result)", p => N(p.RecognizeIl - p.InferenceIl));
        Row("IL: drawing the result (ResultScreen.Show)", p => N(p.DrawIl));
        Row("  rectangles / pixels sent to the display", p => N(p.DrawRects) + " / " + N(p.DrawPixels));
        Row("IL: whole path (mean)", p => "[bold]" + N(p.TotalIl) + "[/]");
        Row("IL: whole path, worst drawing", p => N(p.MaxTotalIl));
        Row("calls", p => N(p.Calls));
        Row("ESP32 estimate, mean (ms)", p => Ms(p.TotalIl));
        Row("read correctly", p => p.Correct + " / " + p.Drawings);
        AnsiConsole.Write(table);
    }

    /// <summary>A count with thousands separators, invariant culture: "664,922".</summary>
    internal static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>The ESP32 estimate of <paramref name="il"/> IL instructions as "low-high" milliseconds (<see cref="Esp32Estimate"/>).</summary>
    internal static string Ms(double il)
    {
        var (low, high) = Esp32Estimate.Milliseconds(il);
        return N(low) + "-" + N(high);
    }

    private static void Print(BenchReport r)
    {
        AnsiConsole.MarkupLine("[bold]EdgeDigits bench[/]: " + Markup.Escape(r.ModelName)
            + (r.ModelIsTrained ? "" : " [yellow](random stand-in: no trained model compiled in)[/]")
            + ", averaged over " + r.Images + " MNIST test images");
        var table = new Table().AddColumn("per inference").AddColumn(new TableColumn("NetworkReference").RightAligned());
        foreach (var c in r.Configurations)
        {
            table.AddColumn(new TableColumn(c.Memory + " engine").RightAligned());
        }

        void Row(string label, string reference, Func<ConfigurationReport, string> value) =>
            table.AddRow(new[] { label, reference }.Concat(r.Configurations.Select(value)).ToArray());

        string Ratio(ConfigurationReport c) => " (" + (r.Reference.IlInstructions / c.Cost.IlInstructions).ToString("0.0", CultureInfo.InvariantCulture) + "x fewer)";
        Row("IL instructions (exact, mean)", N(r.Reference.IlInstructions), c => N(c.Cost.IlInstructions) + Ratio(c));
        Row("IL instructions, worst image", N(r.Reference.MaxIlInstructions), c => N(c.Cost.MaxIlInstructions));
        for (int l = 0; l < r.Configurations[0].Steps.Count; l++)
        {
            int step = l;
            string layers = r.Configurations[0].Steps[l].Split(' ')[0];
            Row("  IL in " + layers, "", c => N(c.LayerIlInstructions[step]) + " " + c.Steps[step].Split(' ')[1]);
        }

        Row("calls (call/callvirt/newobj)", N(r.Reference.Calls), c => N(c.Cost.Calls));
        Row("MACs (shapes)", N(r.Macs), c => N(r.Macs));
        Row("managed bytes allocated per Run (warm)", "", c => N(c.AllocatedBytesPerInference));
        Row("outputs differing from reference", "", c => c.MismatchedImages == 0 ? "[green]0[/]" : "[red]" + c.MismatchedImages + "[/]");
        Row("host speed vs reference (same run)", "1.0x", c => c.HostSpeedup.ToString("0.0", CultureInfo.InvariantCulture) + "x");
        Row("ESP32 estimate, mean (ms)", Ms(r.Reference.IlInstructions) + " *", c => Ms(c.Cost.IlInstructions));
        Row("ESP32 estimate, worst image (ms)", "", c => Ms(c.Cost.MaxIlInstructions));
        Row("RAM: model arrays (B)", N(r.WeightBytes), c => N(r.WeightBytes));
        Row("RAM: engine buffers (B)", "", c => N(c.BufferBytes));
        Row("RAM: prepared kernel data (B)", "", c => N(c.PreparedBytes));
        Row("RAM: total (B)", "", c => "[bold]" + N(r.WeightBytes + c.BufferBytes + c.PreparedBytes) + "[/]");
        AnsiConsole.Write(table);
        long budget = EdgeDigits.Tooling.Evaluation.ModelComparisonRow.NoPsramBudget;
        AnsiConsole.MarkupLine(Markup.Escape("fits: " + string.Join("; ", r.Configurations.Select(c =>
            c.Memory + " " + ((r.WeightBytes + c.BufferBytes + c.PreparedBytes) <= budget ? "an ESP32 without PSRAM (CYD)" : "a board with PSRAM (Core2) only")))
            + $" (budget {budget / 1024} KB of the ~80-110 KB heap without PSRAM; docs/runtime.md)"));
        AnsiConsole.MarkupLine("ESP32 " + Markup.Escape(Esp32Estimate.Assumption));
        AnsiConsole.MarkupLine("* the reference makes 14,089 calls per inference; the factor was measured on the engines (~10 calls), so its estimate is rougher.");
        AnsiConsole.MarkupLine("host throughput in this run: " + string.Join(", ", r.Configurations.Select(c => c.Memory + " " + N(c.HostInferencesPerSecond)))
            + " inferences/s (machine-dependent; the ratio is the figure)");
    }
}
