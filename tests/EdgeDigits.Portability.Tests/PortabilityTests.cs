namespace EdgeDigits.Portability.Tests;

/// <summary>
/// Every portable project (firmware/*/*.projitems) compiles against the stable nanoFramework CoreLibrary surface,
/// and every .cs file under those folders is listed in its projitems.
/// </summary>
public class PortabilityTests
{
    private static readonly string[] Projects = { "EdgeDigits.Runtime", "EdgeDigits.Model", "EdgeDigits.Ink", "EdgeDigits.App" };

    private static string ProjItems(string project) =>
        Path.Combine(PortabilityChecker.RepositoryRoot(), "firmware", project, project + ".projitems");

    [Fact]
    public void PortableProjectsCompileAgainstTheNanoFrameworkSurface()
    {
        var sources = new Dictionary<string, string>();
        string root = PortabilityChecker.RepositoryRoot();
        foreach (string project in Projects)
        {
            foreach (string file in PortabilityChecker.ListedSources(ProjItems(project)))
            {
                Assert.True(File.Exists(file), project + ".projitems lists a missing file: " + file);
                sources[Path.GetRelativePath(root, file)] = File.ReadAllText(file);
            }
        }

        Assert.Contains(sources.Keys, k => k.EndsWith("LeNet5.cs", StringComparison.Ordinal));
        var violations = PortabilityChecker.Check(sources);
        Assert.True(violations.Count == 0, "nanoFramework violations:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("EdgeDigits.Runtime")]
    [InlineData("EdgeDigits.Model")]
    [InlineData("EdgeDigits.Ink")]
    [InlineData("EdgeDigits.App")]
    public void EverySourceFileIsListedInItsProjItems(string project)
    {
        string folder = Path.GetDirectoryName(ProjItems(project))!;
        var listed = PortabilityChecker.ListedSources(ProjItems(project)).ToHashSet(StringComparer.Ordinal);
        var unlisted = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(Path.GetFullPath)
            .Where(f => !IsBuildFolder(folder, f) && !listed.Contains(f))
            .ToList();
        Assert.True(unlisted.Count == 0, project + ".projitems does not list: " + string.Join(", ", unlisted));
    }

    private static bool IsBuildFolder(string projectFolder, string file)
    {
        string first = Path.GetRelativePath(projectFolder, file).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj" or "net" or "nf";
    }

    [Fact]
    public void ViolationsAreReportedWithFileAndLine()
    {
        const string snippet = """
            using System.Collections.Generic;
            namespace Sample
            {
                public static class Bad
                {
                    public static int Run()
                    {
                        var list = new List<int>();
                        int[,] grid = new int[2, 2];
                        return System.Math.Max(1, 2);
                    }

                    public static T Echo<T>(T value) { return value; }
                    public static (int, int) Pair() { return (1, 2); }
                    public static async void Later() { }
                    public static string Text(int n) { return "n=" + n; }
                }
            }
            """;
        var violations = PortabilityChecker.Check(new Dictionary<string, string> { ["Bad.cs"] = snippet });
        Assert.Contains(violations, v => v.StartsWith("Bad.cs(1): CS0234", StringComparison.Ordinal));   // System.Collections.Generic
        Assert.Contains(violations, v => v.StartsWith("Bad.cs(8): CS0246", StringComparison.Ordinal));   // List<int>
        Assert.Contains(violations, v => v == "Bad.cs(9): not available on nanoFramework 1.x: multi-dimensional array (use a flat array and index math)");
        Assert.Contains(violations, v => v.StartsWith("Bad.cs(10): CS0234", StringComparison.Ordinal));  // System.Math
        Assert.Contains(violations, v => v == "Bad.cs(13): not available on nanoFramework 1.x: generic type or method declaration");
        Assert.Contains(violations, v => v == "Bad.cs(14): not available on nanoFramework 1.x: tuple");
        Assert.Contains(violations, v => v == "Bad.cs(15): not available on nanoFramework 1.x: async");
        Assert.DoesNotContain(violations, v => v.StartsWith("Bad.cs(16)", StringComparison.Ordinal)); // string + int is fine
    }

    [Fact]
    public void CleanPortableCodePasses()
    {
        const string snippet = """
            using System;
            namespace Sample
            {
                public sealed class Good
                {
                    private static readonly sbyte[] Table = { 1, -2, 3 };
                    private readonly object _gate = new object();
                    public int Sum(int[] values)
                    {
                        if (values == null) { throw new ArgumentNullException("values"); }
                        int sum = 0;
                        lock (_gate)
                        {
                            foreach (int v in values) { sum += v; }
                        }
                        Array.Clear(values, 0, values.Length);
                        return sum + Table.Length + ("x" + sum).Length;
                    }
                }
            }
            """;
        Assert.Empty(PortabilityChecker.Check(new Dictionary<string, string> { ["Good.cs"] = snippet }));
    }
}
