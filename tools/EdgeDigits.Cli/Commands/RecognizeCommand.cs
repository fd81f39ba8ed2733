using System.CommandLine;
using EdgeDigits.Model;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Quantization;
using EdgeDigits.Tooling.Recognition;

namespace EdgeDigits.Cli.Commands;

/// <summary>
/// <c>edgedigits recognize INPUT...</c>: recognizes stroke files (.json, .jsonl), images (PNG, PGM) or directories of
/// them with the device's ink pipeline and int8 runtime; one JSON line per sample on stdout, errors and the accuracy
/// summary on stderr. Exit code 0 when every sample was read, 1 when any file, line, image or label failed, 2 for
/// usage errors.
/// </summary>
internal static class RecognizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Stroke files (.json one drawing, .jsonl one per line), PNG/JPEG/PGM images, or directories of them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var labels = new Option<string?>("--labels") { Description = "File of 'name label' lines giving the expected digits of images." };
        var dump = new Option<string?>("--dump-input") { Description = "Directory to write each normalized 28x28 network input to, as PNG." };
        var multi = new Option<bool>("--multi") { Description = "Split each drawing or image into digits, left to right (default)." };
        var single = new Option<bool>("--single") { Description = "Read each drawing or image as one digit." };
        var model = new Option<string>("--model")
        {
            Description = "Model: 'shipped' (the generated EdgeDigits.Model.LeNet5Model), a LeNet-5 .onnx file (quantized here like "
                + "`quantize` does, calibrated on MNIST), or 'random:SEED' (untrained, for plumbing checks).",
            DefaultValueFactory = _ => "shipped",
        };
        var mnist = new Option<string?>("--mnist") { Description = "MNIST directory for calibrating an .onnx --model. Default: $EDGEDIGITS_MNIST_DIR, else the download cache." };
        var unsure = new Option<int>("--unsure-below")
        {
            Description = "Confidence in permille below which a digit is flagged unsure.",
            DefaultValueFactory = _ => EdgeDigits.Ink.InkRecognizer.DefaultUnsureThreshold,
        };

        var writers = new Option<WriterSubset>("--writers")
        {
            Description = "Read only these writers' drawings (the writer split of docs/ink.md, by drawing id): All, Train or Validation.",
            DefaultValueFactory = _ => WriterSubset.All,
        };
        var perWriter = new Option<bool>("--per-writer") { Description = "Also print the accuracy of each writer (drawing ids up to their last '/'), worst first." };
        var command = new Command("recognize", "Recognize digits in stroke files and images with the device's ink pipeline and int8 network.")
        {
            inputs, labels, dump, multi, single, model, mnist, unsure, writers, perWriter,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(multi) && result.GetValue(single))
            {
                result.AddError("--multi and --single cannot be used together.");
            }
        });

        command.SetAction(parse =>
        {
            Int8Network? parameters = LoadModel(parse.GetValue(model)!, parse.GetValue(mnist), out string? problem);
            if (parameters == null)
            {
                return CliErrors.Fail(problem!, Console.Error);
            }

            var service = new DigitRecognitionService(parameters, unsureThreshold: parse.GetValue(unsure));
            var options = new RecognitionBatchOptions(parse.GetValue(inputs)!, parse.GetValue(labels), parse.GetValue(dump), !parse.GetValue(single), parse.GetValue(writers));
            RecognitionSummary summary = RecognitionBatch.Run(service, options, Console.Out, Console.Error);
            if (summary.ByFile is { Count: > 1 } files)
            {
                Console.Error.WriteLine("per file:");
                foreach (string line in RecognitionBatch.FormatBreakdown(files))
                {
                    Console.Error.WriteLine(line);
                }
            }

            if (parse.GetValue(perWriter) && summary.ByWriter is { Count: > 0 } writersTally)
            {
                Console.Error.WriteLine($"per writer ({writersTally.Count}):");
                foreach (string line in RecognitionBatch.FormatBreakdown(writersTally))
                {
                    Console.Error.WriteLine(line);
                }
            }

            Console.Error.WriteLine(RecognitionBatch.FormatSummary(summary));
            return summary.Failed > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>
    /// The network named by <c>--model</c>, or null with <paramref name="problem"/> set when the name is not one. When
    /// an .onnx model or the MNIST data cannot be read, the exception (its message names the file) goes on to the
    /// top-level handler, <see cref="CliErrors.Report"/>, which escapes and cuts it as for every command.
    /// </summary>
    private static Int8Network? LoadModel(string name, string? mnistOption, out string? problem)
    {
        problem = null;
        if (name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            string mnist = MnistLocator.Resolve(mnistOption, line => Console.Error.WriteLine(line));
            return OnnxQuantizer.Quantize(name, mnist).Model.Parameters;
        }

        if (name.StartsWith("random", StringComparison.Ordinal))
        {
            string seed = name.Length > 6 && name[6] == ':' ? name[7..] : "1";
            if (!int.TryParse(seed, out int value))
            {
                problem = $"--model {name}: expected random:SEED with an integer seed";
                return null;
            }

            return RandomLeNet5.Create(value);
        }

        if (name != "shipped")
        {
            problem = $"--model {name}: expected 'shipped', a .onnx file or 'random:SEED'";
            return null;
        }

        // The shipped model: generated by `edgedigits quantize` into firmware/EdgeDigits.Model, compiled in.
        return LeNet5Model.Create();
    }
}
