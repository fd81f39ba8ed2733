using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Onnx.Proto;
using EdgeDigits.Tooling.Quantization;
using Google.Protobuf;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Regression tests of the hardening issue: hostile or corrupt values in an ONNX file give an error that names the node,
/// attribute or layer and what is wrong, never an unexpected exception or a silently different model.
/// </summary>
public sealed class OnnxHardeningTests
{
    private static OnnxImportException ImportFails(ModelProto model) =>
        Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(model, "edited.onnx"));

    private static ModelProto WithInputDims(params long[] dims)
    {
        ModelProto model = OnnxModels.LoadShipped();
        int i = model.Graph.Input.IndexOf(model.Graph.Input.First(v => v.Name == "input"));
        model.Graph.Input[i] = OnnxModels.FloatValue("input", dims);
        return model;
    }

    [Fact]
    public void GraphInputDimensionOf2Pow31IsRejected()
    {
        var e = ImportFails(WithInputDims(1, 1, 1L << 31, 28));

        Assert.Equal("edited.onnx: graph input 'input' dimension 2 is 2147483648, which does not fit a 32-bit integer; the shape is corrupt.", e.Message);
    }

    [Fact]
    public void GraphInputOf20000By20000IsRejected()
    {
        var e = ImportFails(WithInputDims(1, 1, 20000, 20000));

        Assert.StartsWith("edited.onnx: graph input 'input' has shape [1,1,20000,20000], more than 16777216 elements;", e.Message);
    }

    [Fact]
    public void ConvOutputTooLargeIsRejectedBeforeItIsAllocated()
    {
        // 4000×4000 fits the input limit, but conv1's 6 channels of 3996×3996 do not.
        var e = ImportFails(WithInputDims(1, 1, 4000, 4000));

        Assert.StartsWith("edited.onnx: node '/conv1/Conv' (Conv): the output has shape [1,6,3996,3996], more than 16777216 elements;", e.Message);
    }

    [Fact]
    public void GemmAlphaNaNIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto gemm = OnnxModels.Node(model, "Gemm");
        OnnxModels.SetFloat(gemm, "alpha", float.NaN);

        Assert.Equal($"edited.onnx: node '{gemm.Name}' (Gemm): attribute 'alpha' = NaN is not a finite number.", ImportFails(model).Message);
    }

    [Fact]
    public void GemmBetaInfinityIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto gemm = OnnxModels.Node(model, "Gemm", 1);
        OnnxModels.SetFloat(gemm, "beta", float.NegativeInfinity);

        Assert.Equal($"edited.onnx: node '{gemm.Name}' (Gemm): attribute 'beta' = {float.NegativeInfinity} is not a finite number.", ImportFails(model).Message);
    }

    [Fact]
    public void GemmAlphaThatOverflowsTheWeightsIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto gemm = OnnxModels.Node(model, "Gemm");
        OnnxModels.SetFloat(gemm, "alpha", 3e38f);
        SetFloats(model.Graph.Initializer.First(t => t.Name == "fc1.weight"), v => { v[0] = 2; return v; });

        Assert.Equal(
            $"edited.onnx: node '{gemm.Name}' (Gemm): attribute 'alpha' = {3e38f} times the weight 2 of B 'fc1.weight' overflows float.",
            ImportFails(model).Message);
    }

    [Fact]
    public void MaxPoolStrideOf2Pow32Plus2IsRejectedNotRunAsStride2()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto pool = OnnxModels.Node(model, "MaxPool");
        OnnxModels.SetInts(pool, "strides", (1L << 32) + 2, 2);

        Assert.Equal(
            $"edited.onnx: node '{pool.Name}' (MaxPool): attribute 'strides' [4294967298,2] value 4294967298 does not fit a 32-bit integer.",
            ImportFails(model).Message);
    }

    [Fact]
    public void MaxPoolStrideOf2Pow31IsBlamedOnTheMaxPoolNotTheNextConv()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto pool = OnnxModels.Node(model, "MaxPool");
        OnnxModels.SetInts(pool, "strides", 1L << 31, 1L << 31);

        var e = ImportFails(model);

        Assert.StartsWith($"edited.onnx: node '{pool.Name}' (MaxPool): attribute 'strides' [2147483648,2147483648] value 2147483648 does not fit a 32-bit integer.", e.Message);
        Assert.DoesNotContain("(Conv)", e.Message);
    }

    [Fact]
    public void IntAttributeOf2Pow32IsRejectedNotTruncated()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto gemm = OnnxModels.Node(model, "Gemm");
        OnnxModels.SetInt(gemm, "transA", 1L << 32); // truncated, it would read as 0 and pass

        Assert.Equal($"edited.onnx: node '{gemm.Name}' (Gemm): attribute 'transA' = 4294967296 does not fit a 32-bit integer.", ImportFails(model).Message);
    }

    [Fact]
    public void ReshapeTo2Pow32Plus256IsRejectedNotRunAs256()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto flatten = OnnxModels.Node(model, "Flatten");
        var reshape = new NodeProto { Name = "reshape", OpType = "Reshape" };
        reshape.Input.Add(flatten.Input[0]);
        reshape.Input.Add("target");
        reshape.Output.Add(flatten.Output[0]);
        var target = new TensorProto { Name = "target", DataType = (int)TensorProto.Types.DataType.Int64 };
        target.Dims.Add(2);
        target.Int64Data.Add(new[] { 1L, (1L << 32) + 256 });
        model.Graph.Initializer.Add(target);
        model.Graph.Node[model.Graph.Node.IndexOf(flatten)] = reshape;

        Assert.Equal(
            "edited.onnx: node 'reshape' (Reshape): target shape [1,4294967552] has dimension 4294967552, which does not fit a 32-bit integer.",
            ImportFails(model).Message);
    }

    [Fact]
    public void UnknownAttributeIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto gemm = OnnxModels.Node(model, "Gemm");
        OnnxModels.SetFloat(gemm, "!lpha", 2f);

        Assert.Equal(
            $"edited.onnx: node '{gemm.Name}' (Gemm): attribute '!lpha' is not an attribute of Gemm (it has alpha, beta, transA, transB).",
            ImportFails(model).Message);
    }

    [Fact]
    public void RepeatedAttributeIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto gemm = OnnxModels.Node(model, "Gemm");
        gemm.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 1 });
        gemm.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 2 });

        Assert.Equal($"edited.onnx: node '{gemm.Name}' (Gemm): attribute 'alpha' is given more than once.", ImportFails(model).Message);
    }

    [Fact]
    public void AttributeOnAnOpWithoutAttributesIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto relu = OnnxModels.Node(model, "Relu");
        OnnxModels.SetFloat(relu, "alpha", 0.1f); // a LeakyRelu in disguise

        Assert.Equal($"edited.onnx: node '{relu.Name}' (Relu): attribute 'alpha' is not an attribute of Relu (it has none).", ImportFails(model).Message);
    }

    [Fact]
    public void ExtraNodeInputIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto relu = OnnxModels.Node(model, "Relu");
        relu.Input.Add("conv1.bias");

        Assert.Equal(
            $"edited.onnx: node '{relu.Name}' (Relu): the node has 2 inputs ('{relu.Input[0]}', 'conv1.bias'); Relu takes at most 1.",
            ImportFails(model).Message);
    }

    [Fact]
    public void ExtraConvInputIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto conv = OnnxModels.Node(model, "Conv");
        conv.Input.Add("conv1.bias");

        Assert.Contains($"node '{conv.Name}' (Conv): the node has 4 inputs (", ImportFails(model).Message);
        Assert.EndsWith("Conv takes at most 3.", ImportFails(model).Message);
    }

    [Fact]
    public void ExtraMaxPoolOutputIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto pool = OnnxModels.Node(model, "MaxPool");
        pool.Output.Add("");
        pool.Output.Add("third");

        Assert.Equal(
            $"edited.onnx: node '{pool.Name}' (MaxPool): the node has 3 outputs; MaxPool has at most 2 (Y, Indices) and only Y is supported.",
            ImportFails(model).Message);
    }

    [Fact]
    public void DuplicateOutputNameIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto relu1 = OnnxModels.Node(model, "Relu");
        NodeProto relu2 = OnnxModels.Node(model, "Relu", 1);
        relu2.Output[0] = relu1.Output[0];

        Assert.Equal(
            $"edited.onnx: node '{relu2.Name}' (Relu): output '{relu1.Output[0]}' is already the output of node '{relu1.Name}'; every value must have exactly one producer.",
            ImportFails(model).Message);
    }

    [Fact]
    public void OutputNamedLikeAnInitializerIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto relu = OnnxModels.Node(model, "Relu");
        string original = relu.Output[0];
        relu.Output[0] = "conv2.weight";

        Assert.Equal(
            $"edited.onnx: node '{relu.Name}' (Relu): output 'conv2.weight' is already a constant (initializer or Constant node); every value must have exactly one producer.",
            ImportFails(model).Message);
        Assert.NotEqual(original, relu.Output[0]);
    }

    [Fact]
    public void TensorWithBothRawAndFloatDataIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        TensorProto weight = model.Graph.Initializer.First(t => t.Name == "conv1.weight");
        Assert.False(weight.RawData.IsEmpty);
        weight.FloatData.Add(new float[150]);

        Assert.Equal(
            "edited.onnx: node '/conv1/Conv' (Conv): tensor 'conv1.weight' has values in both raw_data and float_data; exactly one field may hold them, so the file is corrupt.",
            ImportFails(model).Message);
    }

    [Fact]
    public void ThreeElementDilationsForA2DConvAreRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto conv = OnnxModels.Node(model, "Conv");
        OnnxModels.SetInts(conv, "dilations", 1, 1, 1);

        Assert.Equal(
            $"edited.onnx: node '{conv.Name}' (Conv): dilations [1,1,1] has 3 values; the input has 2 spatial axes, which need 2.",
            ImportFails(model).Message);
    }

    [Fact]
    public void OneElementMaxPoolStridesAreRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto pool = OnnxModels.Node(model, "MaxPool");
        OnnxModels.SetInts(pool, "pads", 0, 0);

        Assert.Equal(
            $"edited.onnx: node '{pool.Name}' (MaxPool): pads [0,0] has 2 values; the input has 2 spatial axes, which need 4.",
            ImportFails(model).Message);
    }

    // Quantization overflows. A fixed calibration (the shipped model's ranges, docs/quantization.md) keeps these fast and
    // independent of MNIST; the error is the same whatever the calibration images.
    private static CalibrationResult ShippedRanges() => new(CalibrationMethod.Percentile, 1000, new[]
    {
        new ActivationRange("conv1", 0, 4.15f, 0, 4.36f),
        new ActivationRange("conv2", 0, 10.47f, 0, 12.06f),
        new ActivationRange("fc1", 0, 31.20f, 0, 36.41f),
        new ActivationRange("fc2", 0, 34.51f, 0, 37.80f),
        new ActivationRange("logits", -39.97f, 36.08f, -39.97f, 36.08f),
    });

    private static InvalidDataException QuantizeFails(ModelProto model, CalibrationResult? calibration = null)
    {
        SequentialFloatModel floatModel = SequentialStructure.Recognize(OnnxGraphImporter.Import(model, "edited.onnx"));
        return Assert.Throws<InvalidDataException>(() => NetworkQuantizer.Quantize(floatModel, calibration ?? ShippedRanges()));
    }

    private static void SetFloats(TensorProto tensor, Func<float[], float[]> edit)
    {
        float[] values = OnnxTensors.ReadFloats(tensor, "test");
        tensor.RawData = ByteString.Empty;
        tensor.FloatData.Clear();
        tensor.FloatData.Add(edit(values));
    }

    [Fact]
    public void BiasOf3E38IsAQuantizationErrorNamingTheLayer()
    {
        ModelProto model = OnnxModels.LoadShipped();
        SetFloats(model.Graph.Initializer.First(t => t.Name == "fc3.bias"), v => { v[0] = 3e38f; return v; });
        NodeProto fc3 = OnnxModels.Node(model, "Gemm", 2);

        var e = QuantizeFails(model);

        Assert.StartsWith($"edited.onnx: layer fc3 (node '{fc3.Name}'): the int32 bias overflows: bias[0] = {3e38f:G6} is ", e.Message);
        Assert.Contains("outside the int32 range", e.Message);
    }

    [Fact]
    public void GemmBetaOf1E38IsAQuantizationErrorNamingTheLayer()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto fc2 = OnnxModels.Node(model, "Gemm", 1);
        OnnxModels.SetFloat(fc2, "beta", 1e38f);

        var e = QuantizeFails(model);

        Assert.StartsWith($"edited.onnx: layer fc2 (node '{fc2.Name}'): the int32 bias overflows: bias[", e.Message);
    }

    [Fact]
    public void WeightOf3E38IsAQuantizationErrorNamingTheLayerAndTheMultiplier()
    {
        ModelProto model = OnnxModels.LoadShipped();
        SetFloats(model.Graph.Initializer.First(t => t.Name == "fc1.weight"), v => { v[0] = 3e38f; return v; });
        NodeProto fc1 = OnnxModels.Node(model, "Gemm");

        var e = QuantizeFails(model);

        Assert.StartsWith($"edited.onnx: layer fc1 (node '{fc1.Name}'): the requantization multiplier of output channel 0 overflows: S_in·S_w/S_out = ", e.Message);
        Assert.Contains("does not fit a Q0.31 multiplier with a shift of at most 30", e.Message);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
    }

    [Fact]
    public void NonFiniteCalibratedRangeIsAQuantizationError()
    {
        ModelProto model = OnnxModels.LoadShipped();
        CalibrationResult shipped = ShippedRanges();
        var ranges = shipped.Ranges.ToArray();
        ranges[2] = new ActivationRange("fc1", 0, float.PositiveInfinity, 0, float.PositiveInfinity);

        var e = QuantizeFails(model, shipped with { Ranges = ranges });

        Assert.Equal(
            $"edited.onnx: activation 'fc1' has the calibrated range [0, {float.PositiveInfinity}]: the float model overflows float on the calibration images (weights or biases far too large).",
            e.Message);
    }

    // End to end: the tool reports these as input errors (exit code 1), with the message, and no stack trace.
    private static (int Exit, string Out, string Err) QuantizeCli(ModelProto model, TempDirectory dir)
    {
        string path = dir.File("edited.onnx");
        File.WriteAllBytes(path, OnnxModels.Bytes(model));
        return CliRunner.Run("quantize", "--model", path, "--mnist", TestData.MnistDirectory, "--calibration-images", "20",
            "--out", dir.File("out"), "--report", dir.File("r.json"));
    }

    [Fact]
    public void CliQuantizeOfABiasOf3E38ExitsWith1NamingTheLayer()
    {
        using var dir = new TempDirectory();
        ModelProto model = OnnxModels.LoadShipped();
        SetFloats(model.Graph.Initializer.First(t => t.Name == "fc3.bias"), v => { v[0] = 3e38f; return v; });

        var run = QuantizeCli(model, dir);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"error: {dir.File("edited.onnx")}: layer fc3 (node '{OnnxModels.Node(model, "Gemm", 2).Name}'): the int32 bias overflows: bias[0] =", run.Err);
        Assert.DoesNotContain("Unhandled exception", run.Out + run.Err);
    }

    [Fact]
    public void CliQuantizeOfAMaxPoolStrideOf2Pow31ExitsWith1NamingTheMaxPool()
    {
        using var dir = new TempDirectory();
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto pool = OnnxModels.Node(model, "MaxPool");
        OnnxModels.SetInts(pool, "strides", 1L << 31, 1L << 31);

        var run = QuantizeCli(model, dir);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"node '{pool.Name}' (MaxPool): attribute 'strides' [2147483648,2147483648] value 2147483648 does not fit a 32-bit integer.", run.Err);
    }
}
