using System.CommandLine;
using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Evaluation;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Quantization;
using Spectre.Console;

namespace EdgeDigits.Cli.Commands;

/// <summary>
/// <c>edgedigits evaluate</c>: float and int8 (runtime Int8Engine) accuracy on the 10,000 MNIST test images, per-class
/// accuracy, confusion matrix, float/int8 disagreements, optional SVG pictures; then accuracy on the real pen digits of
/// the validation writers (single digits, float and int8, and composed numbers), when the pen-digit file is found.
/// Exit codes: 0 done, 1 bad input, 2 usage error.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string[]>("--model")
        {
            Description = "Float ONNX model: a path, a name from models/ (lenet5, mlp, simple-cnn, keras-cnn, linear) or all; repeatable. Default: lenet5. "
                + "Each is quantized in memory exactly as `quantize` does; with more than one, one comparison table is printed.",
            AllowMultipleArgumentsPerToken = true,
        };
        var mnist = new Option<string?>("--mnist") { Description = "Directory with the MNIST IDX files. Default: $EDGEDIGITS_MNIST_DIR, else download into the user cache." };
        var images = new Option<int>("--calibration-images") { Description = "Calibration images.", DefaultValueFactory = _ => QuantizeRequest.DefaultCalibrationImages };
        var method = new Option<string>("--calibration") { Description = "minmax, percentile or mse.", DefaultValueFactory = _ => Names.Of(QuantizeRequest.DefaultMethod) };
        method.AcceptOnlyFromAmong("minmax", "percentile", "mse");
        var svg = new Option<string?>("--svg") { Description = "Write confusion-matrix.svg and worst-mistakes.svg into this directory." };
        var pen = new Option<string?>("--pen")
        {
            Description = $"Real pen-digit file (or its directory) for the validation-writer figures. Default: ${PenDigitsLocator.EnvironmentVariable}, else {PenDigitsLocator.DefaultRelativeDirectory} beside the repository; skipped when absent.",
        };
        var command = new Command("evaluate", "Measure the float and int8 network on the 10,000 MNIST test images and on real pen digits of held-out writers.")
        {
            model, mnist, images, method, svg, pen,
        };
        command.SetAction(pr =>
        {
            int calibrationImages = pr.GetValue(images);
            if (calibrationImages < 1 || calibrationImages > Calibrator.ValidationStart)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] --calibration-images must lie in 1..{Calibrator.ValidationStart:N0}.");
                return 2;
            }

            return QuantizeCommand.Guarded(() =>
            {
                IReadOnlyList<string> models = ModelZoo.Resolve(pr.GetValue(model));
                string dir = MnistLocator.Resolve(pr.GetValue(mnist), line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));
                string? penFile = PenDigitsLocator.Find(pr.GetValue(pen));
                if (models.Count > 1)
                {
                    ComparisonTable.Run(models, dir, penFile);
                    return 0;
                }

                string modelPath = models[0];
                var request = new QuantizeRequest(modelPath, dir, calibrationImages, Names.Parse(pr.GetValue(method)!), PenDigitsFile: penFile);
                QuantizeOutcome outcome = QuantizeCommand.WithProgress(progress => QuantizePipeline.Run(request, progress));
                Print(outcome);
                if (penFile == null)
                {
                    AnsiConsole.MarkupLine($"[grey]Real pen digits not found (--pen, ${PenDigitsLocator.EnvironmentVariable}): validation-writer figures skipped.[/]");
                }
                else
                {
                    PrintPen(PenValidation.Measure(PenValidation.Load(penFile), outcome.FloatModel, outcome.Model.Parameters), penFile);
                }

                string? svgDir = pr.GetValue(svg);
                if (svgDir != null)
                {
                    WriteSvg(outcome, MnistDataset.Load(dir, MnistSplit.Test), Path.GetFullPath(svgDir));
                }

                return 0;
            });
        });
        return command;
    }

    /// <summary>Column of the accuracy tables: the 95 % Wilson score interval of each proportion (how far a figure on this many samples can be trusted).</summary>
    private const string Interval = "95 % interval (Wilson)";

    private static void Print(QuantizeOutcome o)
    {
        var accuracy = new Table().Border(TableBorder.Rounded).Title("MNIST test set (10,000 images)")
            .AddColumns("Model", "Correct", "Accuracy", Interval);
        accuracy.AddRow("float (ONNX graph in C#)", o.FloatReport.Correct.ToString("N0"), QuantizeCommand.Percent(o.FloatReport.AccuracyBasisPoints), WilsonInterval.Format95(o.FloatReport.Correct, o.FloatReport.Total));
        accuracy.AddRow($"int8 (runtime Int8Engine, {Names.Of(o.Request.Method)})", o.Int8Report.Correct.ToString("N0"), QuantizeCommand.Percent(o.Int8Report.AccuracyBasisPoints), WilsonInterval.Format95(o.Int8Report.Correct, o.Int8Report.Total));
        AnsiConsole.Write(accuracy);

        var perClass = new Table().Border(TableBorder.Simple).Title("Per-class accuracy").AddColumns("Digit", "Images", "Float", "Int8");
        for (int d = 0; d < 10; d++)
        {
            perClass.AddRow(d.ToString(), o.Int8Report.ClassTotal(d).ToString("N0"), $"{o.FloatReport.ClassAccuracy(d) * 100:0.00} %", $"{o.Int8Report.ClassAccuracy(d) * 100:0.00} %");
        }

        AnsiConsole.Write(perClass);

        var confusion = new Table().Border(TableBorder.Simple).Title("Int8 confusion matrix (rows: true digit, columns: predicted)").AddColumn("");
        for (int p = 0; p < 10; p++)
        {
            confusion.AddColumn(new TableColumn(p.ToString()).RightAligned());
        }

        for (int t = 0; t < 10; t++)
        {
            var cells = new List<string> { $"[bold]{t}[/]" };
            for (int p = 0; p < 10; p++)
            {
                int n = o.Int8Report.Confusion[t * 10 + p];
                cells.Add(n == 0 ? "[grey]·[/]" : t == p ? $"[green]{n}[/]" : $"[red]{n}[/]");
            }

            confusion.AddRow(cells.ToArray());
        }

        AnsiConsole.Write(confusion);
        int[] disagreements = o.Disagreements;
        AnsiConsole.MarkupLineInterpolated($"Float and int8 disagree on [bold]{disagreements.Length}[/] of 10,000 test images{(disagreements.Length > 0 ? ": " + string.Join(", ", disagreements) : ".")}");
    }

    private static void PrintPen(PenValidationReport r, string path)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Real pen digits, validation writers ({r.Writers} writers, {r.Int8.Total:N0} digits; {Path.GetFileName(path)})"))
            .AddColumns("Model", "Correct", "Accuracy", Interval);
        table.AddRow("float, single digits", r.Float.Correct.ToString("N0"), QuantizeCommand.Percent(r.Float.AccuracyBasisPoints), WilsonInterval.Format95(r.Float.Correct, r.Float.Total));
        table.AddRow("int8, single digits", r.Int8.Correct.ToString("N0"), QuantizeCommand.Percent(r.Int8.AccuracyBasisPoints), WilsonInterval.Format95(r.Int8.Correct, r.Int8.Total));
        if (r.MultiCount > 0)
        {
            // No interval: composed numbers reuse the same 1,112 drawings (a hard digit recurs in several numbers), so
            // they are not independent trials and a binomial interval would be too narrow.
            table.AddRow($"int8, {r.MultiCount} composed numbers, whole string", r.Multi.ExactMatches.ToString("N0"), $"{r.Multi.ExactMatchRate * 100:0.00} %", "");
            table.AddRow($"int8, composed numbers, per digit ({r.Multi.Digits:N0})", r.Multi.CorrectDigits.ToString("N0"), $"{r.Multi.DigitRate * 100:0.00} %", "");
        }

        AnsiConsole.Write(table);

        var unsure = new Table().Border(TableBorder.Simple)
            .Title("\"Not sure\" threshold on the same digits (int8 confidences, calibrated softmax)")
            .AddColumns("Threshold", "Errors flagged", "Correct answers flagged");
        foreach (int t in new[] { 300, 400, 500, 600, 700, 800, 900, 950 })
        {
            (int ef, int e, int cf, int c) = r.Flagged(t);
            string mark = t == EdgeDigits.Ink.InkRecognizer.DefaultUnsureThreshold ? " (device default)" : "";
            unsure.AddRow($"{t} ‰{mark}", $"{ef} of {e} ({(e == 0 ? 0 : 100.0 * ef / e):0.0} %)", $"{cf} of {c} ({(c == 0 ? 0 : 100.0 * cf / c):0.0} %)");
        }

        AnsiConsole.Write(unsure);
    }

    private static void WriteSvg(QuantizeOutcome o, MnistDataset test, string dir)
    {
        Directory.CreateDirectory(dir);
        string matrix = Path.Combine(dir, "confusion-matrix.svg");
        File.WriteAllText(matrix, EvaluationSvg.ConfusionMatrix(o.Int8Report, "int8 LeNet-5, MNIST test"));
        int[] worst = Enumerable.Range(0, test.Count)
            .Where(i => o.Int8Predictions.Classes[i] != test.Label(i))
            .OrderByDescending(i => o.Int8Predictions.Confidences[i]).ThenBy(i => i)
            .Take(32).ToArray();
        string mistakes = Path.Combine(dir, "worst-mistakes.svg");
        File.WriteAllText(mistakes, EvaluationSvg.Mistakes(test, worst, o.Int8Predictions.Classes, o.Int8Predictions.Confidences,
            "Most confident int8 mistakes (true → predicted)"));
        AnsiConsole.MarkupLineInterpolated($"wrote [green]{matrix}[/] and [green]{mistakes}[/]");
    }
}
