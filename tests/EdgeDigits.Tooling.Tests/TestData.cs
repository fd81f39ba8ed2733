using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Paths of the shipped model and the MNIST data used by the tests.</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = RepositoryPaths.FindRoot(AppContext.BaseDirectory);

    public static string ModelPath => Path.Combine(RepositoryRoot, "models", "lenet5.onnx");

    public static string ModelDirectory => Path.Combine(RepositoryRoot, "firmware", "EdgeDigits.Model");

    /// <summary>EDGEDIGITS_MNIST_DIR; the tests that need MNIST fail with this message when it is missing.</summary>
    public static string MnistDirectory
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable(MnistLocator.EnvironmentVariable);
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
            {
                throw new InvalidOperationException(
                    $"Set {MnistLocator.EnvironmentVariable} to the MNIST directory (e.g. ../shared/data/mnist) to run the MNIST tests.");
            }

            return dir;
        }
    }

    private static readonly Lazy<MnistDataset> s_test = new(() => MnistDataset.Load(MnistDirectory, MnistSplit.Test));
    private static readonly Lazy<MnistDataset> s_train = new(() => MnistDataset.Load(MnistDirectory, MnistSplit.Train));

    public static MnistDataset Test => s_test.Value;

    public static MnistDataset Train => s_train.Value;
}
