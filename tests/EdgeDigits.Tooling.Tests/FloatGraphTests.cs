using System.Text.Json;
using EdgeDigits.Tooling.Evaluation;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Tests;

/// <summary>The generic float graph executor against independent references.</summary>
public sealed class FloatGraphTests
{
    private const int Images = 32;

    [Fact]
    public void MatchesNaiveLeNet5OnMnistTestImages()
    {
        FloatGraph graph = OnnxGraphImporter.Load(TestData.ModelPath);
        var naive = new NaiveLeNet5(OnnxModels.LoadShipped());
        FloatGraphState state = graph.CreateState();
        double maxDiff = 0;
        for (int i = 0; i < Images; i++)
        {
            float[] actual = graph.RunPixels(TestData.Test.Image(i), state);
            float[] expected = naive.Run(TestData.Test.CopyImage(i));
            for (int c = 0; c < 10; c++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[c] - expected[c]));
            }
        }

        Assert.InRange(maxDiff, 0, 1e-4);
    }

    [Fact]
    public void MatchesPyTorchReferenceLogits()
    {
        string path = Path.Combine(TestData.RepositoryRoot, "models", "lenet5.reference-logits.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        int[] indices = doc.RootElement.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        float[][] logits = doc.RootElement.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.Equal(indices.Length, logits.Length);
        Assert.True(indices.Length >= 10);

        FloatGraph graph = OnnxGraphImporter.Load(TestData.ModelPath);
        FloatGraphState state = graph.CreateState();
        double maxDiff = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            float[] actual = graph.RunPixels(TestData.Test.Image(indices[k]), state);
            for (int c = 0; c < 10; c++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[c] - logits[k][c]));
            }
        }

        Assert.InRange(maxDiff, 0, 1e-4);
    }

    [Fact]
    public void FloatDataAndRawDataGiveTheSameGraph()
    {
        ModelProto model = OnnxModels.LoadShipped();
        foreach (TensorProto t in model.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float))
        {
            var span = t.RawData.Span;
            for (int i = 0; i < span.Length; i += 4)
            {
                t.FloatData.Add(BitConverter.ToSingle(span.Slice(i, 4)));
            }

            t.RawData = Google.Protobuf.ByteString.Empty;
        }

        AssertSameLogits(OnnxGraphImporter.Import(model, "float_data.onnx"), OnnxGraphImporter.Load(TestData.ModelPath), 0);
    }

    [Fact]
    public void MatMulPlusAddEqualsGemm()
    {
        ModelProto model = OnnxModels.LoadShipped();
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        foreach (NodeProto gemm in model.Graph.Node.Where(n => n.OpType == "Gemm").ToList())
        {
            Assert.Equal(1, gemm.Attribute.Single(a => a.Name == "transB").I);
            TensorProto w = initializers[gemm.Input[1]];
            int n = (int)w.Dims[0], k = (int)w.Dims[1];
            var transposed = new float[k * n];
            for (int o = 0; o < n; o++)
            {
                for (int i = 0; i < k; i++)
                {
                    transposed[i * n + o] = BitConverter.ToSingle(w.RawData.Span.Slice(4 * (o * k + i), 4));
                }
            }

            model.Graph.Initializer.Add(OnnxModels.FloatTensor(w.Name + "_kn", transposed, k, n));
            var matMul = new NodeProto { Name = gemm.Name + "_matmul", OpType = "MatMul" };
            matMul.Input.Add(gemm.Input[0]);
            matMul.Input.Add(w.Name + "_kn");
            matMul.Output.Add(gemm.Name + "_product");
            var add = new NodeProto { Name = gemm.Name + "_add", OpType = "Add" };
            add.Input.Add(gemm.Name + "_product");
            add.Input.Add(gemm.Input[2]);
            add.Output.Add(gemm.Output[0]);
            int at = model.Graph.Node.IndexOf(gemm);
            model.Graph.Node.RemoveAt(at);
            model.Graph.Node.Insert(at, add);
            model.Graph.Node.Insert(at, matMul);
        }

        FloatGraph graph = OnnxGraphImporter.Import(model, "matmul.onnx");
        Assert.Equal(3, graph.Nodes.Count(n => n.OpType == "MatMul+Add"));
        SequentialStructure.Recognize(graph);
        AssertSameLogits(graph, OnnxGraphImporter.Load(TestData.ModelPath), 0);
    }

    [Fact]
    public void GemmAlphaAndBetaAreHonoured()
    {
        ModelProto model = OnnxModels.LoadShipped();
        NodeProto fc3 = model.Graph.Node.Last(n => n.OpType == "Gemm");
        OnnxModels.SetFloat(fc3, "alpha", 2f);
        OnnxModels.SetFloat(fc3, "beta", 0.5f);
        float[] bias = model.Graph.Initializer.Single(t => t.Name == fc3.Input[2]).RawData.ToByteArray().Chunk(4).Select(b => BitConverter.ToSingle(b)).ToArray();

        FloatGraph scaled = OnnxGraphImporter.Import(model, "alpha.onnx");
        FloatGraph original = OnnxGraphImporter.Load(TestData.ModelPath);
        float[] a = scaled.RunPixels(TestData.Test.Image(0), scaled.CreateState());
        float[] b = original.RunPixels(TestData.Test.Image(0), original.CreateState());
        for (int c = 0; c < 10; c++)
        {
            // alpha·(A·B) + beta·C = 2·(logit − bias) + 0.5·bias
            Assert.Equal(2 * (b[c] - bias[c]) + 0.5f * bias[c], a[c], 1e-4f);
        }
    }

    [Fact]
    public void TrailingSoftmaxIsRecognizedAndIgnoredForLogits()
    {
        ModelProto model = OnnxModels.LoadShipped();
        string logits = model.Graph.Output[0].Name;
        model.Graph.Node.Last().Output[0] = "raw_logits";
        var softmax = new NodeProto { Name = "probabilities", OpType = "Softmax" };
        softmax.Input.Add("raw_logits");
        softmax.Output.Add(logits);
        model.Graph.Node.Add(softmax);

        SequentialFloatModel lenet = SequentialStructure.Recognize(OnnxGraphImporter.Import(model, "softmax.onnx"));
        FloatGraphState state = lenet.Graph.CreateState();
        float[] probabilities = lenet.Graph.RunPixels(TestData.Test.Image(0), state);

        Assert.True(lenet.HasSoftmax);
        Assert.Equal(1.0, probabilities.Sum(), 5);
        Assert.Equal(ModelRunner.ArgMax(probabilities), ModelRunner.ArgMax(state.Outputs[lenet.LogitsNode]));
    }

    private static void AssertSameLogits(FloatGraph actual, FloatGraph expected, float tolerance)
    {
        FloatGraphState sa = actual.CreateState(), se = expected.CreateState();
        for (int i = 0; i < 8; i++)
        {
            float[] a = actual.RunPixels(TestData.Test.Image(i), sa);
            float[] e = expected.RunPixels(TestData.Test.Image(i), se);
            for (int c = 0; c < 10; c++)
            {
                Assert.InRange(Math.Abs(a[c] - e[c]), 0, tolerance);
            }
        }
    }
}
