using EdgeDigits.Model;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Bench;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Runtime.Tests;

/// <summary>
/// The golden vectors written by <c>edgedigits quantize</c> (<see cref="LeNet5Golden"/>: one MNIST test digit through
/// every layer, computed by the tool) reproduced exactly by both engine configurations and by the reference.
/// </summary>
public class GoldenVectorTests
{
    [Theory]
    [InlineData(EngineMemory.Fast)]
    [InlineData(EngineMemory.Lean)]
    public void RuntimeReproducesTheGeneratedGoldenVectors(EngineMemory memory)
    {
        Int8Network model = LeNet5Model.Create();
        var engine = new Int8Engine(model, memory);
        var reference = new NetworkReference(model);
        reference.Run(LeNet5Golden.Input);
        Assert.Equal(model.LayerCount, LeNet5Golden.LayerOutputs.Length);
        for (int layer = 0; layer < model.LayerCount; layer++)
        {
            Assert.Equal(LeNet5Golden.LayerOutputs[layer], reference.LayerOutputs[layer]);
        }

        for (int s = 0; s < engine.StepCount; s++)
        {
            sbyte[] golden = LeNet5Golden.LayerOutputs[engine.StepLastLayer(s)];
            Assert.Equal(golden, engine.RunStep(LeNet5Golden.Input, s)[..golden.Length]);
        }

        int predicted = engine.Run(LeNet5Golden.Input);
        Assert.Equal(LeNet5Golden.LayerOutputs[^1], engine.Logits);
        Assert.Equal(LeNet5Golden.Confidences, engine.Confidences);
        Assert.Equal(LeNet5Golden.PredictedClass, predicted);
    }
}

/// <summary>The trained model on real MNIST test digits: both engine configurations bit-identical to the reference on every layer.</summary>
public class TrainedModelParityTests
{
    [Theory]
    [InlineData(EngineMemory.Fast)]
    [InlineData(EngineMemory.Lean)]
    public void TrainedModelMatchesReferenceOnMnistTestDigits(EngineMemory memory)
    {
        Int8Network model = LeNet5Model.Create();
        var engine = new Int8Engine(model, memory);
        var reference = new NetworkReference(model);
        foreach (var image in BenchRunner.ReadMnistTestImages(MnistLocator.Resolve(null), 300))
        {
            LeNet5ParityTests.AssertSameOutputs(engine, reference, image);
            Assert.Equal(reference.Logits, engine.Logits);
        }
    }
}
