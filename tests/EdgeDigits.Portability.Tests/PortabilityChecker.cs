using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeDigits.Portability.Tests;

/// <summary>
/// Compiles C# sources as C# 9 against the nanoFramework reference surface (Surface/*.cs, compiled as the only
/// "mscorlib") and adds syntax checks for features the surface alone would not reject. Each violation is
/// reported as <c>file(line): message</c>.
/// </summary>
public static partial class PortabilityChecker
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp9, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });

    [GeneratedRegex("<Compile Include=\"\\$\\(MSBuildThisFileDirectory\\)([^\"]+)\"")]
    private static partial Regex CompileItem();

    /// <summary>The repository root (the folder holding EdgeDigits.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeDigits.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeDigits.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Source files listed by a .projitems file, as full paths.</summary>
    public static List<string> ListedSources(string projitems) =>
        CompileItem().Matches(File.ReadAllText(projitems))
            .Select(m => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projitems)!, m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();

    /// <summary>The reference surface compiled as "mscorlib".</summary>
    public static MetadataReference Surface()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Surface");
        var trees = Directory.GetFiles(folder, "*.cs").Order().Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Parse, f));
        var surface = CSharpCompilation.Create("mscorlib", trees, Array.Empty<MetadataReference>(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var errors = surface.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the surface does not compile: " + string.Join("; ", errors));
        }

        return surface.ToMetadataReference();
    }

    /// <summary>Every violation in <paramref name="sources"/> (path → text), compiled together as one assembly.</summary>
    public static List<string> Check(IReadOnlyDictionary<string, string> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, Parse, s.Key)).ToList();
        var compilation = CSharpCompilation.Create("EdgeDigits.Portable", trees, new[] { Surface() },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var violations = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => Where(d.Location) + ": " + d.Id + " " + d.GetMessage())
            .ToList();
        foreach (var tree in trees)
        {
            violations.AddRange(SyntaxViolations(tree));
        }

        return violations.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static string Where(Location location)
    {
        var span = location.GetLineSpan();
        return span.Path + "(" + (span.StartLinePosition.Line + 1) + ")";
    }

    private static IEnumerable<string> SyntaxViolations(SyntaxTree tree)
    {
        foreach (var node in tree.GetRoot().DescendantNodesAndSelf())
        {
            string? problem = node switch
            {
                ArrayRankSpecifierSyntax rank when rank.Rank > 1 => "multi-dimensional array (use a flat array and index math)",
                StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax => "stackalloc",
                UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax => "unsafe code",
                AwaitExpressionSyntax => "await",
                TypeParameterListSyntax => "generic type or method declaration",
                QueryExpressionSyntax => "LINQ query syntax",
                TupleTypeSyntax or TupleExpressionSyntax => "tuple",
                RecordDeclarationSyntax => "record",
                IdentifierNameSyntax { Identifier.ValueText: "dynamic" } id when id.Parent is not MemberAccessExpressionSyntax => "dynamic",
                _ => null,
            };
            if (problem == null && node is MemberDeclarationSyntax member)
            {
                var modifiers = member.Modifiers;
                if (modifiers.Any(SyntaxKind.UnsafeKeyword))
                {
                    problem = "unsafe code";
                }
                else if (modifiers.Any(SyntaxKind.AsyncKeyword))
                {
                    problem = "async";
                }
            }
            else if (problem == null && node is AnonymousFunctionExpressionSyntax lambda && lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
            {
                problem = "async";
            }
            else if (problem == null && node is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                problem = "async";
            }

            if (problem != null)
            {
                yield return Where(node.GetLocation()) + ": not available on nanoFramework 1.x: " + problem;
            }
        }
    }
}
