namespace EdgeDigits.Tooling.Tests;

/// <summary>Float inputs of 784 values for parity tests: MNIST test images and seeded random images.</summary>
internal static class ParityInputs
{
    /// <summary>MNIST test images 0…count−1 under the training normalization x = (p/255 − 0.5)/0.5 (as <c>FloatGraph.RunPixels</c>).</summary>
    public static float[][] Mnist(int count) =>
        Enumerable.Range(0, count).Select(i => TestData.Test.CopyImage(i).Select(p => (p / 255f - 0.5f) / 0.5f).ToArray()).ToArray();

    /// <summary>Images with every value uniform in [−1, 1], the range of normalized pixels.</summary>
    public static float[][] Random(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 784).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray()).ToArray();
    }
}
