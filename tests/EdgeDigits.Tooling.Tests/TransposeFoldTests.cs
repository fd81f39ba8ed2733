using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Onnx.Proto;
using Xunit.Abstractions;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// tf2onnx's Keras layout (NHWC input, NCHW → NHWC Transpose before Flatten, Reshape with a shape initializer,
/// MatMul+Add, trailing Softmax): the permutation is folded into the first dense layer, and the imported graph
/// computes what ONNX Runtime computes on the same file.
/// </summary>
public sealed class TransposeFoldTests
{
    /// <summary>
    /// Largest |FloatGraph − ONNX Runtime| accepted on any output (logits or probabilities). FloatGraph sums in
    /// double, ORT in float (MLAS); with unit-scale activations and up to 400 taps the measured gap is 4e-7 … 2.2e-6.
    /// </summary>
    private const float Tolerance = 1e-4f;

    private readonly ITestOutputHelper _output;

    public TransposeFoldTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(new long[] { -1, 400 }, true, 1)]
    [InlineData(new long[] { 1, 400 }, true, 2)]
    [InlineData(new long[] { 0, -1 }, false, 3)]
    [InlineData(new long[] { 0, 400 }, false, 4)]
    [InlineData(new long[] { 1, -1 }, true, 5)]
    public void Tf2OnnxLayoutMatchesOnnxRuntime(long[] reshapeShape, bool softmax, int seed)
    {
        ModelProto model = Tf2OnnxCnn.Build(seed, reshapeShape, softmax).Model;

        double maxDiff = MaxDifferenceToOrt(model, $"tf2onnx-{seed}.onnx");

        _output.WriteLine($"Reshape [{string.Join(",", reshapeShape)}], softmax {softmax}: max |FloatGraph − ORT| = {maxDiff:E2}");
        Assert.InRange(maxDiff, 0, Tolerance);
    }

    [Fact]
    public void FlattenAndIdentityCarryThePermutationToTheDenseLayer()
    {
        ModelProto model = Tf2OnnxCnn.Build(6).Model;
        NodeProto reshape = model.Graph.Node.Single(n => n.Name == Tf2OnnxCnn.Flatten);
        int at = model.Graph.Node.IndexOf(reshape);
        model.Graph.Node[at] = Tf2OnnxCnn.WithInt(Tf2OnnxCnn.Node("Flatten", "flatten", "pool_1_nhwc", "flat"), "axis", 1);
        model.Graph.Node.Insert(at + 1, Tf2OnnxCnn.Node("Identity", "identity", "flat", "flatten"));
        model.Graph.Initializer.Remove(model.Graph.Initializer.Single(t => t.Name == Tf2OnnxCnn.ShapeConstant));

        double maxDiff = MaxDifferenceToOrt(model, "flatten.onnx");

        _output.WriteLine($"Flatten + Identity: max |FloatGraph − ORT| = {maxDiff:E2}");
        Assert.InRange(maxDiff, 0, Tolerance);
    }

    [Fact]
    public void TransposeFoldPermutesDenseColumnsExactly()
    {
        var cnn = Tf2OnnxCnn.Build(7);

        FloatGraph graph = OnnxGraphImporter.Import(cnn.Model, "tf2onnx.onnx");

        DenseNode[] dense = graph.Nodes.OfType<DenseNode>().ToArray();
        Assert.Equal(2, dense.Length);
        Assert.Equal(Tf2OnnxCnn.Dense1, dense[0].Name);
        Assert.Equal("MatMul+Add", dense[0].OpType);
        const int c = Tf2OnnxCnn.Channels2, s = Tf2OnnxCnn.Pooled, n = Tf2OnnxCnn.Hidden, k = Tf2OnnxCnn.Flat;
        for (int o = 0; o < n; o++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                for (int h = 0; h < s; h++)
                {
                    for (int w = 0; w < s; w++)
                    {
                        // Imported W[o, i] reads the NCHW-flattened tensor, i = (c·5 + h)·5 + w; the Keras kernel
                        // row j reads the NHWC-flattened one, j = (h·5 + w)·16 + c. Same float, bit for bit.
                        float imported = dense[0].Weights[o * k + (ch * s + h) * s + w];
                        float original = cnn.Dense1Kernel[((h * s + w) * c + ch) * n + o];
                        Assert.Equal(BitConverter.SingleToInt32Bits(original), BitConverter.SingleToInt32Bits(imported));
                    }
                }
            }
        }

        // The second dense layer reads the first one's output: not permuted, only transposed to [N_out, N_in].
        for (int o = 0; o < Tf2OnnxCnn.Classes; o++)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(cnn.Dense2Kernel[i * Tf2OnnxCnn.Classes + o], dense[1].Weights[o * n + i]);
            }
        }
    }

    [Fact]
    public void FoldedGraphIsAPlainSequentialChainInNchwOrder()
    {
        FloatGraph graph = OnnxGraphImporter.Import(Tf2OnnxCnn.Build(8).Model, "tf2onnx.onnx");

        Assert.Equal(new[] { 1, 28, 28, 1 }, graph.InputShape);
        Assert.Equal(
            new[] { "Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Transpose", "Reshape", "MatMul+Add", "Relu", "MatMul+Add", "Softmax" },
            graph.Nodes.Select(n => n.OpType));
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            FloatNode node = graph.Nodes[i];
            Assert.Equal(i - 1, node.InputIndex);
            Assert.Equal(i == 0 ? graph.InputShape : graph.Nodes[i - 1].OutputShape, node.InputShape);
        }

        // No permutation is left for the int8 runtime: the folded Transpose is an identity on the NCHW tensor.
        FloatNode toNhwc = graph.Nodes.Single(n => n.Name == Tf2OnnxCnn.ToNhwc);
        Assert.True(toNhwc.IsLayoutOnly);
        Assert.Equal(new[] { 1, 16, 5, 5 }, toNhwc.InputShape);
        Assert.Equal(new[] { 1, 16, 5, 5 }, toNhwc.OutputShape);
        Assert.Equal(new[] { 1, 400 }, graph.Nodes.Single(n => n.Name == Tf2OnnxCnn.Flatten).OutputShape);
        Assert.Equal(graph.Nodes.Count - 1, graph.OutputIndex);
    }

    [Fact]
    public void ReorderingTransposeIntoConvIsRejected()
    {
        // An RGB Keras model: tf2onnx's NHWC → NCHW Transpose really reorders [1,28,28,3] before the first Conv.
        ModelProto model = Tf2OnnxCnn.Build(9).Model;
        model.Graph.Input[0] = Tf2OnnxCnn.Value(Tf2OnnxCnn.InputName, "unk__22", 28, 28, 3);
        TensorProto kernel = model.Graph.Initializer.Single(t => t.Name == "sequential/conv2d/Conv2D/ReadVariableOp:0");
        model.Graph.Initializer[model.Graph.Initializer.IndexOf(kernel)] = Tf2OnnxCnn.RawFloats(kernel.Name, new float[6 * 3 * 9], 6, 3, 3, 3);

        var e = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(model, "rgb.onnx"));

        Assert.Equal(
            $"rgb.onnx: node '{Tf2OnnxCnn.ToNchw}' (Transpose): perm [0,3,1,2] reorders data of shape [1,28,28,3]; only a Transpose that is a layout no-op (moves size-1 axes only) is supported.",
            e.Message);
    }

    [Fact]
    public void ReorderingTransposeThroughAComputingNodeIsRejected()
    {
        // Relu commutes with a permutation, but only Reshape/Flatten/Identity may stand between it and the dense layer.
        ModelProto model = Tf2OnnxCnn.Build(10).Model;
        NodeProto reshape = model.Graph.Node.Single(n => n.Name == Tf2OnnxCnn.Flatten);
        reshape.Input[0] = "nhwc_relu";
        model.Graph.Node.Insert(model.Graph.Node.IndexOf(reshape), Tf2OnnxCnn.Node("Relu", "extra_relu", "pool_1_nhwc", "nhwc_relu"));

        var e = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(model, "relu.onnx"));

        Assert.Equal(
            $"relu.onnx: node '{Tf2OnnxCnn.ToNhwc}' (Transpose): perm [0,2,3,1] reorders data of shape [1,16,5,5]; only a Transpose that is a layout no-op (moves size-1 axes only) is supported.",
            e.Message);
    }

    [Fact]
    public void ReorderingTransposeIntoSoftmaxOrGraphOutputIsRejected()
    {
        ModelProto softmax = SmallTranspose(withSoftmax: true);
        ModelProto output = SmallTranspose(withSoftmax: false);

        var es = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(softmax, "softmax.onnx"));
        var eo = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(output, "output.onnx"));

        const string Why = "perm [0,2,1] reorders data of shape [1,2,5]; only a Transpose that is a layout no-op (moves size-1 axes only) is supported.";
        Assert.Equal($"softmax.onnx: node 'swap' (Transpose): {Why}", es.Message);
        Assert.Equal($"output.onnx: node 'swap' (Transpose): {Why}", eo.Message);
    }

    [Theory]
    [InlineData(new long[] { 0, 2, 1 }, "perm [0,2,1] is not a permutation of the 4 axes of [1,16,5,5].")]
    [InlineData(new long[] { 0, 2, 3, 1, 4 }, "perm [0,2,3,1,4] is not a permutation of the 4 axes of [1,16,5,5].")]
    [InlineData(new long[] { 0, 2, 2, 1 }, "perm [0,2,2,1] is not a permutation of the 4 axes of [1,16,5,5].")]
    [InlineData(new long[] { 0, 2, 3, 4 }, "perm [0,2,3,4] is not a permutation of the 4 axes of [1,16,5,5].")]
    [InlineData(new long[] { 0, -3, 3, 1 }, "perm [0,-3,3,1] is not a permutation of the 4 axes of [1,16,5,5].")]
    [InlineData(new long[] { 0, 2, 3, 1L << 32 }, "attribute 'perm' [0,2,3,4294967296] value 4294967296 does not fit a 32-bit integer.")]
    public void MalformedPermIsRejected(long[] perm, string why)
    {
        ModelProto model = Tf2OnnxCnn.Build(11).Model;
        OnnxModels.SetInts(model.Graph.Node.Single(n => n.Name == Tf2OnnxCnn.ToNhwc), "perm", perm);

        var e = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(model, "perm.onnx"));

        Assert.Equal($"perm.onnx: node '{Tf2OnnxCnn.ToNhwc}' (Transpose): {why}", e.Message);
    }

    [Fact]
    public void PermOfTheWrongAttributeTypeIsRejected()
    {
        ModelProto model = Tf2OnnxCnn.Build(12).Model;
        OnnxModels.SetInt(model.Graph.Node.Single(n => n.Name == Tf2OnnxCnn.ToNhwc), "perm", 1);

        var e = Assert.Throws<OnnxImportException>(() => OnnxGraphImporter.Import(model, "perm.onnx"));

        Assert.Equal($"perm.onnx: node '{Tf2OnnxCnn.ToNhwc}' (Transpose): attribute 'perm' has type Int; expected Ints.", e.Message);
    }

    /// <summary>Imports <paramref name="model"/> and runs it and ORT on 25 MNIST and 25 random inputs; returns the largest output gap.</summary>
    private static double MaxDifferenceToOrt(ModelProto model, string name)
    {
        FloatGraph graph = OnnxGraphImporter.Import(model, name);
        FloatGraphState state = graph.CreateState();
        using var ort = new OrtReference(OnnxModels.Bytes(model));
        double maxDiff = 0;
        foreach (float[] input in ParityInputs.Mnist(25).Concat(ParityInputs.Random(25, seed: 42)))
        {
            float[] expected = ort.Run(input, graph.InputShape);
            float[] actual = graph.Run(input, state);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            }
        }

        return maxDiff;
    }

    /// <summary>Input [1,2,5] → Transpose 'swap' [0,2,1] → [Softmax →] output.</summary>
    private static ModelProto SmallTranspose(bool withSoftmax)
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        model.Graph.Input.Add(OnnxModels.FloatValue("x", 1, 2, 5));
        model.Graph.Output.Add(OnnxModels.FloatValue("y", 1, 5, 2));
        model.Graph.Node.Add(Tf2OnnxCnn.WithInts(Tf2OnnxCnn.Node("Transpose", "swap", "x", withSoftmax ? "t" : "y"), "perm", 0, 2, 1));
        if (withSoftmax)
        {
            model.Graph.Node.Add(Tf2OnnxCnn.WithInt(Tf2OnnxCnn.Node("Softmax", "probabilities", "t", "y"), "axis", -1));
        }

        return model;
    }
}
