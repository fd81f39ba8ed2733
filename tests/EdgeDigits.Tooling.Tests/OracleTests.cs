using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Oracle;
using EdgeDigits.Tooling.Quantization;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// GitHub issue 11, "Independent oracle": our int8 kernels (<c>NetworkReference</c>) against ONNX Runtime running the same
/// quantized network exported as standard ONNX quantized ops (<see cref="QdqOnnxExporter"/>), layer by layer, on MNIST test
/// images. ORT shares none of our code: it gets the real scales and derives its own requantization in float.
/// </summary>
/// <remarks>
/// Tolerance: on identical inputs (the isolated graph) every element within 1 LSB, and every 1-LSB difference at a rounding
/// tie of the exact value (<see cref="OracleComparison.TieWindow"/>), where ORT's single float rounding and TFLite's double
/// rounding may legitimately part. End to end (chained graph) those 1-LSB differences propagate, so there the predicted
/// class must agree on at least 99.5 % of the images. The per-layer counts are written to the test output; docs/quantization.md
/// ("Independent oracle: ONNX Runtime") records them.
/// </remarks>
public sealed class OracleTests
{
    /// <summary>MNIST test images compared per model.</summary>
    private const int Images = 200;

    /// <summary>Least share of images whose predicted class must agree end to end.</summary>
    private const double ClassAgreement = 0.995;

    /// <summary>
    /// Largest end-to-end difference accepted: 1-LSB differences of earlier layers propagate (measured on lenet5.onnx: one fc2
    /// element off by 2 in 200 images, with every isolated layer within 1 LSB).
    /// </summary>
    private const int ChainedTolerance = 2;

    private readonly ITestOutputHelper _output;

    public OracleTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string, OracleFullyConnectedForm> ModelsAndForms()
    {
        var data = new TheoryData<string, OracleFullyConnectedForm>();
        foreach (string file in OracleModels.All())
        {
            data.Add(file, OracleFullyConnectedForm.QLinearConv);
            data.Add(file, OracleFullyConnectedForm.Qdq);
        }

        return data;
    }

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (string file in OracleModels.All())
        {
            data.Add(file);
        }

        return data;
    }

    /// <summary>Indices of the lenet5 layers that have weights (conv1, conv2, fc1, fc2, fc3).</summary>
    public static TheoryData<int> WeightedLayers() => new() { 0, 2, 4, 5, 6 };

    [Fact]
    public void TheShippedLeNet5IsAmongTheOracleModels()
    {
        // Guards the theories against passing vacuously: the other models are skipped when missing, this one must exist.
        Assert.True(File.Exists(OracleModels.PathOf(OracleModels.Shipped)), $"{OracleModels.PathOf(OracleModels.Shipped)} is missing.");
        Assert.Contains(OracleModels.Shipped, OracleModels.All());
    }

    [Theory]
    [MemberData(nameof(ModelsAndForms))]
    public void EveryLayerAgreesWithOnnxRuntimeWithinOneLsb(string file, OracleFullyConnectedForm form)
    {
        if (!Present(file))
        {
            return;
        }

        QuantizedNetwork model = OracleModels.Quantize(file);
        QdqOnnxModel oracle = QdqOnnxExporter.Export(model, form, isolated: true);
        _output.WriteLine($"{file}: ORT ops {string.Join(", ", oracle.OpTypes)}; GraphOptimizationLevel.ORT_DISABLE_ALL, 1 thread");
        OracleComparison comparison = OracleComparison.Run(model.Parameters, oracle, model.Parameters, TestData.Test, Images);
        _output.WriteLine(comparison.Report($"{file}, FullyConnected as {form}, each layer fed our previous layer's output"));
        AssertAgrees(comparison);
        AssertClassesAgree(comparison);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TheChainedNetworkAgreesWithOnnxRuntimeEndToEnd(string file)
    {
        if (!Present(file))
        {
            return;
        }

        QuantizedNetwork model = OracleModels.Quantize(file);
        QdqOnnxModel oracle = QdqOnnxExporter.Export(model);
        OracleComparison comparison = OracleComparison.Run(model.Parameters, oracle, model.Parameters, TestData.Test, Images);
        _output.WriteLine(comparison.Report($"{file}, chained (ORT's own layer outputs feed its next layer)"));
        AssertClassesAgree(comparison);
        Assert.All(comparison.MaxDifference, d => Assert.InRange(d, 0, ChainedTolerance));
    }

    [Fact]
    public void FullGraphOptimizationGivesTheSameAgreement()
    {
        // ORT_ENABLE_ALL lets ORT rewrite the graph (constant folding, QDQ fusion, NHWC QLinearConv); the oracle must not
        // depend on that choice.
        QuantizedNetwork model = OracleModels.Quantize(OracleModels.Shipped);
        foreach (OracleFullyConnectedForm form in Enum.GetValues<OracleFullyConnectedForm>())
        {
            QdqOnnxModel oracle = QdqOnnxExporter.Export(model, form, isolated: true);
            OracleComparison comparison = OracleComparison.Run(model.Parameters, oracle, model.Parameters, TestData.Test, Images, GraphOptimizationLevel.ORT_ENABLE_ALL);
            _output.WriteLine(comparison.Report($"lenet5.onnx, FullyConnected as {form}, ORT_ENABLE_ALL"));
            AssertAgrees(comparison);
        }
    }

    [Theory]
    [MemberData(nameof(WeightedLayers))]
    public void AWeightOffByOneInOurNetworkIsCaught(int layer)
    {
        // Negative control: the oracle runs the network as quantized, ours runs a copy with one weight changed by one
        // int8 step (bias kept), as a kernel indexing or packing bug would. The change moves that layer's outputs by well
        // under 1 LSB, so a plain ±1 tolerance would miss it; the tie check must not.
        // The weight must join a live input to a live output: a conv's tap (0, 0) of channel 0 reaches most of its input
        // plane, but a FullyConnected weight W[o, i] only matters where input i is non-zero and output o is not
        // clamped, and with sparse activations some inputs and outputs are zero on every image. So for a
        // FullyConnected layer the weight joining the largest input and the largest output of the first test image
        // is changed.
        QuantizedNetwork model = OracleModels.Quantize(OracleModels.Shipped);
        Int8Network network = model.Parameters;
        int index = 0;
        if (network.Layers[layer] is QuantizedFullyConnected fc)
        {
            var reference = new NetworkReference(network);
            reference.Run(TestData.Test.CopyImage(0));
            sbyte[] input = reference.LayerOutputs[layer - 1];
            int i = Array.IndexOf(input, input.Max());
            int o = Array.IndexOf(reference.LayerOutputs[layer], reference.LayerOutputs[layer].Max());
            Assert.True(input[i] > fc.InputZeroPoint, $"{network.LayerNames[layer]}: no live input on test image 0");
            index = o * fc.InputFeatures + i;
        }

        sbyte weight = network.Layers[layer] switch
        {
            QuantizedConv2D c => c.Weights[index],
            QuantizedFullyConnected d => d.Weights[index],
            _ => throw new ArgumentException($"layer {layer} has no weights."),
        };
        Int8Network broken = OracleModels.WithWeight(network, layer, index, weight < 127 ? 1 : -1);
        QdqOnnxModel oracle = QdqOnnxExporter.Export(model, isolated: true);
        OracleComparison comparison = OracleComparison.Run(network, oracle, broken, TestData.Test, Images);
        _output.WriteLine(comparison.Report($"lenet5.onnx with {network.LayerNames[layer]} weight {index} changed by one step in ours"));

        Assert.ThrowsAny<XunitException>(() => AssertAgrees(comparison));
        Assert.True(comparison.Unexplained[layer] > 0, $"{network.LayerNames[layer]}: the perturbed weight went unnoticed.");
        for (int l = 0; l < layer; l++)
        {
            Assert.Equal(0, comparison.Unexplained[l] + comparison.Beyond[l]);
        }
    }

    [Fact]
    public void ANonTrivialClampIsExportedAsClipAndAgrees()
    {
        // NetworkQuantizer's fused ReLUs clamp at Z_out = −128, which int8 saturation already does; any other clamp needs
        // an explicit int8 Clip in the graph. Clamp conv1 to [−100, 100] and the logits to [−40, 40] to exercise it.
        QuantizedNetwork model = OracleModels.Quantize(OracleModels.Shipped);
        Int8Network network = OracleModels.WithClamp(OracleModels.WithClamp(model.Parameters, 0, -100, 100), model.Parameters.LayerCount - 1, -40, 40);
        var scales = model.Layers.Select(OracleLayerScales.From).ToArray();
        foreach (OracleFullyConnectedForm form in Enum.GetValues<OracleFullyConnectedForm>())
        {
            QdqOnnxModel oracle = QdqOnnxExporter.Export(network, scales, form, isolated: true);
            Assert.Contains("Clip", oracle.OpTypes);
            Assert.Equal(2, oracle.Model.Graph.Node.Count(n => n.OpType == "Clip"));
            OracleComparison comparison = OracleComparison.Run(network, oracle, network, TestData.Test, Images);
            _output.WriteLine(comparison.Report($"lenet5.onnx clamped, FullyConnected as {form}"));
            AssertAgrees(comparison);
        }

        Assert.DoesNotContain("Clip", QdqOnnxExporter.Export(model).OpTypes);
    }

    [Fact]
    public void ScalesThatDoNotMatchTheNetworkAreRejected()
    {
        QuantizedNetwork model = OracleModels.Quantize(OracleModels.Shipped);
        var scales = model.Layers.Select(OracleLayerScales.From).ToArray();
        Assert.Throws<ArgumentException>(() => QdqOnnxExporter.Export(model.Parameters, scales[1..]));
        var wrongZero = (OracleLayerScales[])scales.Clone();
        wrongZero[^1] = wrongZero[^1] with { OutputZeroPoint = wrongZero[^1].OutputZeroPoint + 1 };
        Assert.Throws<ArgumentException>(() => QdqOnnxExporter.Export(model.Parameters, wrongZero));
        var unchained = (OracleLayerScales[])scales.Clone();
        unchained[1] = unchained[1] with { InputScale = unchained[1].InputScale * 1.01 };
        Assert.Throws<ArgumentException>(() => QdqOnnxExporter.Export(model.Parameters, unchained));
    }

    /// <summary>Every element within 1 LSB, and every 1-LSB difference at a rounding tie.</summary>
    private static void AssertAgrees(OracleComparison comparison)
    {
        Assert.True(comparison.LayersBeyondOneLsb().Count() == 0,
            $"Layers off by more than 1 LSB: {string.Join(", ", comparison.LayersBeyondOneLsb())}; {comparison.FirstBeyond}");
        var unexplained = Enumerable.Range(0, comparison.Unexplained.Length).Where(l => comparison.Unexplained[l] > 0).Select(l => comparison.LayerNames[l]).ToList();
        Assert.True(unexplained.Count == 0, $"1-LSB differences away from any rounding tie in {string.Join(", ", unexplained)}; {comparison.FirstUnexplained}");
    }

    private static void AssertClassesAgree(OracleComparison comparison) =>
        Assert.True(comparison.ClassAgreements >= ClassAgreement * comparison.Images,
            $"The predicted class agrees on {comparison.ClassAgreements}/{comparison.Images} images only.");

    private bool Present(string file)
    {
        if (File.Exists(OracleModels.PathOf(file)))
        {
            return true;
        }

        Assert.NotEqual(OracleModels.Shipped, file);
        _output.WriteLine($"{file}: not in models/ yet; skipped.");
        return false;
    }
}
