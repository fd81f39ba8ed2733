using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Recognition;

/// <summary>
/// A valid but untrained int8 LeNet-5 with seeded random weights: it exercises every code path of recognition
/// (normalization, inference, confidences, ranking) in tests and plumbing checks while no trained model is at hand.
/// Its predictions carry no meaning.
/// </summary>
public static class RandomLeNet5
{
    /// <summary>Builds the model.</summary>
    /// <param name="seed">Random seed; the same seed gives the same model.</param>
    public static Int8Network Create(int seed)
    {
        var random = new Random(seed);

        // Shifts keep typical accumulators (Σ of 25..256 products of ±64·±64) inside int8 after requantization.
        QuantizedConv2D conv1 = Conv(random, 1, 6, -128, -128, -9);
        QuantizedConv2D conv2 = Conv(random, 6, 16, -128, -128, -11);
        QuantizedFullyConnected fc1 = Fc(random, 256, 120, -128, -128, -12, relu: true);
        QuantizedFullyConnected fc2 = Fc(random, 120, 84, -128, -128, -11, relu: true);
        QuantizedFullyConnected fc3 = Fc(random, 84, 10, -128, 0, -11, relu: false);
        var table = new int[256];
        for (int d = 0; d < 256; d++)
        {
            table[d] = (int)Math.Round(65536 * Math.Exp(-0.1 * d));
        }

        return LeNet5Layout.Create("random LeNet-5 (seed " + seed + ")", conv1, conv2, fc1, fc2, fc3, table);
    }

    private static QuantizedConv2D Conv(Random random, int inputs, int outputs, int inputZero, int outputZero, int shift)
    {
        int k = 5;
        sbyte[] weights = Weights(random, outputs * inputs * k * k);
        return new QuantizedConv2D(inputs, outputs, k, weights, Bias(random, outputs), Multipliers(random, outputs), Shifts(outputs, shift),
            inputZero, outputZero, outputZero, 127);
    }

    private static QuantizedFullyConnected Fc(Random random, int inputs, int outputs, int inputZero, int outputZero, int shift, bool relu)
    {
        sbyte[] weights = Weights(random, outputs * inputs);
        return new QuantizedFullyConnected(inputs, outputs, weights, Bias(random, outputs), Multipliers(random, outputs), Shifts(outputs, shift),
            inputZero, outputZero, relu ? outputZero : -128, 127);
    }

    private static sbyte[] Weights(Random random, int n)
    {
        var w = new sbyte[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = (sbyte)random.Next(-127, 128);
        }

        return w;
    }

    private static int[] Bias(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.Next(-20000, 20000)).ToArray();

    private static int[] Multipliers(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.Next(1 << 30, int.MaxValue)).ToArray();

    private static int[] Shifts(int n, int shift) => Enumerable.Repeat(shift, n).ToArray();
}
