using EdgeDigits.Runtime.Kernels;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Runtime.Tests;

/// <summary>
/// The general kernels (any K, any stride for pools) bit for bit against the reference kernels, over random shapes,
/// zero points, clamps and weight spreads (spread 127 forces the triple-lane sums into several chunks).
/// </summary>
public class GeneralKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PackedAndDirectConv2DMatchTheReference(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 40; trial++)
        {
            int k = 1 + random.Next(7);
            int cin = 1 + random.Next(12);
            int cout = 1 + random.Next(20);
            int h = k + random.Next(9), w = k + random.Next(9);
            int zin = random.Next(-128, 20), zout = random.Next(-128, 0);
            var layer = RandomModels.Conv(random, cin, cout, zin, zout, relu: random.Next(2) == 0, spread: random.Next(2) == 0 ? 127 : 5, kernelSize: k);
            var input = new sbyte[cin * h * w];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (sbyte)(random.Next(3) == 0 ? zin : random.Next(-128, 128)); // many inputs at the zero point
            }

            var expected = new sbyte[cout * (h - k + 1) * (w - k + 1)];
            Conv2DReference.Run(layer, input, h, w, expected);
            var packed = new sbyte[expected.Length];
            new PackedConv2D(layer, h, w, "conv").Run(input, packed);
            var direct = new sbyte[expected.Length];
            new DirectConv2D(layer, h, w, "conv").Run(input, direct);
            Assert.Equal(expected, packed);
            Assert.Equal(expected, direct);
        }
    }

    [Fact]
    public void MaxPool2DMatchesTheReferenceForAnyWindowAndStride()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 60; trial++)
        {
            int k = 1 + random.Next(4), s = 1 + random.Next(4);
            int c = 1 + random.Next(5), h = k + random.Next(10), w = k + random.Next(10);
            var input = new sbyte[c * h * w];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (sbyte)random.Next(-128, 128);
            }

            var expected = new sbyte[c * ((h - k) / s + 1) * ((w - k) / s + 1)];
            MaxPool2DReference.Run(input, c, h, w, k, s, expected);
            var actual = new sbyte[expected.Length];
            new MaxPool2D(new QuantizedMaxPool2D(k, s), c, h, w).Run(input, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void TooSmallInputsAreRefused()
    {
        var layer = RandomModels.Conv(new Random(1), 2, 3, 0, 0, kernelSize: 5);
        Assert.Contains("smaller than the 5x5 kernel", Assert.Throws<ArgumentException>(() => new PackedConv2D(layer, 4, 9, "conv7")).Message);
        Assert.Contains("smaller than the 5x5 kernel", Assert.Throws<ArgumentException>(() => new DirectConv2D(layer, 9, 4, "conv7")).Message);
        Assert.Throws<ArgumentException>(() => new MaxPool2D(new QuantizedMaxPool2D(3, 1), 1, 2, 5));
    }
}
