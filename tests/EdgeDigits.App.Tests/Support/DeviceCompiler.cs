using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeDigits.App.Tests.Support;

/// <summary>
/// Compiles a firmware <c>.nfproj</c> the way the nanoFramework build would see it — its explicit Compile items,
/// imported <c>.projitems</c> and referenced <c>.nfproj</c> projects, C# 9, NANOFRAMEWORK_1_0 defined — with
/// Roslyn against .NET's base library plus the nanoFramework stand-in surface in tests/EdgeDigits.App.Tests/DeviceStandIn.
/// </summary>
public static class DeviceCompiler
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static string StandInDirectory => Path.Combine(RepoRoot, "tests", "EdgeDigits.App.Tests", "DeviceStandIn");

    /// <summary>Every source file the project compiles, following Import and ProjectReference, deduplicated.</summary>
    public static List<string> SourcesOf(string nfprojPath)
    {
        var sources = new List<string>();
        Collect(Path.GetFullPath(nfprojPath), sources, new HashSet<string>());
        return sources;
    }

    public static CSharpCompilation Compile(string nfprojPath, string mainTypeName, Func<string, string, string>? edit = null)
    {
        var files = SourcesOf(nfprojPath);
        var parse = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(edit == null ? File.ReadAllText(f) : edit(f, File.ReadAllText(f)), parse, f)).ToList();
        bool generatedModel = trees.Any(t => t.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Any(c => c.Identifier.Text == "LeNet5Model"));
        foreach (var standIn in Directory.GetFiles(StandInDirectory, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            if (generatedModel && Path.GetFileName(standIn) == "EdgeDigits.Model.Contract.cs")
            {
                continue;
            }

            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(standIn), parse, standIn));
        }

        return CSharpCompilation.Create("EdgeDigits", trees, References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, mainTypeName: mainTypeName, nullableContextOptions: NullableContextOptions.Disable));
    }

    /// <summary>Errors as "path(line,col): CSxxxx message", paths relative to the repository.</summary>
    public static List<string> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList();

    /// <summary>Errors in one file only (binds just that file: cheap, for tests that edit one file).</summary>
    public static List<string> Errors(Compilation compilation, string fileSuffix) =>
        compilation.GetSemanticModel(Tree(compilation, fileSuffix)).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList();

    private static SyntaxTree Tree(Compilation compilation, string fileSuffix) =>
        compilation.SyntaxTrees.Single(t => t.FilePath.Replace('\\', '/').EndsWith(fileSuffix, StringComparison.Ordinal));

    /// <summary>
    /// Uses of APIs that .NET has but nanoFramework 1.x does not (generic types, System.Math, LINQ, tasks) in the device
    /// and app sources — the .NET references would otherwise let them through (Runtime and Ink have their own checks).
    /// </summary>
    public static List<string> NonNanoFrameworkApiUses(Compilation compilation, string? fileSuffix = null)
    {
        var problems = new List<string>();
        var trees = fileSuffix == null
            ? compilation.SyntaxTrees.Where(t => t.FilePath.StartsWith(Path.Combine(RepoRoot, "firmware", "EdgeDigits.Device"), StringComparison.Ordinal)
                || t.FilePath.StartsWith(Path.Combine(RepoRoot, "firmware", "EdgeDigits.App"), StringComparison.Ordinal))
            : new[] { Tree(compilation, fileSuffix) };
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(node).Symbol;
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                string? ns = (symbol as INamedTypeSymbol)?.ContainingNamespace?.ToDisplayString() ?? symbol?.ContainingNamespace?.ToDisplayString();
                string? why = null;
                if (type != null && type.IsGenericType)
                {
                    why = "generic type " + type.ToDisplayString();
                }
                else if (symbol is IMethodSymbol { IsGenericMethod: true } method)
                {
                    why = "generic method " + method.ToDisplayString();
                }
                else if (type != null && type.ToDisplayString() == "System.Math")
                {
                    why = "System.Math (separate package on nanoFramework)";
                }
                else if (ns is "System.Linq" or "System.Threading.Tasks" or "System.Collections.Generic")
                {
                    why = ns;
                }

                if (why != null)
                {
                    problems.Add(Location(node.GetLocation()) + ": uses " + why);
                }
            }
        }

        return problems;
    }

    public static string Describe(Diagnostic d) => Location(d.Location) + ": " + d.Id + " " + d.GetMessage();

    private static string Location(Location location)
    {
        var span = location.GetLineSpan();
        string path = span.Path.StartsWith(RepoRoot, StringComparison.Ordinal) ? Path.GetRelativePath(RepoRoot, span.Path) : span.Path;
        return path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + ")";
    }

    private static readonly Lazy<MetadataReference[]> BaseReferences = new(() =>
    {
        // The part of .NET's base library whose types nanoFramework's mscorlib also has (core types, Console,
        // threading). System.Drawing is left out on purpose: its Color would shadow nanoFramework's System.Drawing.Color.
        string[] names = { "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Console.dll", "System.Threading.dll", "System.Threading.Thread.dll", "System.Collections.dll", "System.Linq.dll" };
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return tpa.Split(Path.PathSeparator).Where(p => names.Contains(Path.GetFileName(p))).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    private static IEnumerable<MetadataReference> References() => BaseReferences.Value;

    private static void Collect(string projectFile, List<string> sources, HashSet<string> visited)
    {
        if (!visited.Add(projectFile))
        {
            return;
        }

        string directory = Path.GetDirectoryName(projectFile)!;
        var document = XDocument.Load(projectFile);
        foreach (var element in document.Descendants())
        {
            string? include = element.Attribute("Include")?.Value ?? element.Attribute("Project")?.Value;
            if (include == null || include.Contains("$(NanoFrameworkProjectSystemPath)", StringComparison.Ordinal))
            {
                continue;
            }

            string path = Path.GetFullPath(Path.Combine(directory, include.Replace("$(MSBuildThisFileDirectory)", "", StringComparison.Ordinal).Replace('\\', Path.DirectorySeparatorChar)));
            switch (element.Name.LocalName)
            {
                case "Compile":
                    if (!File.Exists(path))
                    {
                        throw new FileNotFoundException(Path.GetRelativePath(RepoRoot, projectFile) + " lists a Compile item that does not exist: " + include, path);
                    }

                    if (!sources.Contains(path))
                    {
                        sources.Add(path);
                    }

                    break;
                case "Import":
                case "ProjectReference":
                    Collect(path, sources, visited);
                    break;
            }
        }
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "EdgeDigits.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EdgeDigits.sln not found above " + AppContext.BaseDirectory);
    }
}
