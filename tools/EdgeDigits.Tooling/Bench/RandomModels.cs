using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// Random but well-formed quantized layers and LeNet-5 models (TFLite-style ranges), seeded for reproducibility:
/// the stand-in model of <c>edgedigits bench</c> when no trained model is compiled in, and test fixtures.
/// </summary>
public static class RandomModels
{
    /// <summary>Random symmetric int8 weights in [−127, 127]; <paramref name="spread"/> bounds |w| (127 = full range).</summary>
    public static sbyte[] Weights(Random random, int count, int spread)
    {
        var weights = new sbyte[count];
        for (int i = 0; i < count; i++)
        {
            weights[i] = (sbyte)random.Next(-spread, spread + 1);
        }

        return weights;
    }

    /// <summary>
    /// Per-channel multiplier and shift (shift ≤ 0) that map an accumulator of typical size
    /// <paramref name="typicalAcc"/> to about ±64 output steps.
    /// </summary>
    public static (int[] Multiplier, int[] Shift) Requantization(Random random, int channels, double typicalAcc)
    {
        var multiplier = new int[channels];
        var shift = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            double real = 64.0 / typicalAcc * (0.5 + random.NextDouble());
            int exponent = (int)Math.Floor(Math.Log2(real)) + 1; // real = m · 2^(exponent − 31), m ∈ [2^30, 2^31)
            exponent = Math.Clamp(exponent, -31, 0);
            multiplier[c] = (1 << 30) + random.Next(1 << 30);
            shift[c] = exponent;
        }

        return (multiplier, shift);
    }

    /// <summary>A random Conv2D layer with fused ReLU (ActivationMin = output zero point) unless <paramref name="relu"/> is false.</summary>
    public static QuantizedConv2D Conv(Random random, int inputChannels, int outputChannels, int inputZeroPoint, int outputZeroPoint, bool relu = true, int spread = 127)
    {
        int taps = inputChannels * 25;
        double typical = Math.Sqrt(taps) * spread * 0.6 * 100;
        var (m, s) = Requantization(random, outputChannels, typical);
        var bias = new int[outputChannels];
        for (int c = 0; c < outputChannels; c++)
        {
            bias[c] = random.Next(-(int)typical, (int)typical + 1);
        }

        return new QuantizedConv2D(inputChannels, outputChannels, 5, Weights(random, taps * outputChannels, spread), bias, m, s,
            inputZeroPoint, outputZeroPoint, relu ? outputZeroPoint : -128, 127);
    }

    /// <summary>A random FullyConnected layer; fused ReLU unless <paramref name="relu"/> is false.</summary>
    public static QuantizedFullyConnected Fc(Random random, int inputs, int outputs, int inputZeroPoint, int outputZeroPoint, bool relu = true, int spread = 127)
    {
        double typical = Math.Sqrt(inputs) * spread * 0.6 * 100;
        var (m, s) = Requantization(random, outputs, typical);
        var bias = new int[outputs];
        for (int o = 0; o < outputs; o++)
        {
            bias[o] = random.Next(-(int)typical, (int)typical + 1);
        }

        return new QuantizedFullyConnected(inputs, outputs, Weights(random, inputs * outputs, spread), bias, m, s,
            inputZeroPoint, outputZeroPoint, relu ? outputZeroPoint : -128, 127);
    }

    /// <summary>exp table for logit scale <paramref name="scale"/>: T[d] = round(2^16·exp(−scale·d)).</summary>
    public static int[] SoftmaxTable(double scale)
    {
        var table = new int[256];
        for (int d = 0; d < 256; d++)
        {
            table[d] = (int)Math.Round(65536 * Math.Exp(-scale * d));
        }

        return table;
    }

    /// <summary>A random LeNet-5 whose zero points chain as <see cref="Int8Network"/> requires.</summary>
    public static Int8Network LeNet5(int seed, int spread = 127)
    {
        var random = new Random(seed);
        int z1 = random.Next(-128, -100), z2 = random.Next(-128, -100), z3 = random.Next(-128, -100), z4 = random.Next(-128, -100), z5 = random.Next(-20, 20);
        return LeNet5Layout.Create("random LeNet-5 #" + seed,
            Conv(random, 1, 6, Int8Network.InputZeroPoint, z1, spread: spread),
            Conv(random, 6, 16, z1, z2, spread: spread),
            Fc(random, 256, 120, z2, z3, spread: spread),
            Fc(random, 120, 84, z3, z4, spread: spread),
            Fc(random, 84, 10, z4, z5, relu: false, spread: spread),
            SoftmaxTable(0.1));
    }
}
