using System.CommandLine;
using EdgeDigits.Model;
using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;
using EdgeDigits.Tooling.Training;

namespace EdgeDigits.Cli.Commands;

/// <summary>
/// <c>edgedigits render FILE... --out PREFIX</c>: turns labelled stroke files into MNIST-format training data
/// (<c>PREFIX-images-idx3-ubyte.gz</c>, <c>PREFIX-labels-idx1-ubyte.gz</c>) through the device's own capture,
/// segmentation and normalization, so the training script trains on the pixels a board feeds the network.
/// Exit codes: 0 success, 1 when a file or line could not be read or nothing was rendered, 2 usage error.
/// </summary>
internal static class RenderCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Stroke files (.json, .jsonl) with labels, e.g. ../shared/data/pen-digits/unipen-1a-dev.jsonl or teach-mode files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out")
        {
            Description = "Output prefix: writes PREFIX-images-idx3-ubyte.gz and PREFIX-labels-idx1-ubyte.gz.",
            Required = true,
        };
        var writers = new Option<WriterSubset>("--writers")
        {
            Description = "Which writers to render (the project's writer split, see docs/ink.md): All, Train or Validation.",
            DefaultValueFactory = _ => WriterSubset.All,
        };
        var variants = new Option<int>("--variants")
        {
            Description = "Extra randomly slanted, rotated and stretched variants of each drawing (0..64).",
            DefaultValueFactory = _ => 0,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the variants.", DefaultValueFactory = _ => 1 };
        var command = new Command("render", "Render labelled stroke files into IDX training images with the device's ink pipeline.")
        {
            inputs, output, writers, variants, seed,
        };
        command.Validators.Add(result =>
        {
            int v = result.GetValue(variants);
            if (v is < 0 or > 64)
            {
                result.AddError($"--variants must be in 0..64, was {v}.");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(inputs)!, parse.GetValue(output)!,
            new RenderOptions(parse.GetValue(writers), parse.GetValue(variants), parse.GetValue(seed))));
        return command;
    }

    private static int Run(string[] inputs, string prefix, RenderOptions options)
    {
        int failed = 0;
        var samples = new List<StrokeSample>();
        foreach (string input in inputs)
        {
            // Render reads the stroke files it is given (see its help), not directories; InputFile says what else a path is.
            if (InputFile.Problem(input) is { } problem)
            {
                CliErrors.Fail(InputFile.Classify(input) == InputFile.Kind.Directory
                    ? $"{input}: a directory; render reads stroke files (.json, .jsonl): pass the files in it, e.g. {Path.Combine(input, "*.jsonl")}"
                    : $"{input}: {problem}", Console.Error);
                failed++;
                continue;
            }

            foreach (StrokeFileEntry entry in StrokeFileReader.Read(input))
            {
                if (entry.Sample == null)
                {
                    Console.Error.WriteLine("error: " + entry.Error);
                    failed++;
                }
                else
                {
                    samples.Add(entry.Sample);
                }
            }
        }

        RenderedSet set = TrainingSetRenderer.Render(samples, LeNet5Model.Create(), options);
        foreach (string skip in set.Skipped)
        {
            Console.Error.WriteLine("skipped: " + skip);
        }

        if (set.Count == 0)
        {
            Console.Error.WriteLine($"error: nothing to render ({samples.Count} drawings read, writers {options.Writers}).");
            return 1;
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(prefix))!;
        Directory.CreateDirectory(directory);
        string images = prefix + "-images-idx3-ubyte.gz", labels = prefix + "-labels-idx1-ubyte.gz";
        IdxWriter.WriteImages(images, set.Pixels, 28, 28);
        IdxWriter.WriteLabels(labels, set.Labels);
        Console.Error.WriteLine($"rendered {set.Count:N0} images from {set.Drawings:N0} drawings ({options.Writers} writers, "
            + $"{options.Variants} variants each, seed {options.Seed}); {set.Skipped.Count} skipped, {failed} failed");
        Console.Error.WriteLine($"wrote {images}");
        Console.Error.WriteLine($"wrote {labels}");
        return failed > 0 ? 1 : 0;
    }
}
