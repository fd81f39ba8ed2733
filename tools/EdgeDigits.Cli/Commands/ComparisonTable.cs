using EdgeDigits.Tooling.Bench;
using EdgeDigits.Tooling.Evaluation;
using EdgeDigits.Tooling.Quantization;
using Spectre.Console;

namespace EdgeDigits.Cli.Commands;

/// <summary>Measures several networks (<see cref="ModelComparison"/>) and prints them side by side: the table of README "Model zoo".</summary>
internal static class ComparisonTable
{
    /// <summary>MNIST test images the IL columns are averaged over (exact counts; the instrumented runs are slow).</summary>
    public const int IlImages = 200;

    /// <summary>Measures and prints.</summary>
    /// <param name="models">ONNX paths.</param>
    /// <param name="mnistDirectory">MNIST directory.</param>
    /// <param name="penFile">Pen-digit file, or null.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<ModelComparisonRow> Run(IReadOnlyList<string> models, string mnistDirectory, string? penFile)
    {
        var images = BenchRunner.ReadMnistTestImages(mnistDirectory, IlImages);
        var rows = new List<ModelComparisonRow>();
        foreach (string model in models)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]measuring {Path.GetFileName(model)}…[/]");
            rows.Add(ModelComparison.Measure(model, mnistDirectory, penFile, images));
        }

        Print(rows);
        return rows;
    }

    /// <summary>Prints the rows as one table, one column per network.</summary>
    /// <param name="rows">The measured networks.</param>
    public static void Print(IReadOnlyList<ModelComparisonRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Networks side by side (int8 on Int8Engine; IL counted exactly over " + rows[0].IlImages + " MNIST test images)")
            .AddColumn("");
        foreach (ModelComparisonRow r in rows)
        {
            table.AddColumn(new TableColumn(Markup.Escape(r.Name)).RightAligned());
        }

        void Row(string label, Func<ModelComparisonRow, string> value) => table.AddRow(new[] { label }.Concat(rows.Select(value)).ToArray());
        Row("parameters", r => N(r.Parameters));
        Row("MACs per inference", r => N(r.Macs));
        Row("flash: array data (B)", r => N(r.ArrayBytes) + (r.Assemblies > 1 ? " in " + r.Assemblies + " assemblies" : ""));
        Row("RAM, Fast engine (B)", r => N(r.RamFast));
        Row("RAM, Lean engine (B)", r => N(r.RamLean));
        Row("MNIST float", r => QuantizeCommand.Percent(r.FloatBasisPoints));
        Row("MNIST int8", r => QuantizeCommand.Percent(r.Int8BasisPoints));
        Row("pen digits, validation writers, float", r => r.PenFloatBasisPoints is int f ? QuantizeCommand.Percent(f) : "n/a");
        Row("pen digits, validation writers, int8", r => r.PenInt8BasisPoints is int i ? QuantizeCommand.Percent(i) : "n/a");
        Row("IL per inference, Fast", r => N(r.IlFast));
        Row("IL per inference, Lean", r => N(r.IlLean));
        Row("calls per inference, Fast / Lean", r => N(r.CallsFast) + " / " + N(r.CallsLean));
        Row("ESP32 estimate, Fast (ms)", r => Ms(r.IlFast));
        Row("ESP32 estimate, Lean (ms)", r => Ms(r.IlLean));
        Row("fits", r => r.Board);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("ESP32 " + Markup.Escape(Esp32Estimate.Assumption));
        AnsiConsole.MarkupLine(Markup.Escape($"fits: \"ESP32\" = the engine's RAM (model arrays + buffers + prepared data) within {ModelComparisonRow.NoPsramBudget / 1024} KB of the ~80-110 KB heap of an ESP32 without PSRAM (CYD); otherwise a board with PSRAM (Core2)."));
    }

    private static string N(double value) => BenchCommand.N(value);

    private static string Ms(double il) => BenchCommand.Ms(il);
}
