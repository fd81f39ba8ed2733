using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Onnx.Proto;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Focused regressions of the crashes the ONNX mutation fuzzing (issue 13, <see cref="OnnxMutationFuzzTests"/>) found:
/// each input once crashed the import → recognize → calibrate → quantize pipeline with an exception other than the
/// documented clean errors.
/// </summary>
public sealed class OnnxMutationRegressionTests
{
    private static readonly List<string> NoFailures = new();

    /// <summary>input [1, c, h, w] → (Conv k×k with <paramref name="convChannels"/> channels → MaxPool pool/stride)? → Flatten → Gemm → classes.</summary>
    private static ModelProto Model(int[] input, int classes, int convChannels = 0, int convKernel = 3, int poolKernel = 0, int poolStride = 0)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "edgedigits-tests", Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        GraphProto g = model.Graph;
        g.Input.Add(OnnxModels.FloatValue("input", input.Select(d => (long)d).ToArray()));
        string current = "input";
        int c = input[1], h = input[2], w = input[3];
        if (convChannels > 0)
        {
            g.Initializer.Add(OnnxModels.FloatTensor("cw", Fill(convChannels * c * convKernel * convKernel), convChannels, c, convKernel, convKernel));
            g.Node.Add(Node("Conv", "conv", current, "cw"));
            current = "conv";
            (c, h, w) = (convChannels, h - convKernel + 1, w - convKernel + 1);
        }

        if (poolKernel > 0)
        {
            NodeProto pool = Node("MaxPool", "pool", current);
            OnnxModels.SetInts(pool, "kernel_shape", poolKernel, poolKernel);
            OnnxModels.SetInts(pool, "strides", poolStride, poolStride);
            g.Node.Add(pool);
            current = "pool";
            (h, w) = ((h - poolKernel) / poolStride + 1, (w - poolKernel) / poolStride + 1);
        }

        g.Node.Add(Node("Flatten", "flat", current));
        int k = c * h * w;
        g.Initializer.Add(OnnxModels.FloatTensor("fw", Fill(classes * k), classes, k));
        NodeProto gemm = Node("Gemm", "output", "flat", "fw");
        OnnxModels.SetInt(gemm, "transB", 1);
        g.Node.Add(gemm);
        g.Output.Add(OnnxModels.FloatValue("output", 1, classes));
        return model;
    }

    private static NodeProto Node(string op, string output, params string[] inputs)
    {
        var node = new NodeProto { Name = output + "_node", OpType = op };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    private static float[] Fill(int n) => Enumerable.Range(0, n).Select(i => ((i * 37 % 17) - 8) / 64f).ToArray();

    private static string Outcome(ModelProto model)
    {
        var failures = new List<string>();
        string outcome = OnnxMutationFuzzTests.RunPipeline(OnnxModels.Bytes(model), "edited.onnx", "regression", failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        return outcome;
    }

    private static string RecognizeFails(ModelProto model)
    {
        Assert.Equal(nameof(InvalidDataException), Outcome(model));
        return Assert.Throws<InvalidDataException>(() => SequentialStructure.Recognize(OnnxGraphImporter.Import(model, "edited.onnx"))).Message;
    }

    private const string Prefix = "edited.onnx: the graph is not a sequential network the int8 runtime implements: ";

    /// <summary>The pipeline ends in a clean error at quantization: the runtime's limit, with the file named.</summary>
    private static string QuantizeFails(ModelProto model)
    {
        Assert.Equal(nameof(InvalidDataException), Outcome(model));
        SequentialFloatModel recognized = SequentialStructure.Recognize(OnnxGraphImporter.Import(model, "edited.onnx"));
        Calibrator calibrator = Calibrator.Run(recognized, TestData.Train, 20);
        return Assert.Throws<InvalidDataException>(() => NetworkQuantizer.Quantize(recognized, calibrator.Select(CalibrationMethod.MinMax))).Message;
    }

    [Fact]
    public void TwoClassLogitsAreRefusedByTheRuntimeWithTheFileNamed()
    {
        // Was: ArgumentException "the last layer yields 2 logits; a classifier here has 3..1000. (Parameter 'layers')" from Int8Network at quantize.
        Assert.Equal("edited.onnx: the int8 runtime refuses network: the last layer yields 2 logits; a classifier here has 3..1000. (Parameter 'layers')",
            QuantizeFails(Model(new[] { 1, 1, 28, 28 }, 2)));
    }

    [Fact]
    public void ThousandAndOneClassLogitsAreRefusedByTheRuntimeWithTheFileNamed()
    {
        Assert.StartsWith("edited.onnx: the int8 runtime refuses network: the last layer yields 1001 logits",
            QuantizeFails(Model(new[] { 1, 1, 28, 28 }, 1001)));
    }

    [Fact]
    public void MaxPoolStrideOf65IsRefusedByTheRuntimeWithTheFileNamed()
    {
        // Was: ArgumentOutOfRangeException "MaxPool2D stride 65 is outside 1..64." from QuantizedMaxPool2D at quantize.
        Assert.StartsWith("edited.onnx: the int8 runtime refuses pool1: MaxPool2D stride 65 is outside 1..64.",
            QuantizeFails(Model(new[] { 1, 1, 28, 28 }, 10, 2, 3, 2, 65)));
    }

    [Fact]
    public void InputOf20By20IsRefusedBeforeCalibrationIndexesPastIt()
    {
        // Was: AggregateException (IndexOutOfRangeException) from Calibrator.Run writing 784 MNIST pixels into a 400-value input.
        Assert.Equal(Prefix + "the input [1,1,20,20] has 400 values; EdgeDigits calibrates on and feeds 28×28 images (784 values, e.g. [1,1,28,28]).",
            RecognizeFails(Model(new[] { 1, 1, 20, 20 }, 10)));
    }

    [Fact]
    public void InputOf5000ValuesIsRefusedByTheRecognizer()
    {
        // Was: ArgumentException "input [1,1,5000] must be 1..4096 in every dimension." from Int8Network at quantize.
        Assert.StartsWith(Prefix + "the input [1,1,1,5000] has 5000 values;", RecognizeFails(Model(new[] { 1, 1, 1, 5000 }, 10)));
    }

    [Fact]
    public void AllZeroWeightsQuantizeOrFailCleanly() =>
        Assert.Contains(Outcome(ZeroWeights(Model(new[] { 1, 1, 28, 28 }, 10, 2, 3, 2, 2))), new[] { "success", nameof(InvalidDataException) });

    [Fact]
    public void DenormalWeightsQuantizeOrFailCleanly() =>
        Assert.Contains(Outcome(ScaleWeights(Model(new[] { 1, 1, 28, 28 }, 10, 2, 3, 2, 2), 1e-44f)), new[] { "success", nameof(InvalidDataException) });

    [Fact]
    public void TheBuiltModelQuantizes() => Assert.Equal("success", Outcome(Model(new[] { 1, 1, 28, 28 }, 10, 2, 3, 2, 2)));

    private static ModelProto ZeroWeights(ModelProto model) => ScaleWeights(model, 0);

    private static ModelProto ScaleWeights(ModelProto model, float factor)
    {
        foreach (TensorProto t in model.Graph.Initializer)
        {
            for (int i = 0; i < t.FloatData.Count; i++)
            {
                t.FloatData[i] = factor == 0 ? 0 : Math.Sign(t.FloatData[i]) * factor;
            }
        }

        return model;
    }
}
