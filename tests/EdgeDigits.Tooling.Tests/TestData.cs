using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Paths of the shipped model and the MNIST data used by the tests.</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = RepositoryPaths.FindRoot(AppContext.BaseDirectory);

    public static string ModelPath => Path.Combine(RepositoryRoot, "models", "lenet5.onnx");

    public static string ModelDirectory => Path.Combine(RepositoryRoot, "firmware", "EdgeDigits.Model");

    /// <summary>
    /// The MNIST directory as the tool finds it: EDGEDIGITS_MNIST_DIR, else the verified download cache (downloaded on
    /// first use where a network exists). Without either, the tests that need MNIST fail with the locator's message.
    /// </summary>
    public static string MnistDirectory => s_mnist.Value;

    private static readonly Lazy<string> s_mnist = new(() => MnistLocator.Resolve(null));

    private static readonly Lazy<MnistDataset> s_test = new(() => MnistDataset.Load(MnistDirectory, MnistSplit.Test));
    private static readonly Lazy<MnistDataset> s_train = new(() => MnistDataset.Load(MnistDirectory, MnistSplit.Train));

    public static MnistDataset Test => s_test.Value;

    public static MnistDataset Train => s_train.Value;
}
