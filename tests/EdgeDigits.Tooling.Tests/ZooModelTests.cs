using System.Text.Json;
using EdgeDigits.App;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// The five networks of models/ (cards: models/MODEL_CARD.md, models/ZOO.md) through the whole tool chain: the C# float graph
/// against PyTorch's own logits, quantization, the engine layer by layer against the reference kernels in both memory
/// configurations, the boot self-test on golden vectors, and int8 accuracy against float.
/// </summary>
public class ZooModelTests
{
    public static TheoryData<string> Models() => new(ModelZoo.Names);

    private static string PathOf(string name) => Path.Combine(TestData.RepositoryRoot, "models", name + ".onnx");

    [Theory]
    [MemberData(nameof(Models))]
    public void FloatGraphMatchesPyTorchsLogits(string name)
    {
        // keras-cnn is the tf2onnx layout (NHWC input, Transpose folded into fc1, trailing Softmax): its reference file holds
        // PyTorch's logits of the same weights, compared with the logits node before the Softmax.
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "models", name + ".reference-logits.json")));
        int[] indices = doc.RootElement.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        float[][] logits = doc.RootElement.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.True(indices.Length >= 10);
        SequentialFloatModel model = SequentialStructure.Recognize(OnnxGraphImporter.Load(PathOf(name)));
        FloatGraphState state = model.Graph.CreateState();
        double maxDiff = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            model.Graph.RunPixels(TestData.Test.Image(indices[k]), state);
            float[] actual = state.Outputs[model.LogitsNode];
            for (int c = 0; c < 10; c++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[c] - logits[k][c]));
            }
        }

        Assert.InRange(maxDiff, 0, 1e-4);
        Assert.Equal(name == "keras-cnn", model.HasSoftmax);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void QuantizedNetworkRunsBitExactOnBothEnginesAndPassesTheSelfTest(string name)
    {
        SequentialFloatModel floatModel = SequentialStructure.Recognize(OnnxGraphImporter.Load(PathOf(name)));
        Calibrator calibrator = Calibrator.Run(floatModel, TestData.Train, 300);
        Int8Network network = NetworkQuantizer.Quantize(floatModel, calibrator.Select(CalibrationMethod.Percentile), name).Parameters;
        Assert.Equal(floatModel.Layers.Select(l => l.Name), network.LayerNames);
        var reference = new NetworkReference(network);
        var engines = new[] { new Int8Engine(network, EngineMemory.Fast), new Int8Engine(network, EngineMemory.Lean) };
        var floatState = floatModel.Graph.CreateState();
        int int8Correct = 0, floatCorrect = 0;
        const int Images = 600;
        for (int i = 0; i < Images; i++)
        {
            byte[] pixels = TestData.Test.CopyImage(i);
            int expected = reference.Run(pixels);
            foreach (Int8Engine engine in engines)
            {
                for (int s = 0; s < engine.StepCount; s++)
                {
                    sbyte[] want = reference.LayerOutputs[engine.StepLastLayer(s)];
                    Assert.True(want.AsSpan().SequenceEqual(engine.RunStep(pixels, s).AsSpan(0, want.Length)), $"{name} {engine.Memory} step {s} ({engine.StepKernel(s)}), image {i}");
                }

                Assert.Equal(expected, engine.Run(pixels));
            }

            int8Correct += expected == TestData.Test.Label(i) ? 1 : 0;
            floatModel.Graph.RunPixels(TestData.Test.Image(i), floatState);
            float[] floatLogits = floatState.Outputs[floatModel.LogitsNode];
            floatCorrect += Array.IndexOf(floatLogits, floatLogits.Max()) == TestData.Test.Label(i) ? 1 : 0;
        }

        // int8 within one percentage point of float on these images (the measured gap is at most a few tenths).
        Assert.True(int8Correct >= floatCorrect - Images / 100, $"{name}: int8 {int8Correct} vs float {floatCorrect} of {Images}");

        // The boot self-test on this network's golden vector (reference kernels), and a corrupted layer caught by name.
        var golden = GoldenVector.FromReference(network, TestData.Test.CopyImage(0), 0, TestData.Test.Label(0));
        foreach (Int8Engine engine in engines)
        {
            Assert.True(SelfTest.Run(engine, golden).Passed, name + " " + engine.Memory + ": " + SelfTest.Run(engine, golden).Message);
        }

        int last = network.LayerCount - 1;
        golden.LayerOutputs[last][0] ^= 1;
        Assert.StartsWith(network.LayerNames[last] + "[0] = ", SelfTest.Run(engines[0], golden).Message);
    }
}
