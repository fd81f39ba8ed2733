using EdgeDigits.App;
using EdgeDigits.Model;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;

namespace EdgeDigits.App.Tests.Support;

/// <summary>Models for app tests: the real generated int8 LeNet-5 with its golden vector (for what the user sees:
/// which digit a drawing becomes, the boot self-test), and a seeded random LeNet-5 (valid shapes, zero points and
/// softmax table) with golden vectors computed through the independent reference kernels, for mechanics that must
/// not depend on what the model has learned.</summary>
public static class TestModels
{
    /// <summary>The generated model the firmware compiles in (<see cref="LeNet5Model.Create"/>), built once.</summary>
    public static readonly Int8Network Real = LeNet5Model.Create();

    /// <summary>What the device's boot screen shows for <see cref="Real"/>.</summary>
    public static readonly ModelInfo RealInfo = new(LeNet5Model.Name, LeNet5Model.FloatAccuracyBasisPoints, LeNet5Model.Int8AccuracyBasisPoints);

    /// <summary>The generated golden vector (<see cref="LeNet5Golden"/>) as the device passes it to the self-test, with
    /// every array copied so a test may corrupt it without touching the shared static arrays.</summary>
    public static GoldenVector RealGolden() =>
        new(LeNet5Golden.Index, LeNet5Golden.Label, LeNet5Golden.PredictedClass, (byte[])LeNet5Golden.Input.Clone(),
            LeNet5Golden.LayerOutputs.Select(o => (sbyte[])o.Clone()).ToArray(), (int[])LeNet5Golden.Confidences.Clone());

    public static Int8Network Random(int seed = 7)
    {
        var random = new Random(seed);
        // Multipliers ~0.5 (Q0.31) with right shifts sized so typical accumulators land inside int8.
        var conv1 = new QuantizedConv2D(1, 6, 5, Weights(random, 6 * 25), Ints(random, 6, -2000, 2000), Multipliers(6), Shifts(6, -9),
            Int8Network.InputZeroPoint, -128, -128, 127);
        var conv2 = new QuantizedConv2D(6, 16, 5, Weights(random, 16 * 150), Ints(random, 16, -2000, 2000), Multipliers(16), Shifts(16, -10),
            -128, -128, -128, 127);
        var fc1 = new QuantizedFullyConnected(256, 120, Weights(random, 120 * 256), Ints(random, 120, -2000, 2000), Multipliers(120), Shifts(120, -10),
            -128, -128, -128, 127);
        var fc2 = new QuantizedFullyConnected(120, 84, Weights(random, 84 * 120), Ints(random, 84, -2000, 2000), Multipliers(84), Shifts(84, -9),
            -128, -128, -128, 127);
        var fc3 = new QuantizedFullyConnected(84, 10, Weights(random, 10 * 84), Ints(random, 10, -2000, 2000), Multipliers(10), Shifts(10, -9),
            -128, 0, -128, 127);
        var table = new int[256];
        for (int d = 0; d < 256; d++)
        {
            table[d] = (int)Math.Round(65536 * Math.Exp(-0.1 * d));
        }

        return LeNet5Layout.Create("Random LeNet-5", conv1, conv2, fc1, fc2, fc3, table);
    }

    /// <summary>Golden vector for <paramref name="pixels"/> computed with <see cref="NetworkReference"/> (the
    /// straightforward kernels) and <see cref="Softmax"/>, i.e. not through the engine the self-test checks.</summary>
    public static GoldenVector Golden(Int8Network model, byte[] pixels)
    {
        GoldenVector golden = GoldenVector.FromReference(model, pixels, 0, 0);
        return new GoldenVector(0, golden.PredictedClass, golden.PredictedClass, golden.Input, golden.LayerOutputs, golden.Confidences);
    }

    public static byte[] RandomPixels(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[784];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : 0);
        }

        return pixels;
    }

    private static sbyte[] Weights(Random random, int n) => Enumerable.Range(0, n).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();

    private static int[] Ints(Random random, int n, int min, int max) => Enumerable.Range(0, n).Select(_ => random.Next(min, max)).ToArray();

    private static int[] Multipliers(int n) => Enumerable.Repeat(1 << 30, n).ToArray();

    private static int[] Shifts(int n, int shift) => Enumerable.Repeat(shift, n).ToArray();
}
