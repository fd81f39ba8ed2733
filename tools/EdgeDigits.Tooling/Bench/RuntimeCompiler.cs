using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// Compiles the portable runtime (the files EdgeDigits.Runtime.projitems lists, embedded in this assembly at build
/// time) with Roslyn in Release mode and C# 9, as the nanoFramework project system does: the IL the bench counts is
/// the optimized IL a device build runs, whatever configuration built the tool.
/// </summary>
public static partial class RuntimeCompiler
{
    private const string Prefix = "RuntimeSources/";

    [GeneratedRegex("<Compile Include=\"\\$\\(MSBuildThisFileDirectory\\)([^\"]+)\"")]
    private static partial Regex CompileItem();

    /// <summary>Returns the Release-compiled EdgeDigits.Runtime assembly image.</summary>
    /// <returns>PE bytes.</returns>
    /// <exception cref="InvalidOperationException">A listed source is missing or the compilation fails; the message lists the diagnostics.</exception>
    public static byte[] CompileRelease()
    {
        var assembly = typeof(RuntimeCompiler).Assembly;
        string projitems = Read(assembly, Prefix + "EdgeDigits.Runtime.projitems");
        var trees = CompileItem().Matches(projitems)
            .Select(m => m.Groups[1].Value.Replace('\\', '/'))
            .Select(path => CSharpSyntaxTree.ParseText(Read(assembly, Prefix + path), new CSharpParseOptions(LanguageVersion.CSharp9), path))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("EdgeDigits.Runtime", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("EdgeDigits.Runtime does not compile: " + string.Join("; ",
                result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())));
        }

        return image.ToArray();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("runtime source " + name + " is not embedded in EdgeDigits.Tooling.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
