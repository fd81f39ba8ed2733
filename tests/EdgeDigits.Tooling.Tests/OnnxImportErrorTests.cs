using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Bad ONNX input is rejected with a message naming the file, the node and why.</summary>
public sealed class OnnxImportErrorTests
{
    private static OnnxImportException ImportFails(ModelProto model, string source = "edited.onnx") =>
        Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(model, source));

    [Fact]
    public void TruncatedFileIsReportedWithItsPath()
    {
        using var dir = new TempDirectory();
        byte[] bytes = File.ReadAllBytes(TestData.ModelPath);
        string path = dir.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Load(path));

        Assert.StartsWith(path + ": not a valid ONNX model (89665 bytes)", e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }

    [Fact]
    public void CorruptBytesAreReportedWithItsPath()
    {
        using var dir = new TempDirectory();
        byte[] bytes = File.ReadAllBytes(TestData.ModelPath);
        Array.Fill(bytes, (byte)0xFF, 0, 32);
        string path = dir.File("corrupt.onnx");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Load(path));

        Assert.StartsWith(path + ": not a valid ONNX model", e.Message);
        Assert.Contains("the protobuf data is truncated or corrupt", e.Message);
    }

    [Fact]
    public void EmptyAndMissingFilesAreReported()
    {
        using var dir = new TempDirectory();
        string empty = dir.File("empty.onnx");
        File.WriteAllBytes(empty, Array.Empty<byte>());

        Assert.Equal(empty + ": the ONNX file is empty (0 bytes).", Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Load(empty)).Message);
        Assert.StartsWith(dir.File("missing.onnx") + ": cannot read the ONNX file", Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Load(dir.File("missing.onnx"))).Message);
    }

    [Fact]
    public void UnsupportedOperatorNamesNodeAndOp()
    {
        ModelProto model = OnnxModels.SingleNode("Sigmoid", "act");

        var e = ImportFails(model, "sigmoid.onnx");

        Assert.StartsWith("sigmoid.onnx: node 'act' (Sigmoid): operator Sigmoid is not supported. Supported operators: Conv, Relu, MaxPool,", e.Message);
    }

    [Fact]
    public void ConvPaddingIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto conv = OnnxModels.Node(model, "Conv");
        OnnxModels.SetInts(conv, "pads", 2, 2, 2, 2);

        var e = ImportFails(model);

        Assert.Equal($"edited.onnx: node '{conv.Name}' (Conv): pads [2,2,2,2] is not supported: the int8 runtime implements 'valid' convolution only (all pads 0).", e.Message);
    }

    [Fact]
    public void ConvStrideDilationAndGroupAreRejected()
    {
        ModelProto strided = OnnxModels.LoadShipped();
        OnnxModels.SetInts(OnnxModels.Node(strided, "Conv"), "strides", 2, 2);
        Assert.Contains("(Conv): strides [2,2] is not supported: the int8 runtime implements stride 1 only.", ImportFails(strided).Message);

        ModelProto dilated = OnnxModels.LoadShipped();
        OnnxModels.SetInts(OnnxModels.Node(dilated, "Conv"), "dilations", 2, 2);
        Assert.Contains("(Conv): dilations [2,2] is not supported: dilated convolution is not supported.", ImportFails(dilated).Message);

        ModelProto grouped = OnnxModels.LoadShipped();
        OnnxModels.SetInt(OnnxModels.Node(grouped, "Conv", 1), "group", 2);
        Assert.Contains("(Conv): group = 2 is not supported (grouped/depthwise convolution)", ImportFails(grouped).Message);
    }

    [Fact]
    public void MaxPoolWithPartialCeilWindowIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto pool = OnnxModels.Node(model, "MaxPool");
        OnnxModels.SetInts(pool, "kernel_shape", 3, 3);
        OnnxModels.SetInt(pool, "ceil_mode", 1);

        var e = ImportFails(model);

        Assert.Equal($"edited.onnx: node '{pool.Name}' (MaxPool): ceil_mode = 1 adds a partial window for the 24×24 input; only windows that tile the input exactly are supported.", e.Message);
    }

    [Fact]
    public void GemmTransAIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto gemm = OnnxModels.Node(model, "Gemm");
        OnnxModels.SetInt(gemm, "transA", 1);

        var e = ImportFails(model);

        Assert.Equal($"edited.onnx: node '{gemm.Name}' (Gemm): transA = 1 is not supported; the activation must be the row-major [1, K] operand A.", e.Message);
    }

    [Fact]
    public void ExternalDataIsRejected()
    {
        ModelProto model = OnnxModels.LoadShipped();
        TensorProto weight = model.Graph.Initializer[0];
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });

        var e = ImportFails(model);

        Assert.Contains($"tensor '{weight.Name}' keeps its data in an external file (location 'weights.bin'); only self-contained .onnx files are supported.", e.Message);
    }

    [Fact]
    public void RawDataOfTheWrongLengthIsReported()
    {
        ModelProto model = OnnxModels.LoadShipped();
        TensorProto weight = model.Graph.Initializer.First(t => t.Dims.Count == 4);
        weight.RawData = Google.Protobuf.ByteString.CopyFrom(weight.RawData.Span[..^4]);

        var e = ImportFails(model);

        Assert.Contains($"tensor '{weight.Name}' has {weight.RawData.Length} bytes of raw_data but its dims [{string.Join(",", weight.Dims)}] need", e.Message);
    }

    [Fact]
    public void ReorderingTransposeIsRejectedButLayoutNoOpIsAccepted()
    {
        ModelProto noOp = WithInputTranspose(new long[] { 1, 28, 28, 1 }, 0, 3, 1, 2);
        FloatGraph graph = OnnxGraphImporter.Import(noOp, "nhwc.onnx");
        Assert.Equal(new[] { 1, 1, 28, 28 }, graph.Nodes[0].OutputShape);

        ModelProto reorder = WithInputTranspose(new long[] { 1, 1, 28, 28 }, 0, 1, 3, 2);
        var e = ImportFails(reorder, "transposed.onnx");
        Assert.Equal("transposed.onnx: node 'to_nchw' (Transpose): perm [0,1,3,2] reorders data of shape [1,1,28,28]; only a Transpose that is a layout no-op (moves size-1 axes only) is supported.", e.Message);
    }

    [Fact]
    public void SoftmaxMustBeTrailing()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto firstRelu = OnnxModels.Node(model, "Relu");
        string original = firstRelu.Output[0];
        firstRelu.Output[0] = "relu_pre";
        var softmax = new NodeProto { Name = "early_softmax", OpType = "Softmax" };
        softmax.Input.Add("relu_pre");
        softmax.Output.Add(original);
        OnnxModels.SetInt(softmax, "axis", 3);
        model.Graph.Node.Insert(model.Graph.Node.IndexOf(firstRelu) + 1, softmax);

        var e = ImportFails(model);

        Assert.Equal("edited.onnx: node 'early_softmax' (Softmax): Softmax is supported only as the last node of the graph; its output feeds other nodes.", e.Message);
    }

    [Fact]
    public void AConvWithoutReluIsAnotherSequentialNetworkNotAnError()
    {
        // Without conv1's Relu the graph is still a chain the engine runs: conv1 keeps the full int8 range (no fused clamp).
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto relu = OnnxModels.Node(model, "Relu");
        NodeProto pool = OnnxModels.Node(model, "MaxPool");
        pool.Input[0] = relu.Input[0];
        model.Graph.Node.Remove(relu);

        SequentialFloatModel recognized = SequentialStructure.Recognize(OnnxGraphImporter.Import(model, "norelu.onnx"));

        Assert.Equal(new[] { "conv1", "pool1", "conv2", "pool2", "fc1", "fc2", "fc3" }, recognized.Layers.Select(l => l.Name));
        Assert.False(recognized.Layers[0].Relu);
        Assert.True(recognized.Layers[2].Relu);
    }

    [Fact]
    public void ReluOnTheLogitsIsRefusedByName()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto last = model.Graph.Node[model.Graph.Node.Count - 1];
        string output = last.Output[0];
        last.Output[0] = "pre_logits";
        var relu = new NodeProto { Name = "clamp_logits", OpType = "Relu" };
        relu.Input.Add("pre_logits");
        relu.Output.Add(output);
        model.Graph.Node.Add(relu);

        var e = Assert.Throws<InvalidDataException>(() => SequentialStructure.Recognize(OnnxGraphImporter.Import(model, "relu-logits.onnx")));

        Assert.Equal($"relu-logits.onnx: the graph is not a sequential network the int8 runtime implements: the logits node '{last.Name}' (Gemm) is followed by a Relu; a classifier's logits are not clamped at zero.", e.Message);
    }

    [Fact]
    public void AGraphWithoutComputingNodesIsReported()
    {
        ModelProto model = OnnxModels.SingleNode("Flatten", "flat");
        model.Graph.Output[0] = OnnxModels.FloatValue("output", 1, 784);
        FloatGraph graph = OnnxGraphImporter.Import(model, "flat.onnx");

        var e = Assert.Throws<InvalidDataException>(() => SequentialStructure.Recognize(graph));

        Assert.Equal("flat.onnx: the graph is not a sequential network the int8 runtime implements: it has no Conv, MaxPool, Gemm or MatMul node.", e.Message);
    }

    private static ModelProto WithInputTranspose(long[] inputDims, params long[] perm)
    {
        ModelProto model = OnnxModels.LoadShipped();
        model.Graph.Input[0] = OnnxModels.FloatValue("input_nhwc", inputDims);
        var transpose = new NodeProto { Name = "to_nchw", OpType = "Transpose" };
        transpose.Input.Add("input_nhwc");
        transpose.Output.Add("input");
        OnnxModels.SetInts(transpose, "perm", perm);
        model.Graph.Node.Insert(0, transpose);
        return model;
    }
}
