using System.CommandLine;
using System.Globalization;
using EdgeDigits.Tooling.Bench;
using Spectre.Console;

namespace EdgeDigits.Cli.Commands;

/// <summary>
/// The <c>bench</c> command: the cost of one LeNet-5 inference on the device, measured on the host over the MNIST
/// test set — MACs, IL instructions and calls counted exactly on an instrumented copy of EdgeDigits.Runtime.dll,
/// allocation, RAM, the host speed ratio fast/reference and an ESP32 latency estimate.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var mnist = new Option<DirectoryInfo?>("--mnist")
        {
            Description = "Folder with t10k-images-idx3-ubyte(.gz); default: $EDGEDIGITS_MNIST_DIR, else download into the user cache.",
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
        var command = new Command("bench", "Measure the int8 LeNet-5 runtime's cost per inference (IL, calls, MACs, RAM, allocation, speed).")
        {
            mnist, limit, seed,
        };
        command.SetAction(parse => Run(parse.GetValue(mnist), parse.GetValue(limit), parse.GetValue(seed)));
        return command;
    }

    private static int Run(DirectoryInfo? mnist, int limit, int seed)
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

        List<byte[]> images;
        try
        {
            images = BenchRunner.ReadMnistTestImages(directory, limit);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Console.Error.WriteLine("bench: " + e.Message);
            return 1;
        }

        var model = BenchRunner.TryLoadTrainedModel(EdgeDigits.Tooling.RepositoryPaths.FindRoot());
        bool trained = model != null;
        model ??= RandomModels.LeNet5(seed);
        BenchReport report = null!;
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("counting " + images.Count + " inferences", maxValue: images.Count);
            report = BenchRunner.Run(model, trained, images, done => task.Value = done);
            task.Value = images.Count;
        });

        Print(report);
        return report.MismatchedImages == 0 && report.AllocatedBytesPerInference == 0 ? 0 : 1;
    }

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static void Print(BenchReport r)
    {
        AnsiConsole.MarkupLine("[bold]EdgeDigits bench[/]: " + Markup.Escape(r.ModelName)
            + (r.ModelIsTrained ? "" : " [yellow](random stand-in: no trained model compiled in)[/]")
            + ", averaged over " + r.Images + " MNIST test images");
        var table = new Table().AddColumn("per inference").AddColumn(new TableColumn("LeNet5Reference").RightAligned())
            .AddColumn(new TableColumn("LeNet5").RightAligned()).AddColumn(new TableColumn("ratio").RightAligned());
        table.AddRow("IL instructions (exact)", N(r.Reference.IlInstructions), N(r.Fast.IlInstructions),
            (r.Reference.IlInstructions / r.Fast.IlInstructions).ToString("0.0", CultureInfo.InvariantCulture) + "x");
        table.AddRow("IL instructions, worst image", N(r.Reference.MaxIlInstructions), N(r.Fast.MaxIlInstructions), "");
        table.AddRow("calls (call/callvirt/newobj)", N(r.Reference.Calls), N(r.Fast.Calls), "");
        table.AddRow("MACs (shapes)", N(r.Macs), N(r.Macs), "");
        table.AddRow("MACs executed after zero skipping", N(r.Macs), N(r.EffectiveMacs), "");
        table.AddRow("host speed, fast/reference (same run)", "1.0x", r.HostSpeedup.ToString("0.0", CultureInfo.InvariantCulture) + "x", "");
        var (low, high) = Esp32Estimate.Milliseconds(r.Fast.IlInstructions, r.Fast.Calls);
        var (refLow, refHigh) = Esp32Estimate.Milliseconds(r.Reference.IlInstructions, r.Reference.Calls);
        table.AddRow("ESP32 estimate (ms)", N(refLow) + "-" + N(refHigh), N(low) + "-" + N(high), "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("managed bytes allocated per LeNet5.Run after warm-up: [bold]" + N(r.AllocatedBytesPerInference) + "[/]");
        AnsiConsole.MarkupLine("RAM: model arrays " + N(r.WeightBytes) + " B + LeNet5 buffers " + N(r.BufferBytes)
            + " B + prepared kernel data " + N(r.PreparedBytes) + " B = " + N(r.WeightBytes + r.BufferBytes + r.PreparedBytes) + " B");
        AnsiConsole.MarkupLine("outputs differing from LeNet5Reference: " + (r.MismatchedImages == 0 ? "[green]0[/]" : "[red]" + r.MismatchedImages + "[/]"));
        AnsiConsole.MarkupLine("ESP32 assumption: " + Markup.Escape(Esp32Estimate.Assumption));
        AnsiConsole.MarkupLine("host LeNet5 throughput in this run: " + N(r.HostFastInferencesPerSecond) + " inferences/s (machine-dependent; the ratio is the figure)");
    }
}
