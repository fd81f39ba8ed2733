using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using Xunit.Abstractions;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Every model under models/ (lenet5.onnx today; mlp, simple-cnn, linear and keras-cnn as they land) imported as
/// a <see cref="FloatGraph"/> computes what ONNX Runtime computes on the same file, on MNIST test images.
/// </summary>
public sealed class ShippedModelOrtParityTests
{
    /// <summary>MNIST test images compared per model.</summary>
    private const int Images = 200;

    /// <summary>
    /// Largest |FloatGraph − ONNX Runtime| accepted on any output value (logits of magnitude ≤ ~30, or
    /// probabilities). FloatGraph sums in double, ORT in float; measured on lenet5.onnx: 9.5e-6.
    /// </summary>
    private const float Tolerance = 1e-4f;

    private readonly ITestOutputHelper _output;

    public ShippedModelOrtParityTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>The .onnx files under models/ (a file that does not exist yet is simply not listed).</summary>
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (string path in ModelFiles())
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void TheShippedLeNet5IsAmongTheComparedModels()
    {
        // Guards the theory below against passing vacuously when the models folder moves or is empty.
        Assert.Contains("lenet5.onnx", ModelFiles().Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void FloatGraphMatchesOnnxRuntimeOnMnist(string file)
    {
        string path = Path.Combine(ModelDirectory, file);
        FloatGraph graph = OnnxGraphImporter.Load(path);
        Assert.True(graph.InputLength == 784, $"{file}: input {Shapes.Format(graph.InputShape)} is not one 28×28 image.");
        FloatGraphState state = graph.CreateState();
        using var ort = new OrtReference(File.ReadAllBytes(path));
        double maxDiff = 0;
        int argMaxAgreements = 0;
        foreach (float[] input in ParityInputs.Mnist(Images))
        {
            float[] expected = ort.Run(input, graph.InputShape);
            float[] actual = graph.Run(input, state);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            }

            argMaxAgreements += ArgMax(actual) == ArgMax(expected) ? 1 : 0;
        }

        _output.WriteLine($"{file}: max |FloatGraph − ORT| over {Images} MNIST test images = {maxDiff:E2}; arg max agrees on {argMaxAgreements}/{Images}");
        Assert.InRange(maxDiff, 0, Tolerance);
    }

    private static string ModelDirectory => Path.Combine(TestData.RepositoryRoot, "models");

    private static IEnumerable<string> ModelFiles() =>
        Directory.Exists(ModelDirectory)
            ? Directory.EnumerateFiles(ModelDirectory, "*.onnx").Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
