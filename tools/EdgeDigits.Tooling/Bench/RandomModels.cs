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
    public static QuantizedConv2D Conv(Random random, int inputChannels, int outputChannels, int inputZeroPoint, int outputZeroPoint, bool relu = true, int spread = 127, int kernelSize = 5)
    {
        int taps = inputChannels * kernelSize * kernelSize;
        double typical = Math.Sqrt(taps) * spread * 0.6 * 100;
        var (m, s) = Requantization(random, outputChannels, typical);
        var bias = new int[outputChannels];
        for (int c = 0; c < outputChannels; c++)
        {
            bias[c] = random.Next(-(int)typical, (int)typical + 1);
        }

        return new QuantizedConv2D(inputChannels, outputChannels, kernelSize, Weights(random, taps * outputChannels, spread), bias, m, s,
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

    /// <summary>
    /// A random network of the zoo's shapes on a [1, 28, 28] image, zero points chained: "mlp" (784→128→64→10), "simple-cnn"
    /// (conv 16@5×5, pool, conv 32@5×5, pool, fc 512→128→10), "keras-cnn" (conv 8@5×5, pool, conv 16@3×3, pool, fc 400→256→10),
    /// "linear" (784→10) or "lenet5".
    /// </summary>
    /// <param name="architecture">One of the names above.</param>
    /// <param name="seed">Seed of every draw.</param>
    /// <param name="spread">Bound of |w|.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">Unknown architecture.</exception>
    public static Int8Network Zoo(string architecture, int seed, int spread = 127)
    {
        if (architecture == "lenet5")
        {
            return LeNet5(seed, spread);
        }

        var random = new Random(seed);
        int Z() => random.Next(-128, -100);
        var layers = new List<QuantizedLayer>();
        int z = Int8Network.InputZeroPoint;
        void Conv(int cin, int cout, int k) { int next = Z(); layers.Add(RandomModels.Conv(random, cin, cout, z, next, spread: spread, kernelSize: k)); z = next; }
        void Pool() => layers.Add(new QuantizedMaxPool2D(2, 2));
        void Fc(int nin, int nout, bool last = false) { int next = last ? random.Next(-20, 20) : Z(); layers.Add(RandomModels.Fc(random, nin, nout, z, next, relu: !last, spread: spread)); z = next; }
        switch (architecture)
        {
            case "mlp": Fc(784, 128); Fc(128, 64); Fc(64, 10, true); break;
            case "simple-cnn": Conv(1, 16, 5); Pool(); Conv(16, 32, 5); Pool(); Fc(512, 128); Fc(128, 10, true); break;
            case "keras-cnn": Conv(1, 8, 5); Pool(); Conv(8, 16, 3); Pool(); Fc(400, 256); Fc(256, 10, true); break;
            case "linear": Fc(784, 10, true); break;
            default: throw new ArgumentException("unknown architecture " + architecture, nameof(architecture));
        }

        return new Int8Network("random " + architecture + " #" + seed, 1, 28, 28, layers.ToArray(), SoftmaxTable(0.1));
    }
}
