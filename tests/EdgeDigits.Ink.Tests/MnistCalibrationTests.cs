using EdgeDigits.Ink;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Ink.Tests;

public class MnistCalibrationTests
{
    [Fact]
    public void The_normalizer_constants_are_the_ones_measured_on_MNIST()
    {
        string dir = Environment.GetEnvironmentVariable("EDGEDIGITS_MNIST_DIR") ?? throw new InvalidOperationException("Set EDGEDIGITS_MNIST_DIR.");
        MnistInkStatistics stats = MnistInkStatistics.Measure(MnistDataset.Load(dir, MnistSplit.Test), 1000);

        // docs/ink.md: stroke width about 2.6 px, centre of mass (14.5, 14.5), larger side 20.
        Assert.InRange(stats.StrokeWidth, 2.4, 2.8);
        Assert.InRange(InkNormalizer.DefaultPenWidth16 / 16.0 - stats.StrokeWidth, -0.25, 0.25);
        Assert.InRange(stats.CenterOfMassX - InkNormalizer.DefaultCenterOfMass16 / 16.0, -0.1, 0.1);
        Assert.InRange(stats.CenterOfMassY - InkNormalizer.DefaultCenterOfMass16 / 16.0, -0.1, 0.1);
        Assert.InRange(stats.LargerSide, 19.8, 20.2);
    }
}
