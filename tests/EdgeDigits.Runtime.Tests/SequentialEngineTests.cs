using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Runtime.Tests;

/// <summary>
/// <see cref="Int8Engine"/> on the zoo's network shapes (random weights): every step bit for bit against
/// <see cref="NetworkReference"/> in both memory configurations, and the plan picks the kernel whose preconditions hold.
/// </summary>
public class SequentialEngineTests
{
    public static TheoryData<string, EngineMemory> Networks()
    {
        var data = new TheoryData<string, EngineMemory>();
        foreach (string name in new[] { "lenet5", "mlp", "simple-cnn", "keras-cnn", "linear" })
        {
            data.Add(name, EngineMemory.Fast);
            data.Add(name, EngineMemory.Lean);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void EveryStepMatchesTheReference(string architecture, EngineMemory memory)
    {
        foreach (int spread in new[] { 127, 9 })
        {
            Int8Network network = RandomModels.Zoo(architecture, 40 + spread, spread);
            var engine = new Int8Engine(network, memory);
            var reference = new NetworkReference(network);
            var random = new Random(spread);
            var pixels = new byte[784];
            LeNet5ParityTests.AssertSameOutputs(engine, reference, pixels);
            Array.Fill(pixels, (byte)255);
            LeNet5ParityTests.AssertSameOutputs(engine, reference, pixels);
            for (int n = 0; n < 6; n++)
            {
                random.NextBytes(pixels);
                LeNet5ParityTests.AssertSameOutputs(engine, reference, pixels);
                Array.Clear(pixels);
                for (int k = 0; k < 150; k++)
                {
                    pixels[random.Next(784)] = (byte)random.Next(256);
                }

                LeNet5ParityTests.AssertSameOutputs(engine, reference, pixels);
            }
        }
    }

    [Theory]
    [InlineData("lenet5", EngineMemory.Fast, "ScatterConv5x5Pool2x2 GatherConv5x5Pool2x2 FullyConnected FullyConnected FullyConnected")]
    [InlineData("lenet5", EngineMemory.Lean, "ScatterConv5x5Pool2x2 GatherConv5x5Pool2x2 LeanFullyConnected LeanFullyConnected LeanFullyConnected")]
    [InlineData("mlp", EngineMemory.Fast, "FullyConnected FullyConnected FullyConnected")]
    [InlineData("mlp", EngineMemory.Lean, "LeanFullyConnected LeanFullyConnected LeanFullyConnected")]
    [InlineData("simple-cnn", EngineMemory.Fast, "ScatterConv5x5Pool2x2 GatherConv5x5Pool2x2 FullyConnected FullyConnected")]
    [InlineData("simple-cnn", EngineMemory.Lean, "ScatterConv5x5Pool2x2 GatherConv5x5Pool2x2 LeanFullyConnected LeanFullyConnected")]
    [InlineData("keras-cnn", EngineMemory.Fast, "ScatterConv5x5Pool2x2 PackedConv2D MaxPool2D FullyConnected FullyConnected")]
    [InlineData("keras-cnn", EngineMemory.Lean, "ScatterConv5x5Pool2x2 DirectConv2D MaxPool2D LeanFullyConnected LeanFullyConnected")]
    [InlineData("linear", EngineMemory.Fast, "FullyConnected")]
    public void ThePlanUsesFusedKernelsWhereTheirPreconditionsHold(string architecture, EngineMemory memory, string kernels)
    {
        var engine = new Int8Engine(RandomModels.Zoo(architecture, 5), memory);
        Assert.Equal(kernels, string.Join(" ", Enumerable.Range(0, engine.StepCount).Select(engine.StepKernel)));
        Assert.Equal(engine.Network.LayerCount - 1, engine.StepLastLayer(engine.StepCount - 1));
    }

    [Theory]
    [InlineData(EngineMemory.Fast)]
    [InlineData(EngineMemory.Lean)]
    public void RunAllocatesNothingOnAnyNetwork(EngineMemory memory)
    {
        foreach (string architecture in new[] { "mlp", "simple-cnn", "keras-cnn", "linear" })
        {
            var engine = new Int8Engine(RandomModels.Zoo(architecture, 3), memory);
            var pixels = new byte[784];
            new Random(1).NextBytes(pixels);
            for (int i = 0; i < 200; i++)
            {
                engine.Run(pixels);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                engine.Run(pixels);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void PingPongBuffersAreSizedForTheLargestStepNotTheSum()
    {
        // keras-cnn: steps write 8·12·12 = 1,152, 16·10·10 = 1,600, 400, 256 and the logits: even steps 1,152/400,
        // odd steps 1,600/256, so the two buffers hold 1,152 + 1,600 bytes; the first step scatters the pixels in place,
        // so there is no 784-byte int8 copy of the input.
        var engine = new Int8Engine(RandomModels.Zoo("keras-cnn", 5), EngineMemory.Lean);
        Assert.Equal(1_152 + 1_600 + 10 + 4 * (2 * 10 + Int8Engine.RankingLength), engine.BufferBytes);
    }

    [Fact]
    public void RunStepChecksItsArguments()
    {
        var engine = new Int8Engine(RandomModels.Zoo("mlp", 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.RunStep(new byte[784], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.RunStep(new byte[784], -1));
        Assert.Throws<ArgumentException>(() => engine.RunStep(new byte[100], 0));
        Assert.Throws<ArgumentException>(() => engine.Run(null!));
    }
}
