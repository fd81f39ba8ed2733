using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Kernels;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Runtime.Tests;

/// <summary>Each fast kernel against the straightforward reference kernels, bit for bit, on random shapes, models and inputs.</summary>
public class KernelParityTests
{
    private static sbyte[] Input(Random random, int length, int kind, int zeroPoint)
    {
        var input = new sbyte[length];
        for (int i = 0; i < length; i++)
        {
            input[i] = kind switch
            {
                0 => (sbyte)-128,
                1 => (sbyte)127,
                2 => (sbyte)random.Next(-128, 128),
                // Sparse: mostly the zero point, like a drawing or a ReLU output.
                _ => random.Next(4) == 0 ? (sbyte)random.Next(-128, 128) : (sbyte)zeroPoint,
            };
        }

        return input;
    }

    private static sbyte[] ReferenceConvPool(QuantizedConv2D layer, sbyte[] input, int height, int width)
    {
        int oh = height - 4, ow = width - 4;
        var conv = new sbyte[layer.OutputChannels * oh * ow];
        Conv2DReference.Run(layer, input, height, width, conv);
        var pooled = new sbyte[layer.OutputChannels * (oh / 2) * (ow / 2)];
        MaxPool2DReference.Run(conv, layer.OutputChannels, oh, ow, pooled);
        return pooled;
    }

    public static IEnumerable<object[]> ConvCases()
    {
        var random = new Random(42);
        for (int n = 0; n < 40; n++)
        {
            int cin = 1 + random.Next(10);
            int cout = 1 + random.Next(20);
            int h = 6 + 2 * random.Next(6), w = 6 + 2 * random.Next(6);
            yield return new object[] { n, cin, cout, h, w };
        }

        yield return new object[] { 100, 1, 6, 28, 28 };
        yield return new object[] { 101, 6, 16, 12, 12 };
        yield return new object[] { 102, 12, 20, 10, 10 }; // 300 taps, two passes of channel groups
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void ConvKernelsMatchReferenceBitForBit(int seed, int cin, int cout, int height, int width)
    {
        var random = new Random(seed);
        int zin = random.Next(-128, 128), zout = random.Next(-128, 128);
        var layer = RandomModels.Conv(random, cin, cout, zin, zout, relu: random.Next(2) == 0, spread: 1 + random.Next(127));
        var offsets = new int[cin];
        for (int c = 0; c < cin; c++)
        {
            offsets[c] = random.Next(3) == 0 ? zin : random.Next(-128, 128);
        }

        var gather = new GatherConv5x5Pool2x2(layer, height, width, offsets, "conv");
        // The scatter sums every input channel in one set of 21-bit lanes: refused (never for C_in ≤ 2) when a lane could overflow.
        ScatterConv5x5Pool2x2? scatter = null;
        try
        {
            scatter = new ScatterConv5x5Pool2x2(layer, height, width, offsets, "conv");
        }
        catch (NotSupportedException e)
        {
            Assert.True(cin > 2, "refused with " + cin + " input channels: " + e.Message);
            Assert.StartsWith("conv: a channel's lane width", e.Message);
        }

        for (int kind = 0; kind < 4; kind++)
        {
            var input = Input(random, cin * height * width, kind, zin);
            var expected = ReferenceConvPool(layer, input, height, width);
            var actual = new sbyte[expected.Length];
            gather.Run(input, actual);
            Assert.Equal(expected, actual);
            if (scatter != null)
            {
                Array.Clear(actual);
                scatter.Run(input, actual);
                Assert.Equal(expected, actual);

                // The same input as unsigned pixels p = q + 128, read in place.
                var pixels = Array.ConvertAll(input, q => (byte)(q + 128));
                Array.Clear(actual);
                scatter.RunPixels(pixels, -128, actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void ConstantOutputIsTheResponseToAnInputEqualToTheOffsets()
    {
        var random = new Random(7);
        var layer = RandomModels.Conv(random, 3, 5, -10, -128);
        var offsets = new[] { -128, 5, 127 };
        var kernel = new GatherConv5x5Pool2x2(layer, 8, 8, offsets, "conv");
        var scatter = new ScatterConv5x5Pool2x2(layer, 8, 8, offsets, "conv");
        var input = new sbyte[3 * 64];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (sbyte)offsets[i / 64];
        }

        var expected = ReferenceConvPool(layer, input, 8, 8);
        for (int c = 0; c < 5; c++)
        {
            Assert.Equal(expected[c * 4], kernel.ConstantOutput[c]);
            Assert.Equal(expected[c * 4], scatter.ConstantOutput[c]);
        }
    }

    [Fact]
    public void FullyConnectedMatchesReferenceBitForBit()
    {
        var random = new Random(99);
        for (int n = 0; n < 60; n++)
        {
            int inputs = n == 0 ? 400 : 1 + random.Next(400);
            int outputs = 1 + random.Next(30);
            int zin = random.Next(-128, 128);
            var layer = RandomModels.Fc(random, inputs, outputs, zin, random.Next(-128, 128), relu: random.Next(2) == 0, spread: 1 + random.Next(127));
            var kernel = new FullyConnected(layer, "fc");
            var lean = new LeanFullyConnected(layer, "fc");
            for (int kind = 0; kind < 4; kind++)
            {
                var input = Input(random, inputs, kind, zin);
                var expected = new sbyte[outputs];
                FullyConnectedReference.Run(layer, input, expected);
                var actual = new sbyte[outputs];
                kernel.Run(input, actual);
                Assert.Equal(expected, actual);
                Array.Clear(actual);
                lean.Run(input, actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void WrappingBiasesStayBitIdentical()
    {
        // Biases near ±2^31 make the reference's int32 accumulator wrap; the folded bias wraps identically.
        var random = new Random(5);
        var baseLayer = RandomModels.Fc(random, 50, 7, 3, -128);
        var bias = new int[7];
        for (int o = 0; o < 7; o++)
        {
            bias[o] = o % 2 == 0 ? int.MaxValue - random.Next(1000) : int.MinValue + random.Next(1000);
        }

        var layer = new QuantizedFullyConnected(50, 7, baseLayer.Weights, bias, baseLayer.OutputMultiplier, baseLayer.OutputShift, 3, -128, -128, 127);
        var kernel = new FullyConnected(layer, "fc");
        var lean = new LeanFullyConnected(layer, "fc");
        for (int n = 0; n < 20; n++)
        {
            var input = Input(random, 50, 2, 3);
            var expected = new sbyte[7];
            FullyConnectedReference.Run(layer, input, expected);
            var actual = new sbyte[7];
            kernel.Run(input, actual);
            Assert.Equal(expected, actual);
            lean.Run(input, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ConvKernelsStayBitIdenticalForEveryShiftFromLeftToRight31()
    {
        // Each conv kernel inlines the requantization (the scatter three times, once per lane of a channel triple):
        // every copy against the reference's FixedPoint.MultiplyByQuantizedMultiplier, for positive shifts, 0 and right
        // shifts up to 31, on signed outputs (no ReLU) so negative accumulators are requantized too.
        var random = new Random(23);
        int[] shifts = { 4, 2, 1, 0, -1, -2, -7, -12, -20, -29, -30, -31 };
        var baseLayer = RandomModels.Conv(random, 2, shifts.Length, -3, 0, relu: false, spread: 2);
        var multiplier = new int[shifts.Length];
        var bias = new int[shifts.Length];
        for (int o = 0; o < shifts.Length; o++)
        {
            multiplier[o] = (1 << 30) + random.Next(1 << 30);
            bias[o] = random.Next(-2000, 2000);
        }

        var layer = new QuantizedConv2D(2, shifts.Length, 5, baseLayer.Weights, bias, multiplier, shifts, -3, 0, -128, 127);
        var offsets = new[] { -3, 40 };
        var kernels = new ILayerKernel[]
        {
            new GatherConv5x5Pool2x2(layer, 10, 12, offsets, "conv"), new ScatterConv5x5Pool2x2(layer, 10, 12, offsets, "conv"),
        };
        for (int kind = 0; kind < 4; kind++)
        {
            var input = Input(random, 2 * 10 * 12, kind, -3);
            var expected = ReferenceConvPool(layer, input, 10, 12);
            foreach (var kernel in kernels)
            {
                var actual = new sbyte[expected.Length];
                kernel.Run(input, actual);
                Assert.Equal(expected, actual);
            }

            var fromPixels = new sbyte[expected.Length];
            ((ScatterConv5x5Pool2x2)kernels[1]).RunPixels(Array.ConvertAll(input, q => (byte)(q + 128)), -128, fromPixels);
            Assert.Equal(expected, fromPixels);
        }
    }

    [Fact]
    public void EveryShiftFromLeftToRight31StaysBitIdentical()
    {
        // The lean kernel derives 2^left, the right shift and its rounding mask from the layer's shift per output;
        // cover positive shifts (random models have none), 0, and right shifts up to 31 (mask 2^31 − 1).
        var random = new Random(17);
        int[] shifts = { 4, 2, 1, 0, -1, -2, -7, -12, -20, -29, -30, -31 };
        var baseLayer = RandomModels.Fc(random, 20, shifts.Length, -5, 0, relu: false, spread: 3);
        var multiplier = new int[shifts.Length];
        var bias = new int[shifts.Length];
        for (int o = 0; o < shifts.Length; o++)
        {
            multiplier[o] = (1 << 30) + random.Next(1 << 30);
            bias[o] = random.Next(-2000, 2000);
        }

        var layer = new QuantizedFullyConnected(20, shifts.Length, baseLayer.Weights, bias, multiplier, shifts, -5, 0, -128, 127);
        var kernel = new FullyConnected(layer, "fc");
        var lean = new LeanFullyConnected(layer, "fc");
        for (int n = 0; n < 200; n++)
        {
            var input = Input(random, 20, n % 4, -5);
            var expected = new sbyte[shifts.Length];
            FullyConnectedReference.Run(layer, input, expected);
            var actual = new sbyte[shifts.Length];
            kernel.Run(input, actual);
            Assert.Equal(expected, actual);
            lean.Run(input, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void PositiveShiftThatCouldOverflowIsRefused()
    {
        var l = RandomModels.Conv(new Random(2), 1, 2, 0, 0);
        var shift = new[] { 0, 3 };
        var bias = new[] { 0, int.MaxValue / 4 };
        var layer = new QuantizedConv2D(1, 2, 5, l.Weights, bias, l.OutputMultiplier, shift, 0, 0, 0, 127);
        var error = Assert.Throws<NotSupportedException>(() => new GatherConv5x5Pool2x2(layer, 8, 8, new[] { 0 }, "conv7"));
        Assert.StartsWith("conv7 channel 1: shift +3 lets |acc|·2^3 exceed int32", error.Message);
        error = Assert.Throws<NotSupportedException>(() => new ScatterConv5x5Pool2x2(layer, 8, 8, new[] { 0 }, "conv8"));
        Assert.StartsWith("conv8 channel 1: shift +3 lets |acc|·2^3 exceed int32", error.Message);
    }

    [Fact]
    public void TripleLanesRoundTripAtTheirBoundsAndChunkWideLayers()
    {
        // Lanes in [−2^20, 2^20) come back exactly from A + B·2^21 + C·2^42, including the extremes.
        int[] edges = { -(1 << 20), -(1 << 20) + 1, -1, 0, 1, (1 << 20) - 1 };
        foreach (int a in edges)
        {
            foreach (int b in edges)
            {
                foreach (int c in edges)
                {
                    long acc = a + b * (1L << 21) + c * (1L << 42);
                    Assert.Equal((a, b, c), (TripleLanes.Lane0(acc), TripleLanes.Lane1(acc), TripleLanes.Lane2(acc)));
                }
            }
        }

        // Packed products sum to the three dot products.
        var random = new Random(5);
        long sum = 0;
        long[] exact = new long[3];
        for (int t = 0; t < 25; t++)
        {
            int wa = random.Next(-127, 128), wb = random.Next(-127, 128), wc = random.Next(-127, 128), v = random.Next(-255, 256);
            sum += TripleLanes.Pack(wa, wb, wc) * v;
            exact[0] += wa * v;
            exact[1] += wb * v;
            exact[2] += wc * v;
        }

        Assert.Equal(exact, new long[] { TripleLanes.Lane0(sum), TripleLanes.Lane1(sum), TripleLanes.Lane2(sum) });

        // Conv2 of the LeNet-5 shape: one chunk for small weights, several when every weight is ±127
        // (150·127·255 > 2^21 − 1), and still exact (ConvKernelsMatchReferenceBitForBit).
        var small = RandomModels.Conv(new Random(1), 6, 16, -128, -128, spread: 20);
        Assert.Equal(1, new GatherConv5x5Pool2x2(small, 12, 12, new int[6], "conv2").Chunks);
        var weights = new sbyte[16 * 150];
        Array.Fill(weights, (sbyte)127);
        var wide = new QuantizedConv2D(6, 16, 5, weights, small.Bias, small.OutputMultiplier, small.OutputShift, -128, -128, -128, 127);
        Assert.Equal(3, new GatherConv5x5Pool2x2(wide, 12, 12, new int[6], "conv2").Chunks);
        var error = Assert.Throws<NotSupportedException>(() => new ScatterConv5x5Pool2x2(wide, 12, 12, new int[6], "conv9"));
        Assert.StartsWith("conv9: a channel's lane width", error.Message);
    }

    [Fact]
    public void ScatterRingStartsCleanOnEveryRun()
    {
        // The scatter's six accumulator rows are zeroed as they are read and never cleared: run one kernel on a long
        // sequence of LeNet-5-sized images of every density (blank, a few strokes, dense, ink touching all borders)
        // and compare each with the reference, so state left by any run would show in the next.
        var random = new Random(31);
        var layer = RandomModels.Conv(random, 1, 6, -128, -128, spread: 60);
        var scatter = new ScatterConv5x5Pool2x2(layer, 28, 28, new[] { -128 }, "conv1");
        var actual = new sbyte[6 * 12 * 12];
        for (int n = 0; n < 40; n++)
        {
            var input = new sbyte[28 * 28];
            Array.Fill(input, (sbyte)-128);
            double density = n % 5 == 0 ? 0 : n % 5 == 4 ? 1 : random.NextDouble() * 0.4;
            int top = random.Next(0, 8), left = random.Next(0, 8), bottom = 28 - random.Next(0, 8), right = 28 - random.Next(0, 8);
            if (n % 7 == 3)
            {
                (top, left, bottom, right) = (0, 0, 28, 28);
            }

            for (int y = top; y < bottom; y++)
            {
                for (int x = left; x < right; x++)
                {
                    if (random.NextDouble() < density)
                    {
                        input[y * 28 + x] = (sbyte)random.Next(-127, 128);
                    }
                }
            }

            scatter.Run(input, actual);
            Assert.Equal(ReferenceConvPool(layer, input, 28, 28), actual);
        }
    }
}
