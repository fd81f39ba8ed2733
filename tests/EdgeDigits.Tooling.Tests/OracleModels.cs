using System.Collections.Concurrent;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// The models under models/ quantized as <c>edgedigits quantize</c> does by default (1000 calibration images, percentile
/// ranges), once per test run, and the deliberately broken variants the oracle tests need.
/// </summary>
internal static class OracleModels
{
    /// <summary>The shipped model: it must exist.</summary>
    public const string Shipped = "lenet5.onnx";

    /// <summary>Models expected under models/ (being added); a missing one is skipped, except <see cref="Shipped"/>.</summary>
    public static readonly string[] Expected = { "lenet5.onnx", "mlp.onnx", "simple-cnn.onnx", "linear.onnx", "keras-cnn.onnx" };

    private static readonly ConcurrentDictionary<string, Lazy<QuantizedNetwork>> s_quantized = new();

    public static string Directory => Path.Combine(TestData.RepositoryRoot, "models");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>The expected models plus any other models/*.onnx, ordered.</summary>
    public static IEnumerable<string> All() =>
        Expected.Concat(System.IO.Directory.Exists(Directory)
                ? System.IO.Directory.EnumerateFiles(Directory, "*.onnx").Select(p => Path.GetFileName(p)!)
                : Enumerable.Empty<string>())
            .Distinct().Order(StringComparer.Ordinal);

    /// <summary>The model quantized with the pipeline's defaults (cached).</summary>
    public static QuantizedNetwork Quantize(string file) =>
        s_quantized.GetOrAdd(file, f => new Lazy<QuantizedNetwork>(() =>
        {
            string path = PathOf(f);
            FloatGraph graph = OnnxGraphImporter.Import(OnnxModelFile.Load(path), path);
            SequentialFloatModel model = SequentialStructure.Recognize(graph);
            Calibrator calibrator = Calibrator.Run(model, TestData.Train, QuantizeRequest.DefaultCalibrationImages);
            return NetworkQuantizer.Quantize(model, calibrator.Select(QuantizeRequest.DefaultMethod), Path.GetFileNameWithoutExtension(f) + " int8");
        })).Value;

    /// <summary>A copy of <paramref name="network"/> whose layer <paramref name="layer"/> has weight <paramref name="index"/> changed by <paramref name="delta"/> (biases kept).</summary>
    public static Int8Network WithWeight(Int8Network network, int layer, int index, int delta) =>
        Replace(network, layer, network.Layers[layer] switch
        {
            QuantizedConv2D c => new QuantizedConv2D(c.InputChannels, c.OutputChannels, c.KernelSize, Bump(c.Weights, index, delta), c.Bias,
                c.OutputMultiplier, c.OutputShift, c.InputZeroPoint, c.OutputZeroPoint, c.ActivationMin, c.ActivationMax),
            QuantizedFullyConnected d => new QuantizedFullyConnected(d.InputFeatures, d.OutputFeatures, Bump(d.Weights, index, delta), d.Bias,
                d.OutputMultiplier, d.OutputShift, d.InputZeroPoint, d.OutputZeroPoint, d.ActivationMin, d.ActivationMax),
            _ => throw new ArgumentException($"layer {layer} has no weights."),
        });

    /// <summary>A copy of <paramref name="network"/> whose layer <paramref name="layer"/> clamps its output to [min, max].</summary>
    public static Int8Network WithClamp(Int8Network network, int layer, int min, int max) =>
        Replace(network, layer, network.Layers[layer] switch
        {
            QuantizedConv2D c => new QuantizedConv2D(c.InputChannels, c.OutputChannels, c.KernelSize, c.Weights, c.Bias,
                c.OutputMultiplier, c.OutputShift, c.InputZeroPoint, c.OutputZeroPoint, min, max),
            QuantizedFullyConnected d => new QuantizedFullyConnected(d.InputFeatures, d.OutputFeatures, d.Weights, d.Bias,
                d.OutputMultiplier, d.OutputShift, d.InputZeroPoint, d.OutputZeroPoint, min, max),
            _ => throw new ArgumentException($"layer {layer} has no clamp."),
        });

    private static sbyte[] Bump(sbyte[] weights, int index, int delta)
    {
        var copy = (sbyte[])weights.Clone();
        copy[index] = checked((sbyte)(copy[index] + delta));
        return copy;
    }

    private static Int8Network Replace(Int8Network network, int layer, QuantizedLayer replacement)
    {
        var layers = (QuantizedLayer[])network.Layers.Clone();
        layers[layer] = replacement;
        return new Int8Network(network.Name, network.InputChannels, network.InputHeight, network.InputWidth, layers, network.SoftmaxTable);
    }
}
