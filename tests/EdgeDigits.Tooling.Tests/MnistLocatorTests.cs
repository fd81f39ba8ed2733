using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Tests;

/// <summary>The MNIST directory beside the repository (../shared/data/mnist), as the pen digits are found.</summary>
public sealed class MnistLocatorTests
{
    [Fact]
    public void The_shared_directory_beside_the_repository_is_used_when_it_holds_all_four_files()
    {
        using var temp = new TempDirectory();
        string root = Path.Combine(temp.Path, "repo"), shared = Path.Combine(temp.Path, "shared", "data", "mnist");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(shared);
        string[] names = MnistFiles.All.Select((f, i) => f.Stem + (i % 2 == 0 ? ".gz" : "")).ToArray();
        foreach (string name in names.Skip(1))
        {
            File.WriteAllBytes(Path.Combine(shared, name), []);
        }

        Assert.Null(MnistLocator.BesideRepository(root));
        File.WriteAllBytes(Path.Combine(shared, names[0]), []);
        Assert.Equal(Path.GetFullPath(shared), MnistLocator.BesideRepository(root));
    }
}
