using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Bench;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Evaluation;

/// <summary>One network's line of the comparison table (<c>edgedigits evaluate --model all</c>, README "Model zoo").</summary>
/// <param name="Name">Model name (file name without .onnx).</param>
/// <param name="Parameters">Trainable parameters of the float model.</param>
/// <param name="Macs">Nominal multiply-accumulates per inference.</param>
/// <param name="ArrayBytes">Flash: bytes of the generated model's array-initializer data (also copied into the heap at start-up); the golden vector not counted.</param>
/// <param name="Assemblies">Model assemblies the generator writes (1, or more when the arrays exceed 64 KB per assembly).</param>
/// <param name="RamFast">RAM of the Fast engine: model arrays + engine buffers + prepared kernel data, bytes.</param>
/// <param name="RamLean">RAM of the Lean engine, bytes.</param>
/// <param name="FloatBasisPoints">Float accuracy on the 10,000 MNIST test images, ×10,000.</param>
/// <param name="Int8BasisPoints">Int8 (Int8Engine) accuracy on the same images.</param>
/// <param name="PenFloatBasisPoints">Float accuracy on the pen digits of the validation writers, or null without the data.</param>
/// <param name="PenInt8BasisPoints">Int8 accuracy on the same pen digits, or null.</param>
/// <param name="PenDigits">Pen digits measured (0 without the data).</param>
/// <param name="IlFast">Mean IL instructions per inference, Fast engine, over the measured MNIST images (exact count).</param>
/// <param name="IlLean">Mean IL instructions per inference, Lean engine.</param>
/// <param name="CallsFast">Mean calls per inference, Fast engine.</param>
/// <param name="CallsLean">Mean calls per inference, Lean engine.</param>
/// <param name="IlImages">MNIST test images the IL counts are averaged over.</param>
public sealed record ModelComparisonRow(
    string Name, int Parameters, long Macs, int ArrayBytes, int Assemblies, long RamFast, long RamLean,
    int FloatBasisPoints, int Int8BasisPoints, int? PenFloatBasisPoints, int? PenInt8BasisPoints, int PenDigits,
    double IlFast, double IlLean, double CallsFast, double CallsLean, int IlImages)
{
    /// <summary>
    /// RAM an ESP32 without PSRAM can give a model and its engine: 64 KB of its ≈ 80–110 KB managed heap (less on display
    /// firmware), the rest left for the app, the ink buffers and the display (docs/runtime.md "Which board a model fits").
    /// </summary>
    public const long NoPsramBudget = 64 * 1024;

    /// <summary>The board class the network fits: "ESP32 (Lean)" when the Lean engine's RAM is within <see cref="NoPsramBudget"/>, else "PSRAM only".</summary>
    public string Board => RamLean <= NoPsramBudget ? (RamFast <= NoPsramBudget ? "ESP32, Fast" : "ESP32 (Lean); PSRAM (Fast)") : "PSRAM only";
}

/// <summary>Measures networks side by side: quantize as <c>quantize</c> does, accuracy on MNIST and pen digits, IL per inference.</summary>
public static class ModelComparison
{
    /// <summary>Measures one network.</summary>
    /// <param name="onnxPath">The float ONNX model.</param>
    /// <param name="mnistDirectory">MNIST IDX directory.</param>
    /// <param name="penFile">Real pen-digit file, or null to skip those figures.</param>
    /// <param name="ilImages">MNIST test images to count IL instructions on (each through both engines, instrumented).</param>
    /// <param name="progress">Pipeline progress, or null.</param>
    /// <returns>The row.</returns>
    /// <exception cref="Onnx.OnnxImportException">The model cannot be imported.</exception>
    /// <exception cref="InvalidDataException">The graph is not a sequential network the int8 runtime implements.</exception>
    public static ModelComparisonRow Measure(string onnxPath, string mnistDirectory, string? penFile, IReadOnlyList<byte[]> ilImages,
        Action<PipelineProgress>? progress = null)
    {
        var request = new QuantizeRequest(onnxPath, mnistDirectory, PenDigitsFile: penFile);
        QuantizeOutcome outcome = QuantizePipeline.Run(request, progress);
        Int8Network network = outcome.Model.Parameters;
        PenValidationReport? pen = penFile == null ? null : PenValidation.Measure(PenValidation.Load(penFile), outcome.FloatModel, network);

        long weights = BenchRunner.WeightBytes(network);
        long Ram(EngineMemory memory)
        {
            var engine = new Int8Engine(network, memory);
            return weights + engine.BufferBytes + engine.PreparedBytes;
        }

        double ilFast = 0, ilLean = 0, callsFast = 0, callsLean = 0;
        using (var counted = new InstrumentedRuntime(network))
        {
            foreach (byte[] image in ilImages)
            {
                var (_, fi, fc) = counted.Run(EngineMemory.Fast, image);
                var (_, li, lc) = counted.Run(EngineMemory.Lean, image);
                ilFast += fi;
                callsFast += fc;
                ilLean += li;
                callsLean += lc;
            }
        }

        int n = Math.Max(1, ilImages.Count);
        return new ModelComparisonRow(
            Path.GetFileNameWithoutExtension(onnxPath), outcome.FloatModel.ParameterCount, MacCount.Nominal(network),
            outcome.Sources.Where(IsModelFile).Sum(s => s.ArrayDataBytes), outcome.Sources.Where(s => s.Assembly != null).Select(s => s.Assembly).Distinct().Count(),
            Ram(EngineMemory.Fast), Ram(EngineMemory.Lean),
            outcome.FloatReport.AccuracyBasisPoints, outcome.Int8Report.AccuracyBasisPoints,
            pen?.Float.AccuracyBasisPoints, pen?.Int8.AccuracyBasisPoints, pen?.Int8.Total ?? 0,
            ilFast / n, ilLean / n, callsFast / n, callsLean / n, ilImages.Count);
    }

    /// <summary>The generated model files (not the golden vector, which is a self-test fixture).</summary>
    private static bool IsModelFile(Emit.GeneratedSource s) => s.Assembly != null && !s.FileName.EndsWith("Golden.g.cs", StringComparison.Ordinal);
}
