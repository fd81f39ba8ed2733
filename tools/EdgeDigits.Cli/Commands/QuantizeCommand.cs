using System.CommandLine;
using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Emit;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Quantization;
using Spectre.Console;

namespace EdgeDigits.Cli.Commands;

/// <summary>
/// <c>edgedigits quantize</c>: ONNX LeNet-5 → int8 C# arrays for the firmware (firmware/EdgeDigits.Model/LeNet5Model.g.cs,
/// LeNet5Golden.g.cs) and a JSON report. Exit codes: 0 written, 1 bad input or failed check, 2 usage error.
/// </summary>
internal static class QuantizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Float ONNX model (default: models/lenet5.onnx in the repository)." };
        var mnist = new Option<string?>("--mnist") { Description = "Directory with the MNIST IDX files (.gz or raw). Default: $EDGEDIGITS_MNIST_DIR, else download into the user cache." };
        var images = new Option<int>("--calibration-images")
        {
            Description = "Number of MNIST training images used for calibration (evenly spaced over the first 50,000; all of a smaller file, which must hold at least 100).",
            DefaultValueFactory = _ => QuantizeRequest.DefaultCalibrationImages,
        };
        var method = new Option<string>("--calibration")
        {
            Description = "Activation-range calibration: minmax, percentile or mse.",
            DefaultValueFactory = _ => Names.Of(QuantizeRequest.DefaultMethod),
        };
        method.AcceptOnlyFromAmong("minmax", "percentile", "mse");
        var compare = new Option<bool>("--compare") { Description = "Also quantize with every calibration method and report their int8 accuracies (slower)." };
        var output = new Option<string?>("--out") { Description = "Output directory of the generated C# (default: firmware/EdgeDigits.Model)." };
        var report = new Option<string?>("--report") { Description = "JSON report path (default: models/lenet5.quant.json)." };
        var pen = new Option<string?>("--pen")
        {
            Description = $"Real pen-digit file (or its directory) whose validation writers calibrate the confidences (softmax temperature). Default: ${PenDigitsLocator.EnvironmentVariable}, else {PenDigitsLocator.DefaultRelativeDirectory}; without one the softmax stays uncalibrated (T = 1).",
        };

        var maxDrop = new Option<double>("--max-drop")
        {
            Description = "Fail (exit 1) when int8 accuracy is more than this many percentage points below float.",
            DefaultValueFactory = _ => AccuracyGate.DefaultMaxDropPoints,
        };
        var minFloat = new Option<double>("--min-float-accuracy")
        {
            Description = "Fail (exit 1) when the float model's MNIST test accuracy is below this percentage (a sanity floor).",
            DefaultValueFactory = _ => AccuracyGate.DefaultMinFloatPercent,
        };

        var command = new Command("quantize", "Quantize a float network (default: the shipped LeNet-5) to int8 and generate the firmware's C# model and golden vectors.")
        {
            model, mnist, images, method, compare, output, report, pen, maxDrop, minFloat,
        };
        command.SetAction(pr =>
        {
            int calibrationImages = pr.GetValue(images);
            if (calibrationImages < 1 || calibrationImages > Calibrator.ValidationStart)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] --calibration-images must lie in 1..{Calibrator.ValidationStart:N0}.");
                return 2;
            }

            var gate = new AccuracyGate(pr.GetValue(maxDrop), pr.GetValue(minFloat));
            if (!(gate.MaxDropPoints >= 0 && gate.MaxDropPoints <= 100 && gate.MinFloatPercent >= 0 && gate.MinFloatPercent <= 100))
            {
                Console.Error.WriteLine("error: --max-drop and --min-float-accuracy must lie in 0..100.");
                return CliErrors.Usage;
            }

            var request = new QuantizeRequest(
                RepositoryPaths.Resolve(pr.GetValue(model), "models/lenet5.onnx"),
                "",
                calibrationImages,
                Names.Parse(pr.GetValue(method)!),
                pr.GetValue(compare));
            string outDir = RepositoryPaths.Resolve(pr.GetValue(output), "firmware/EdgeDigits.Model");
            string reportPath = RepositoryPaths.Resolve(pr.GetValue(report), "models/lenet5.quant.json");
            return Guarded(() =>
            {
                request = request with
                {
                    MnistDirectory = MnistLocator.Resolve(pr.GetValue(mnist), line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]")),
                    PenDigitsFile = PenDigitsLocator.Find(pr.GetValue(pen)),
                };
                if (request.PenDigitsFile == null)
                {
                    AnsiConsole.MarkupLine("[yellow]warning:[/] no real pen-digit file found: confidences are not calibrated (T = 1).");
                }

                QuantizeOutcome outcome = WithProgress(progress => QuantizePipeline.Run(request, progress));
                if (gate.Check(outcome.FloatReport.AccuracyBasisPoints, outcome.Int8Report.AccuracyBasisPoints) is { } failed)
                {
                    // Nothing is written: a model that fails the check must not replace the firmware's.
                    Console.Error.WriteLine("error: accuracy check failed: " + failed + "; nothing written.");
                    return CliErrors.Failure;
                }

                int bytes;
                try
                {
                    bytes = ModelAssemblyWriter.Write(outDir, outcome.Sources);
                }
                catch (InvalidOperationException e)
                {
                    // The generated arrays exceed nanoFramework's per-assembly budget: a property of the model, not a bug.
                    Console.Error.WriteLine("error: " + UserText.Escape(e.Message, CliErrors.MaxMessageChars));
                    return CliErrors.Failure;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
                File.WriteAllText(reportPath, QuantReportWriter.Write(outcome));
                Print(outcome, outDir, reportPath, bytes);
                return 0;
            });
        });
        return command;
    }

    private static void Print(QuantizeOutcome outcome, string outDir, string reportPath, int bytes)
    {
        var summary = new Table().Border(TableBorder.Rounded).AddColumn("Quantization").AddColumn(new TableColumn("Value"));
        summary.AddRow("Model", Markup.Escape($"{outcome.Request.ModelPath}"));
        summary.AddRow("SHA-256", outcome.SourceSha256);
        summary.AddRow("Calibration", $"{Names.Of(outcome.Request.Method)} on {outcome.Model.Calibration.ImageCount:N0} training images");
        summary.AddRow("Float accuracy (10,000 test)", Percent(outcome.FloatReport.AccuracyBasisPoints));
        summary.AddRow("Int8 accuracy (runtime Int8Engine)", Percent(outcome.Int8Report.AccuracyBasisPoints));
        summary.AddRow("Int8 − float", $"{(outcome.Int8Report.AccuracyBasisPoints - outcome.FloatReport.AccuracyBasisPoints) / 100.0:+0.00;-0.00;0.00} pp");
        summary.AddRow("Float/int8 disagreements", outcome.Disagreements.Length.ToString("N0"));
        if (outcome.Confidence is { } fit)
        {
            summary.AddRow("Softmax temperature", $"T = {fit.Temperature:0.###}, fitted on {fit.Digits:N0} pen digits of {fit.Writers} validation writers");
            summary.AddRow("Calibration error (ECE)", $"{fit.EceBefore * 100:0.00} % → {fit.EceAfter * 100:0.00} %");
        }

        var assemblies = outcome.Sources.Where(x => x.Assembly != null).GroupBy(x => x.Assembly!)
            .Select(g => $"{g.Key} {g.Sum(x => x.ArrayDataBytes):N0}").ToList();
        summary.AddRow("Array initializer data", $"{bytes:N0} bytes in {assemblies.Count} assemblies ({string.Join(", ", assemblies)}; each at most {ModelAssemblyWriter.ArrayDataLimit:N0})");
        AnsiConsole.Write(summary);

        var layers = new Table().Border(TableBorder.Simple).Title("Per-layer quantization")
            .AddColumns("Layer", "ONNX node", "S_in", "Z_in", "S_out", "Z_out", "shift range");
        foreach (QuantizedLayerInfo l in outcome.Model.Layers)
        {
            layers.AddRow(l.Name, Markup.Escape(l.SourceNode), l.InputScale.ToString("G5"), l.InputZeroPoint.ToString(), l.OutputScale.ToString("G5"),
                l.OutputZeroPoint.ToString(), $"{l.Shifts.Min()}..{l.Shifts.Max()}");
        }

        AnsiConsole.Write(layers);
        if (outcome.Comparisons.Count > 1)
        {
            var comparison = new Table().Border(TableBorder.Simple).Title("Calibration methods (int8 accuracy)")
                .AddColumns("Method", "Validation (train 50k..60k)", "Test", "Disagreements with float");
            foreach (CalibrationComparison c in outcome.Comparisons)
            {
                comparison.AddRow(Names.Of(c.Method), c.ValidationImages > 0 ? Percent(c.ValidationAccuracyBasisPoints) : "n/a (no training images after 50,000)", Percent(c.TestAccuracyBasisPoints), c.TestDisagreements.ToString());
            }

            AnsiConsole.Write(comparison);
        }

        foreach (GeneratedSource s in outcome.Sources)
        {
            AnsiConsole.MarkupLineInterpolated($"wrote [green]{Path.Combine(outDir, s.FileName)}[/] ({s.ArrayDataBytes:N0} bytes of array data)");
        }

        AnsiConsole.MarkupLineInterpolated($"wrote [green]{reportPath}[/]");
    }

    internal static string Percent(int basisPoints) => (basisPoints / 100.0).ToString("0.00") + " %";

    /// <summary>Runs <paramref name="work"/> under Spectre.Console progress bars, one per pipeline stage.</summary>
    internal static T WithProgress<T>(Func<Action<PipelineProgress>, T> work)
    {
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                object gate = new();
                return work(p =>
                {
                    if (p.Done != p.Total && p.Done % 250 != 0)
                    {
                        return;
                    }

                    lock (gate)
                    {
                        if (!tasks.TryGetValue(p.Stage, out ProgressTask? task))
                        {
                            task = ctx.AddTask(Markup.Escape(p.Stage), maxValue: p.Total);
                            tasks[p.Stage] = task;
                        }

                        task.Value = p.Done;
                    }
                });
            });
    }

    /// <summary>Runs a command body; an exception it throws becomes one error line and exit code (see <see cref="CliErrors"/>).</summary>
    internal static int Guarded(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return CliErrors.Report(e, Console.Error);
        }
    }
}
