using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Runtime.Tests;

/// <summary><see cref="Int8Network"/> checks shapes and zero points once, naming the layer at fault.</summary>
public class Int8NetworkTests
{
    private static readonly int[] Table = RandomModels.SoftmaxTable(0.1);

    [Fact]
    public void ShapesFollowTheLayers()
    {
        Int8Network n = RandomModels.Zoo("keras-cnn", 1);
        Assert.Equal(new[] { "conv1", "pool1", "conv2", "pool2", "fc1", "fc2" }, n.LayerNames);
        Assert.Equal((8, 24, 24), (n.OutputChannels(0), n.OutputHeight(0), n.OutputWidth(0)));
        Assert.Equal((16, 10, 10), (n.OutputChannels(2), n.OutputHeight(2), n.OutputWidth(2)));
        Assert.Equal(400, n.OutputLength(3));
        Assert.Equal(10, n.ClassCount);
        Assert.Equal(784, n.InputLength);
    }

    [Fact]
    public void AFullyConnectedLayerMustTakeTheFlattenedInput()
    {
        var random = new Random(1);
        var fc = RandomModels.Fc(random, 783, 10, -128, 0, relu: false);
        var e = Assert.Throws<ArgumentException>(() => new Int8Network("x", 1, 28, 28, new QuantizedLayer[] { fc }, Table));
        Assert.Contains("fc1 (layer 0) takes 783 inputs but its input [1,28,28] flattens to 784", e.Message);
    }

    [Fact]
    public void ZeroPointsMustChainThroughPools()
    {
        var random = new Random(2);
        var conv = RandomModels.Conv(random, 1, 4, -128, -100);
        var fc = RandomModels.Fc(random, 4 * 12 * 12, 10, -128, 0, relu: false);
        var e = Assert.Throws<ArgumentException>(() => new Int8Network("x", 1, 28, 28, new QuantizedLayer[] { conv, new QuantizedMaxPool2D(2, 2), fc }, Table));
        Assert.Contains("fc1 expects input zero point -128 but its input has zero point -100", e.Message);
    }

    [Fact]
    public void AConvKernelLargerThanItsInputIsRejected()
    {
        var random = new Random(3);
        var conv = RandomModels.Conv(random, 1, 4, -128, -100);
        var e = Assert.Throws<ArgumentException>(() => new Int8Network("x", 1, 4, 4, new QuantizedLayer[] { conv }, Table));
        Assert.Contains("conv1 (layer 0)", e.Message);
    }

    [Fact]
    public void TooFewClassesAndEmptyNetworksAreRejected()
    {
        var random = new Random(4);
        Assert.Throws<ArgumentException>(() => new Int8Network("x", 1, 28, 28, new QuantizedLayer[0], Table));
        var fc = RandomModels.Fc(random, 784, 2, -128, 0, relu: false);
        Assert.Contains("yields 2 logits", Assert.Throws<ArgumentException>(() => new Int8Network("x", 1, 28, 28, new QuantizedLayer[] { fc }, Table)).Message);
        Assert.Throws<ArgumentNullException>(() => new Int8Network("x", 1, 28, 28, new QuantizedLayer[] { null! }, Table));
    }

    [Fact]
    public void PoolParametersAreBounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantizedMaxPool2D(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantizedMaxPool2D(2, 65));
    }
}
