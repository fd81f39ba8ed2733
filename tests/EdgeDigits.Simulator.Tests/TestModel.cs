using EdgeDigits.App;
using EdgeDigits.Runtime;
using EdgeDigits.Simulator.Recognition;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// A seeded random int8 LeNet-5 (valid shapes and zero-point chaining) for tests that need no trained model.
/// </summary>
internal static class TestModel
{
    public const string RandomName = "random test model";

    public static ModelHost Random(int seed = 7)
    {
        var random = new Random(seed);
        var parameters = LeNet5Layout.Create(RandomName,
            Conv(random, 1, 6), Conv(random, 6, 16), Fc(random, 256, 120), Fc(random, 120, 84), Fc(random, 84, 10), SoftmaxTable());
        return new ModelHost(parameters, new ModelInfo(RandomName, 0, 0), GoldenOf(parameters, random));
    }

    /// <summary>A golden vector from the reference kernels: a random input and every layer's output for it.</summary>
    private static GoldenVector GoldenOf(Int8Network parameters, Random random)
    {
        var input = new byte[parameters.InputLength];
        random.NextBytes(input);
        GoldenVector golden = GoldenVector.FromReference(parameters, input, 0, 0);
        return new GoldenVector(0, golden.PredictedClass, golden.PredictedClass, golden.Input, golden.LayerOutputs, golden.Confidences);
    }

    private static QuantizedConv2D Conv(Random random, int inputChannels, int outputChannels)
    {
        return new QuantizedConv2D(inputChannels, outputChannels, 5, Weights(random, outputChannels * inputChannels * 25),
            new int[outputChannels], Filled(outputChannels, 1 << 30), Filled(outputChannels, -6), -128, -128, -128, 127);
    }

    private static QuantizedFullyConnected Fc(Random random, int inputs, int outputs)
    {
        return new QuantizedFullyConnected(inputs, outputs, Weights(random, inputs * outputs), new int[outputs],
            Filled(outputs, 1 << 30), Filled(outputs, -7), -128, -128, -128, 127);
    }

    private static sbyte[] Weights(Random random, int count)
    {
        var weights = new sbyte[count];
        for (int i = 0; i < count; i++)
        {
            weights[i] = (sbyte)random.Next(-127, 128);
        }

        return weights;
    }

    private static int[] Filled(int count, int value)
    {
        var values = new int[count];
        Array.Fill(values, value);
        return values;
    }

    private static int[] SoftmaxTable()
    {
        // exp(-d / 16) in Q16: non-increasing, entry 0 = 65536, as Int8Network requires.
        var table = new int[256];
        for (int d = 0; d < 256; d++)
        {
            table[d] = (int)Math.Round(65536 * Math.Exp(-d / 16.0));
        }

        return table;
    }
}
