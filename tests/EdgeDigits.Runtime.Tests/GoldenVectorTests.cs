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
        int predicted = engine.Run(LeNet5Golden.Input);
        reference.Run(LeNet5Golden.Input);
        foreach (var (golden, actual, expected) in new[]
        {
            (LeNet5Golden.Pool1Output, engine.Pool1Output, reference.Pool1Output),
            (LeNet5Golden.Pool2Output, engine.Pool2Output, reference.Pool2Output),
            (LeNet5Golden.Fc1Output, engine.Fc1Output, reference.Fc1Output),
            (LeNet5Golden.Fc2Output, engine.Fc2Output, reference.Fc2Output),
            (LeNet5Golden.Logits, engine.Logits, reference.Logits),
        })
        {
            Assert.Equal(golden, actual);
            Assert.Equal(golden, expected);
        }

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
