using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Runtime.Tests;

/// <summary>The product engine <see cref="LeNet5"/> against <see cref="LeNet5Reference"/>: every layer bit for bit.</summary>
public class LeNet5ParityTests
{
    internal static void AssertSameOutputs(LeNet5 fast, LeNet5Reference reference, byte[] pixels)
    {
        int expected = reference.Run(pixels);
        int actual = fast.Run(pixels);
        Assert.Equal(reference.Pool1Output, fast.Pool1Output);
        Assert.Equal(reference.Pool2Output, fast.Pool2Output);
        Assert.Equal(reference.Fc1Output, fast.Fc1Output);
        Assert.Equal(reference.Fc2Output, fast.Fc2Output);
        Assert.Equal(reference.Logits, fast.Logits);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 127)]
    [InlineData(2, 127)]
    [InlineData(3, 20)]
    [InlineData(4, 3)]
    public void RandomModelsOnAdversarialAndRandomImages(int seed, int spread)
    {
        var model = RandomModels.LeNet5(seed, spread);
        var fast = new LeNet5(model);
        var reference = new LeNet5Reference(model);
        var random = new Random(seed);
        var pixels = new byte[784];
        AssertSameOutputs(fast, reference, pixels); // blank: every pixel 0 (int8 −128)
        Array.Fill(pixels, (byte)255);             // saturated: every pixel 255 (int8 127)
        AssertSameOutputs(fast, reference, pixels);
        for (int n = 0; n < 10; n++)
        {
            random.NextBytes(pixels);
            AssertSameOutputs(fast, reference, pixels);
            Array.Clear(pixels);
            for (int k = 0; k < 120; k++)
            {
                pixels[random.Next(784)] = (byte)random.Next(256); // sparse strokes, anywhere including the border
            }

            AssertSameOutputs(fast, reference, pixels);
        }
    }

    [Fact]
    public void RunAllocatesNothingAfterWarmUp()
    {
        var fast = new LeNet5(RandomModels.LeNet5(11));
        var pixels = new byte[784];
        new Random(3).NextBytes(pixels);
        fast.Run(pixels);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 10; n++)
        {
            fast.Run(pixels);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }
}
