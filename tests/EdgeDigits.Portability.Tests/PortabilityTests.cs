using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeDigits.Portability.Tests;

/// <summary>
/// Every portable project (firmware/*/*.projitems) compiles, as C# 9, against the real mscorlib.dll of
/// nanoFramework.CoreLibrary 1.17.11 and passes the project's portability rules; every .cs file under those
/// folders is listed in its projitems.
/// </summary>
public class PortabilityTests
{
    private static readonly string[] Projects = { "EdgeDigits.Runtime", "EdgeDigits.Model", "EdgeDigits.Ink", "EdgeDigits.App" };

    private static string ProjItems(string project) =>
        Path.Combine(PortabilityChecker.RepositoryRoot(), "firmware", project, project + ".projitems");

    private static Dictionary<string, string> PortableSources()
    {
        var sources = new Dictionary<string, string>();
        string root = PortabilityChecker.RepositoryRoot();
        foreach (string project in Projects)
        {
            foreach (string file in PortabilityChecker.ListedSources(ProjItems(project)))
            {
                Assert.True(File.Exists(file), project + ".projitems lists a missing file: " + file);
                sources[Path.GetRelativePath(root, file).Replace('\\', '/')] = File.ReadAllText(file);
            }
        }

        return sources;
    }

    [Fact]
    public void PortableProjectsCompileAgainstTheRealCoreLibrary()
    {
        var sources = PortableSources();

        Assert.Contains("firmware/EdgeDigits.Runtime/Int8Engine.cs", sources.Keys);
        Assert.Contains("firmware/EdgeDigits.Model/LeNet5Model.g.cs", sources.Keys);
        Assert.Contains("firmware/EdgeDigits.Ink/InkRecognizer.cs", sources.Keys);
        Assert.Contains("firmware/EdgeDigits.App/DigitApp.cs", sources.Keys);
        var violations = PortabilityChecker.Check(sources);
        Assert.True(violations.Count == 0, "nanoFramework violations in " + sources.Count + " portable sources:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData(OptimizationLevel.Debug)]
    [InlineData(OptimizationLevel.Release)]
    public void EveryPortableMethodFitsNanoFrameworksMethodRecord(OptimizationLevel level)
    {
        // The unrolled kernels hold many accumulators in locals; the device's method record counts them in a byte.
        var violations = MethodRecordChecker.Violations(PortabilityChecker.Compile(PortableSources()), level);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void AMethodWithTooManyLocalsIsReportedByName()
    {
        // 300 live locals: over the byte-sized localsCount in both builds (Debug adds a slot for the return value).
        var body = string.Join("\n", Enumerable.Range(0, 300).Select(i => "int v" + i + " = a + " + i + ";"));
        var sum = string.Join(" + ", Enumerable.Range(0, 300).Select(i => "v" + i));
        var source = "public static class Big { public static int Sum(int a) {\n" + body + "\nreturn " + sum + "; } }";
        var compilation = PortabilityChecker.Compile(new Dictionary<string, string> { ["Big.cs"] = source });
        Assert.Equal(new[] { "Big.Sum (Debug): 301 locals, nanoFramework's method record holds at most 255" },
            MethodRecordChecker.Violations(compilation, OptimizationLevel.Debug));
        Assert.Single(MethodRecordChecker.Violations(compilation, OptimizationLevel.Release));
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
    public void TheReferenceIsThePinnedCoreLibraryFromNuGet()
    {
        string path = PortabilityChecker.CoreLibraryPath();
        var normalized = path.Replace('\\', '/').ToLowerInvariant();
        Assert.EndsWith("/nanoframework.corelibrary/" + PortabilityChecker.CoreLibraryVersion + "/lib/mscorlib.dll", normalized);

        // Every .nfproj and packages.config in the repository pins the same CoreLibrary.
        string root = PortabilityChecker.RepositoryRoot();
        var pins = Directory.EnumerateFiles(Path.Combine(root, "firmware"), "packages.config", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "tests"), "packages.config", SearchOption.AllDirectories))
            .Where(f => File.ReadAllText(f).Contains("\"nanoFramework.CoreLibrary\"", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(pins);
        Assert.All(pins, f => Assert.Contains("id=\"nanoFramework.CoreLibrary\" version=\"" + PortabilityChecker.CoreLibraryVersion + "\"", File.ReadAllText(f)));

        var compilation = CSharpCompilation.Create("probe", references: new[] { PortabilityChecker.CoreLibrary() });
        var corlib = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        Assert.Equal("mscorlib", corlib.Name);
        Assert.Equal(new Version(1, 17, 11, 0), corlib.Identity.Version);
    }

    /// <summary>
    /// Why the hand-written stand-in was retired, and why the rules are still needed: what the real metadata has and lacks.
    /// </summary>
    [Fact]
    public void TheRealMetadataIsWhatTheRulesAssume()
    {
        var compilation = CSharpCompilation.Create("probe", references: new[] { PortabilityChecker.CoreLibrary() });
        INamedTypeSymbol Type(string name) => compilation.GetTypeByMetadataName(name) ?? throw new Xunit.Sdk.XunitException(name + " is missing from the real mscorlib");

        // Absent: these fail as compile errors without any rule.
        Assert.Null(compilation.GetTypeByMetadataName("System.Math"));
        Assert.Null(compilation.GetTypeByMetadataName("System.Collections.Generic.List`1"));
        Assert.Null(compilation.GetTypeByMetadataName("System.Nullable`1"));
        Assert.Null(compilation.GetTypeByMetadataName("System.Span`1"));
        Assert.Null(compilation.GetTypeByMetadataName("System.Threading.Tasks.Task"));

        // Present in the metadata although the project forbids them: only the rules stop them.
        Assert.NotNull(Type("System.Func`1"));
        Assert.NotNull(Type("System.Action`1"));
        Assert.NotNull(Type("System.EventHandler`1"));
        Assert.NotNull(Type("System.SpanByte"));

        // Where the retired stand-in was wrong.
        var targets = Type("System.AttributeTargets");
        Assert.Empty(targets.GetMembers("GenericParameter"));
        Assert.Equal(16383, ((IFieldSymbol)targets.GetMembers("All").Single()).ConstantValue);
        Assert.Equal("System.SystemException", Type("System.ObjectDisposedException").BaseType!.ToDisplayString());
        Assert.False(Type("System.IndexOutOfRangeException").IsSealed);
        Assert.Empty(Type("System.Type").GetMembers("Name"));
        Assert.Equal("System.Reflection.MemberInfo", Type("System.Type").BaseType!.ToDisplayString());
    }

    /// <summary>
    /// One snippet per rule; the line marked <c>/*!*/</c> holds the violation. <c>path</c> matters for the
    /// runtime-only floating-point rule.
    /// </summary>
    public static readonly TheoryData<string, string, string> RuleCases = new()
    {
        { PortabilityChecker.GenericDeclaration, "Bad.cs", "public static class C {\n/*!*/ public static T Echo<T>(T v) { return v; }\n}" },
        { PortabilityChecker.GenericDeclaration, "Bad.cs", "/*!*/ public sealed class Box<T> { }" },
        { PortabilityChecker.GenericUse, "Bad.cs", "public static class C {\n public static int Run() {\n/*!*/ System.Func<int> f = () => 1;\n return f(); }\n}" },
        { PortabilityChecker.GenericUse, "Bad.cs", "public static class C {\n public static void Run() {\n/*!*/ System.Action<int> a = x => { };\n a(1); }\n}" },
        { PortabilityChecker.GenericUse, "Bad.cs", "public class Args : System.EventArgs { }\npublic class C {\n/*!*/ public event System.EventHandler<Args> Changed;\n public void Raise() { Changed(this, new Args()); }\n}" },
        { PortabilityChecker.GenericUse, "Bad.cs", "public static class C {\n/*!*/ public static int? Maybe() { return null; }\n}" },
        { PortabilityChecker.MathRule, "Bad.cs", "public static class C {\n/*!*/ public static int Run() { return System.Math.Max(1, 2); }\n}" },
        { PortabilityChecker.MathRule, "Bad.cs", "using System;\npublic static class C {\n/*!*/ public static int Run() { return Math.Abs(-1); }\n}" },
        { PortabilityChecker.SpanRule, "Bad.cs", "public static class C {\n/*!*/ public static void Run(System.SpanByte bytes) { }\n}" },
        { PortabilityChecker.SpanRule, "Bad.cs", "public static class C {\n/*!*/ public static void Run(System.Span<byte> bytes) { }\n}" },
        { PortabilityChecker.LinqRule, "Bad.cs", "/*!*/ using System.Linq;\npublic static class C { }" },
        { PortabilityChecker.LinqRule, "Bad.cs", "public static class C {\n public static object Run(int[] a) {\n/*!*/ return from x in a select x;\n }\n}" },
        { PortabilityChecker.MultiDimensionalRule, "Bad.cs", "public static class C {\n/*!*/ public static int[,] Grid() { return null; }\n}" },
        { PortabilityChecker.AsyncRule, "Bad.cs", "public static class C {\n/*!*/ public static async void Later() { }\n}" },
        { PortabilityChecker.AwaitRule, "Bad.cs", "public static class C {\n public static async void Later(object t) {\n/*!*/ await t;\n }\n}" },
        { PortabilityChecker.StackallocRule, "Bad.cs", "public static class C {\n public static unsafe void Run() {\n/*!*/ int* p = stackalloc int[4];\n }\n}" },
        { PortabilityChecker.UnsafeRule, "Bad.cs", "public static class C {\n/*!*/ public static unsafe void Run() { }\n}" },
        { PortabilityChecker.TupleRule, "Bad.cs", "public static class C {\n/*!*/ public static (int, int) Pair() { return (1, 2); }\n}" },
        { PortabilityChecker.RecordRule, "Bad.cs", "/*!*/ public record Point(int X, int Y);" },
        { PortabilityChecker.DynamicRule, "Bad.cs", "public static class C {\n/*!*/ public static void Run(dynamic d) { }\n}" },
        { PortabilityChecker.FloatRule, "firmware/EdgeDigits.Runtime/Kernels/Bad.cs", "public static class C {\n public static int Scale(int v) {\n/*!*/ return (int)(v * 0.5f);\n }\n}" },
        { PortabilityChecker.FloatRule, "firmware/EdgeDigits.Runtime/Bad.cs", "public static class C {\n/*!*/ public static double Half;\n}" },
    };

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void EachRuleReportsItsViolationWithFileAndLine(string rule, string path, string snippet)
    {
        int line = Array.FindIndex(snippet.Split('\n'), l => l.Contains("/*!*/", StringComparison.Ordinal)) + 1;
        Assert.True(line > 0, "the snippet marks no line");

        var violations = PortabilityChecker.Check(new Dictionary<string, string> { [path] = snippet });

        string expected = path + "(" + line + "): " + (rule == PortabilityChecker.FloatRule ? "" : PortabilityChecker.DevicePrefix) + rule;
        Assert.True(violations.Any(v => v.StartsWith(expected, StringComparison.Ordinal)),
            "expected a violation starting with\n  " + expected + "\ngot:\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void EveryRuleHasANegativeTest()
    {
        var tested = RuleCases.Select(row => (string)row[0]).ToHashSet();
        var untested = PortabilityChecker.Rules.Where(r => !tested.Contains(r)).ToList();
        Assert.True(untested.Count == 0, "rules without a negative test: " + string.Join("; ", untested));
    }

    [Fact]
    public void WhatTheRealCoreLibraryLacksIsACompileErrorWithFileAndLine()
    {
        const string snippet = """
            using System.Collections.Generic;
            namespace Sample
            {
                public static class Bad
                {
                    public static object Run()
                    {
                        var text = new System.Text.StringBuilder();
                        decimal price = 1m;
                        return text;
                    }
                }
            }
            """;
        var violations = PortabilityChecker.Check(new Dictionary<string, string> { ["Bad.cs"] = snippet });
        Assert.Contains(violations, v => v.StartsWith("Bad.cs(1): CS0234", StringComparison.Ordinal));   // System.Collections.Generic
        Assert.Contains(violations, v => v.StartsWith("Bad.cs(8): CS0234", StringComparison.Ordinal));   // System.Text.StringBuilder
        Assert.Contains(violations, v => v.StartsWith("Bad.cs(9): CS0518", StringComparison.Ordinal));   // System.Decimal
    }

    [Fact]
    public void CleanPortableCodePasses()
    {
        const string snippet = """
            using System;
            using System.Threading;
            namespace Sample
            {
                public sealed class Good
                {
                    private static readonly sbyte[] Table = { 1, -2, 3 };
                    private readonly object _gate = new object();
                    private readonly AutoResetEvent _wake = new AutoResetEvent(false);
                    public event EventHandler Changed;
                    public int Sum(int[] values)
                    {
                        if (values == null) { throw new ArgumentNullException("values"); }
                        int sum = 0;
                        lock (_gate)
                        {
                            foreach (int v in values) { sum += v; }
                        }
                        Array.Clear(values, 0, values.Length);
                        long ms = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
                        _wake.Set();
                        if (Changed != null) { Changed(this, EventArgs.Empty); }
                        return sum + Table.Length + ("x" + sum + $"{ms}").Length;
                    }
                }
            }
            """;
        Assert.Empty(PortabilityChecker.Check(new Dictionary<string, string> { ["Good.cs"] = snippet }));
    }

    [Fact]
    public void FloatingPointIsAllowedOutsideTheRuntime()
    {
        const string snippet = "public static class C { public static float Ratio(int a, int b) { return (float)a / b; } }";
        Assert.Empty(PortabilityChecker.Check(new Dictionary<string, string> { ["firmware/EdgeDigits.App/Ratio.cs"] = snippet }));
        Assert.NotEmpty(PortabilityChecker.Check(new Dictionary<string, string> { ["firmware/EdgeDigits.Runtime/Ratio.cs"] = snippet }));
    }
}
