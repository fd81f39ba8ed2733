using System.Reflection;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;

namespace EdgeDigits.Runtime.Tests;

/// <summary>
/// The golden vectors written by <c>edgedigits quantize</c> (EdgeDigits.Model.LeNet5Golden: one MNIST test digit
/// through every layer, computed by the tool) reproduced exactly by both engines.
/// </summary>
public class GoldenVectorTests
{
    private static readonly Assembly Model = Assembly.Load("EdgeDigits.Model");

    private static T Field<T>(Type type, string name) => (T)type.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    [Theory]
    [InlineData(LeNet5Memory.Fast)]
    [InlineData(LeNet5Memory.Lean)]
    public void RuntimeReproducesTheGeneratedGoldenVectors(LeNet5Memory memory)
    {
        var golden = Model.GetType("EdgeDigits.Model.LeNet5Golden");
        var modelType = Model.GetType("EdgeDigits.Model.LeNet5Model");
        string projitems = File.ReadAllText(Path.Combine(RepositoryRoot(), "firmware", "EdgeDigits.Model", "EdgeDigits.Model.projitems"));
        if (golden == null || modelType == null)
        {
            // Before the quantizer has generated the model, the Model project must not claim to contain it.
            Assert.DoesNotContain("LeNet5Golden.g.cs", projitems);
            return;
        }

        var model = (LeNet5Parameters)modelType.GetMethod("Create")!.Invoke(null, null)!;
        var input = Field<byte[]>(golden, "Input");
        var fast = new LeNet5(model, memory);
        var reference = new LeNet5Reference(model);
        int predicted = fast.Run(input);
        reference.Run(input);
        foreach (var (name, actual, expected) in new[]
        {
            ("Pool1Output", fast.Pool1Output, reference.Pool1Output), ("Pool2Output", fast.Pool2Output, reference.Pool2Output),
            ("Fc1Output", fast.Fc1Output, reference.Fc1Output), ("Fc2Output", fast.Fc2Output, reference.Fc2Output),
            ("Logits", fast.Logits, reference.Logits),
        })
        {
            Assert.Equal(Field<sbyte[]>(golden, name), actual);
            Assert.Equal(Field<sbyte[]>(golden, name), expected);
        }

        Assert.Equal(Field<int[]>(golden, "Confidences"), fast.Confidences);
        Assert.Equal((int)golden.GetField("PredictedClass")!.GetValue(null)!, predicted);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeDigits.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeDigits.sln not found");
    }
}

/// <summary>The trained model on real MNIST test digits: both engine configurations bit-identical to the reference on every layer.</summary>
public class TrainedModelParityTests
{
    [Theory]
    [InlineData(LeNet5Memory.Fast)]
    [InlineData(LeNet5Memory.Lean)]
    public void TrainedModelMatchesReferenceOnMnistTestDigits(LeNet5Memory memory)
    {
        string mnist = EdgeDigits.Tooling.Mnist.MnistLocator.Resolve(null);
        var modelType = Assembly.Load("EdgeDigits.Model").GetType("EdgeDigits.Model.LeNet5Model");
        var model = modelType == null
            ? EdgeDigits.Tooling.Bench.RandomModels.LeNet5(21) // before the quantizer has generated the model
            : (LeNet5Parameters)modelType.GetMethod("Create")!.Invoke(null, null)!;
        var fast = new LeNet5(model, memory);
        var reference = new LeNet5Reference(model);
        foreach (var image in EdgeDigits.Tooling.Bench.BenchRunner.ReadMnistTestImages(mnist, 300))
        {
            LeNet5ParityTests.AssertSameOutputs(fast, reference, image);
            Assert.Equal(reference.Logits, fast.Logits);
        }
    }
}
