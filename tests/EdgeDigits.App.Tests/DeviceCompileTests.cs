using EdgeDigits.App.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeDigits.App.Tests;

/// <summary>
/// The stand-in compile: nanoFramework packages cannot be restored in CI, so the firmware projects are compiled
/// with Roslyn against a stand-in of the nanoFramework APIs they call (tests/EdgeDigits.App.Tests/DeviceStandIn).
/// A typo or a type error in device code fails here, with file and line.
/// </summary>
public class DeviceCompileTests
{
    public static readonly TheoryData<string, string> Projects = new()
    {
        { "firmware/EdgeDigits.Device/M5Core2/EdgeDigits.Device.M5Core2.nfproj", "EdgeDigits.Device.M5Core2Program" },
        { "firmware/EdgeDigits.Device/Cyd2432S028R/EdgeDigits.Device.Cyd2432S028R.nfproj", "EdgeDigits.Device.Cyd2432S028RProgram" },
    };

    [Theory]
    [MemberData(nameof(Projects))]
    public void TheFirmwareProjectCompilesAgainstTheNanoFrameworkStandIn(string project, string mainType)
    {
        var compilation = DeviceCompiler.Compile(Path.Combine(DeviceCompiler.RepoRoot, project), mainType);

        var errors = DeviceCompiler.Errors(compilation);
        Assert.True(errors.Count == 0, project + " does not compile:\n" + string.Join("\n", errors));
        var misuses = DeviceCompiler.NonNanoFrameworkApiUses(compilation);
        Assert.True(misuses.Count == 0, project + " uses APIs nanoFramework 1.x lacks:\n" + string.Join("\n", misuses));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void TheProjectCompilesEveryDeviceSourceItNeedsAndThePortableProjects(string project, string mainType)
    {
        _ = mainType;
        var sources = DeviceCompiler.SourcesOf(Path.Combine(DeviceCompiler.RepoRoot, project)).Select(p => Path.GetRelativePath(DeviceCompiler.RepoRoot, p).Replace('\\', '/')).ToList();

        Assert.Contains("firmware/EdgeDigits.Device/DeviceHost.cs", sources);
        Assert.Contains("firmware/EdgeDigits.App/DigitApp.cs", sources);
        Assert.Contains("firmware/EdgeDigits.Ink/InkRecognizer.cs", sources);
        Assert.Contains("firmware/EdgeDigits.Runtime/Int8Engine.cs", sources);
    }

    [Fact]
    public void EveryDeviceSourceFileIsCompiledByAtLeastOneFirmwareProject()
    {
        var compiled = Projects.SelectMany(row => DeviceCompiler.SourcesOf(Path.Combine(DeviceCompiler.RepoRoot, (string)row[0]))).ToHashSet();
        var deviceSources = Directory.GetFiles(Path.Combine(DeviceCompiler.RepoRoot, "firmware", "EdgeDigits.Device"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar));

        Assert.Empty(deviceSources.Where(f => !compiled.Contains(f)).Select(f => Path.GetRelativePath(DeviceCompiler.RepoRoot, f)));
    }

    [Fact]
    public void ATypoInADeviceApiCallIsCaughtWithFileAndLine()
    {
        string project = Path.Combine(DeviceCompiler.RepoRoot, (string)Projects.First()[0]);
        int line = 0;
        var compilation = DeviceCompiler.Compile(project, "EdgeDigits.Device.M5Core2Program", (path, text) =>
        {
            if (!path.EndsWith("M5Core2Board.cs", StringComparison.Ordinal))
            {
                return text;
            }

            var lines = text.Split('\n');
            line = Array.FindIndex(lines, l => l.Contains("M5Core2.InitializeScreen()", StringComparison.Ordinal)) + 1;
            return text.Replace("M5Core2.InitializeScreen()", "M5Core2.InitialiseScreen()", StringComparison.Ordinal);
        });

        var error = Assert.Single(DeviceCompiler.Errors(compilation, "Boards/M5Core2Board.cs"));
        Assert.StartsWith("firmware/EdgeDigits.Device/Boards/M5Core2Board.cs(" + line + ",", error.Replace('\\', '/'));
        Assert.Contains("CS0117", error);
        Assert.Contains("InitialiseScreen", error);
    }

    [Fact]
    public void AWrongArgumentTypeInADeviceApiCallIsCaught()
    {
        string project = Path.Combine(DeviceCompiler.RepoRoot, (string)Projects.Last()[0]);
        var compilation = DeviceCompiler.Compile(project, "EdgeDigits.Device.Cyd2432S028RProgram", (path, text) =>
            path.EndsWith("DirectScreen.cs", StringComparison.Ordinal) ? text.Replace("(ushort)bandHeight, _band)", "(ushort)bandHeight, _bandColor)", StringComparison.Ordinal) : text);

        Assert.Contains(DeviceCompiler.Errors(compilation, "Display/DirectScreen.cs"), e => e.Replace('\\', '/').StartsWith("firmware/EdgeDigits.Device/Display/DirectScreen.cs(", StringComparison.Ordinal));
    }

    /// <summary>The file-system stand-in shadows .NET's System.IO: a .NET-only call in the teach file store is an error.</summary>
    [Fact]
    public void AFileCallNanoFrameworksFileSystemLacksIsCaught()
    {
        string project = Path.Combine(DeviceCompiler.RepoRoot, (string)Projects.First()[0]);
        var compilation = DeviceCompiler.Compile(project, "EdgeDigits.Device.M5Core2Program", (path, text) =>
            path.EndsWith("FileTeachStore.cs", StringComparison.Ordinal)
                ? text.Replace("if (File.Exists(path))", "if (File.Exists(path) && File.ReadAllText(path).Length > 0)", StringComparison.Ordinal)
                : text);

        var error = Assert.Single(DeviceCompiler.Errors(compilation, "Storage/FileTeachStore.cs"));
        Assert.StartsWith("firmware/EdgeDigits.Device/Storage/FileTeachStore.cs(", error.Replace('\\', '/'));
        Assert.Contains("CS0117", error);
        Assert.Contains("ReadAllText", error);
    }

    [Fact]
    public void UsingAGenericCollectionInDeviceCodeIsReported()
    {
        string project = Path.Combine(DeviceCompiler.RepoRoot, (string)Projects.First()[0]);
        var compilation = DeviceCompiler.Compile(project, "EdgeDigits.Device.M5Core2Program", (path, text) =>
            path.EndsWith("SerialLog.cs", StringComparison.Ordinal)
                ? text.Replace("Console.WriteLine(line);", "var lines = new System.Collections.Generic.List<string>(); lines.Add(line); Console.WriteLine(lines[0]);", StringComparison.Ordinal)
                : text);

        Assert.Empty(DeviceCompiler.Errors(compilation, "EdgeDigits.Device/SerialLog.cs"));
        Assert.Contains(DeviceCompiler.NonNanoFrameworkApiUses(compilation, "EdgeDigits.Device/SerialLog.cs"), m => m.Contains("SerialLog.cs", StringComparison.Ordinal) && m.Contains("List<string>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EdgeDigits.Device.Boards.M5Core2Board", "Fast")]
    [InlineData("EdgeDigits.Device.Boards.Cyd2432S028RBoard", "Lean")]
    public void EachBoardBuildsTheEngineConfigurationItsHeapAllows(string boardType, string memory)
    {
        // The CYD has no PSRAM (~100 KB heap): the fast engine's ~114 KB of prepared data cannot fit there.
        string project = Path.Combine(DeviceCompiler.RepoRoot, (string)(boardType.EndsWith("M5Core2Board", StringComparison.Ordinal) ? Projects.First() : Projects.Last())[0]);
        var compilation = DeviceCompiler.Compile(project, boardType.EndsWith("M5Core2Board", StringComparison.Ordinal) ? "EdgeDigits.Device.M5Core2Program" : "EdgeDigits.Device.Cyd2432S028RProgram");
        var property = compilation.GetTypeByMetadataName(boardType)!.GetMembers("EngineMemory").Single();
        var syntax = property.DeclaringSyntaxReferences.Single().GetSyntax();
        var model = compilation.GetSemanticModel(syntax.SyntaxTree);
        var returned = syntax.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ReturnStatementSyntax>().Single().Expression!;
        Assert.Equal("EdgeDigits.Runtime.EngineMemory." + memory, model.GetSymbolInfo(returned).Symbol!.ToDisplayString());
    }
}
