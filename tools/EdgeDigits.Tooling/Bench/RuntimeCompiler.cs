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
        var sources = ListedSources(projitems).ToDictionary(path => path, path => Read(assembly, Prefix + path));
        return Compile("EdgeDigits.Runtime", sources);
    }

    /// <summary>The paths a .projitems lists, relative to its folder, with '/' separators.</summary>
    /// <param name="projitems">The .projitems XML text.</param>
    /// <returns>Relative paths.</returns>
    public static List<string> ListedSources(string projitems) =>
        CompileItem().Matches(projitems).Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();

    /// <summary>Compiles C# 9 sources in Release against the running framework plus <paramref name="references"/>.</summary>
    /// <param name="assemblyName">Name of the produced assembly.</param>
    /// <param name="sources">Path → source text.</param>
    /// <param name="references">Paths of further referenced assemblies.</param>
    /// <returns>PE bytes.</returns>
    /// <exception cref="InvalidOperationException">The compilation fails; the message lists the errors with file and line.</exception>
    public static byte[] Compile(string assemblyName, IReadOnlyDictionary<string, string> sources, params string[] references)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, new CSharpParseOptions(LanguageVersion.CSharp9), s.Key));
        var metadata = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(references)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(assemblyName, trees, metadata,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException(assemblyName + " does not compile: " + string.Join("; ",
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
