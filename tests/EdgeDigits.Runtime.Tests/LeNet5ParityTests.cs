using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Runtime.Tests;

/// <summary>The product engine <see cref="Int8Engine"/> on LeNet-5 against <see cref="NetworkReference"/>: every layer bit for bit.</summary>
public class LeNet5ParityTests
{
    /// <summary>Runs both and compares every engine step with the reference layer it ends at, then logits and prediction.</summary>
    internal static void AssertSameOutputs(Int8Engine engine, NetworkReference reference, byte[] pixels)
    {
        int expected = reference.Run(pixels);
        for (int s = 0; s < engine.StepCount; s++)
        {
            int layer = engine.StepLastLayer(s);
            sbyte[] want = reference.LayerOutputs[layer];
            sbyte[] got = engine.RunStep(pixels, s);
            Assert.True(want.AsSpan().SequenceEqual(got.AsSpan(0, want.Length)),
                $"step {s} ({engine.StepKernel(s)}, layer {engine.Network.LayerNames[layer]}) differs from the reference");
        }

        int actual = engine.Run(pixels);
        Assert.Equal(reference.Logits, engine.Logits);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 127, EngineMemory.Fast)]
    [InlineData(2, 127, EngineMemory.Fast)]
    [InlineData(3, 20, EngineMemory.Fast)]
    [InlineData(4, 3, EngineMemory.Fast)]
    [InlineData(1, 127, EngineMemory.Lean)]
    [InlineData(2, 127, EngineMemory.Lean)]
    [InlineData(3, 20, EngineMemory.Lean)]
    [InlineData(4, 3, EngineMemory.Lean)]
    public void RandomModelsOnAdversarialAndRandomImages(int seed, int spread, EngineMemory memory)
    {
        var model = RandomModels.LeNet5(seed, spread);
        var fast = new Int8Engine(model, memory);
        Assert.Equal(memory, fast.Memory);
        var reference = new NetworkReference(model);
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

    [Theory]
    [InlineData(EngineMemory.Fast)]
    [InlineData(EngineMemory.Lean)]
    public void RunAllocatesNothingAfterWarmUp(EngineMemory memory)
    {
        var fast = new Int8Engine(RandomModels.LeNet5(11), memory);
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

    [Fact]
    public void DefaultConstructorIsTheFastConfiguration()
    {
        Assert.Equal(EngineMemory.Fast, new Int8Engine(RandomModels.LeNet5(12)).Memory);
    }

    [Fact]
    public void UnknownMemoryConfigurationIsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Int8Engine(RandomModels.LeNet5(12), (EngineMemory)7));
        Assert.Equal("memory", error.ParamName);
        Assert.StartsWith("unknown EngineMemory value 7.", error.Message);
    }

    [Theory]
    [InlineData(EngineMemory.Fast, 120_000, 150_000, 8_000)]
    [InlineData(EngineMemory.Lean, 0, 16_384, 4_500)]
    public void PreparedBytesMatchWhatTheConstructorAllocates(EngineMemory memory, int atLeast, int atMost, int headers)
    {
        // Independent check of the accounting: the managed bytes the constructor really allocates cover buffers +
        // prepared data and exceed them only by object headers (24 B per .NET array, 8-byte references; the fast
        // configuration holds ~75 weight rows and conv2's 30 kernel-column arrays, the lean one those 30 and ~25 more), the
        // few-byte objects around them and small construction temporaries (the lane-width sweeps).
        var model = RandomModels.LeNet5(13);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var engine = new Int8Engine(model, memory);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int accounted = engine.BufferBytes + engine.PreparedBytes;
        Assert.InRange(engine.PreparedBytes, atLeast, atMost);
        Assert.InRange(allocated, accounted, accounted + headers);
    }
}
