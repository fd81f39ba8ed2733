using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeDigits.Portability.Tests;

/// <summary>
/// Compiles C# sources as C# 9 (the nanoFramework project system's default language version) against the real
/// <c>mscorlib.dll</c> of the nanoFramework.CoreLibrary package restored by this test project, as the only reference,
/// and adds the project's rules that the metadata cannot express (<see cref="Rules"/>). Each compile error and each
/// rule violation is reported as <c>file(line): message</c>.
/// </summary>
/// <remarks>
/// The real metadata is looser than the device in places: it declares <c>Func&lt;&gt;</c>, <c>Action&lt;&gt;</c>,
/// <c>EventHandler&lt;T&gt;</c> and <c>SpanByte</c>, and it has <c>float</c>/<c>double</c>. The rules close those gaps.
/// </remarks>
public static partial class PortabilityChecker
{
    /// <summary>The CoreLibrary version the .nfproj files pin and the test restores.</summary>
    public const string CoreLibraryVersion = "1.17.11";

    /// <summary>Prefix of every violation of a device limit.</summary>
    public const string DevicePrefix = "not available on nanoFramework 1.x: ";

    /// <summary>Rule: no generic type or method declarations.</summary>
    public const string GenericDeclaration = "generic type or method declaration";

    /// <summary>Rule: no use of a generic type or method, including Func&lt;&gt;, Action&lt;&gt;, EventHandler&lt;T&gt;, T?.</summary>
    public const string GenericUse = "generic type or method";

    /// <summary>Rule: no System.Math (a separate package EdgeDigits does not use).</summary>
    public const string MathRule = "System.Math (separate nanoFramework.System.Math package, not used by EdgeDigits)";

    /// <summary>Rule: no Span types (Span&lt;T&gt;, ReadOnlySpan&lt;T&gt;, Memory&lt;T&gt;, nanoFramework's SpanByte).</summary>
    public const string SpanRule = "Span types";

    /// <summary>Rule: no LINQ (query syntax, System.Linq).</summary>
    public const string LinqRule = "LINQ";

    /// <summary>Rule: no multi-dimensional arrays.</summary>
    public const string MultiDimensionalRule = "multi-dimensional array (use a flat array and index math)";

    /// <summary>Rule: no async methods or lambdas.</summary>
    public const string AsyncRule = "async";

    /// <summary>Rule: no await.</summary>
    public const string AwaitRule = "await";

    /// <summary>Rule: no stackalloc.</summary>
    public const string StackallocRule = "stackalloc";

    /// <summary>Rule: no unsafe code, pointers or fixed.</summary>
    public const string UnsafeRule = "unsafe code";

    /// <summary>Rule: no tuples (ValueTuple is generic).</summary>
    public const string TupleRule = "tuple";

    /// <summary>Rule: no records.</summary>
    public const string RecordRule = "record";

    /// <summary>Rule: no dynamic.</summary>
    public const string DynamicRule = "dynamic";

    /// <summary>Rule: no floating point anywhere in firmware/EdgeDigits.Runtime (integer-only inference, bit-exact on the device).</summary>
    public const string FloatRule = "EdgeDigits rule: floating point in firmware/EdgeDigits.Runtime (the int8 inference path is integer-only, bit-exact on the device)";

    /// <summary>Every rule the checker adds to the compile, in report order.</summary>
    public static readonly string[] Rules =
    {
        GenericDeclaration, GenericUse, MathRule, SpanRule, LinqRule, MultiDimensionalRule, AsyncRule, AwaitRule,
        StackallocRule, UnsafeRule, TupleRule, RecordRule, DynamicRule, FloatRule,
    };

    /// <summary>The folder (repository-relative, '/'-separated) where <see cref="FloatRule"/> applies.</summary>
    public const string IntegerOnlyFolder = "firmware/EdgeDigits.Runtime/";

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp9, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });

    private static readonly string[] SpanTypeNames = { "Span", "ReadOnlySpan", "Memory", "ReadOnlyMemory", "SpanByte" };

    private static readonly Lazy<MetadataReference> CoreLibraryReference = new(() => MetadataReference.CreateFromFile(CoreLibraryPath()));

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

    /// <summary>
    /// The restored package's <c>lib/mscorlib.dll</c>. The project file records the package folder
    /// (<c>$(PkgnanoFramework_CoreLibrary)</c>, wherever the NuGet cache is on this machine) in an assembly attribute.
    /// </summary>
    public static string CoreLibraryPath()
    {
        string? folder = typeof(PortabilityChecker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "NanoFrameworkCoreLibraryFolder")?.Value;
        if (string.IsNullOrEmpty(folder))
        {
            throw new InvalidOperationException("the test assembly does not record the nanoFramework.CoreLibrary package folder; restore and build tests/EdgeDigits.Portability.Tests");
        }

        string path = Path.Combine(folder, "lib", "mscorlib.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("nanoFramework.CoreLibrary " + CoreLibraryVersion + " is not in the NuGet cache; run dotnet restore tests/EdgeDigits.Portability.Tests", path);
        }

        return path;
    }

    /// <summary>The real nanoFramework mscorlib as a Roslyn reference.</summary>
    public static MetadataReference CoreLibrary() => CoreLibraryReference.Value;

    /// <summary>Compiles <paramref name="sources"/> (path → text) as one assembly against the real mscorlib alone.</summary>
    public static CSharpCompilation Compile(IReadOnlyDictionary<string, string> sources) =>
        CSharpCompilation.Create("EdgeDigits.Portable", sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, Parse, s.Key)), new[] { CoreLibrary() },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

    /// <summary>Every compile error and rule violation in <paramref name="sources"/> (path → text), compiled together.</summary>
    public static List<string> Check(IReadOnlyDictionary<string, string> sources)
    {
        var compilation = Compile(sources);
        var violations = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => Where(d.Location) + ": " + d.Id + " " + d.GetMessage())
            .ToList();
        foreach (var tree in compilation.SyntaxTrees)
        {
            violations.AddRange(RuleViolations(compilation.GetSemanticModel(tree)));
        }

        return violations.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static string Where(Location location)
    {
        var span = location.GetLineSpan();
        return span.Path + "(" + (span.StartLinePosition.Line + 1) + ")";
    }

    private static IEnumerable<string> RuleViolations(SemanticModel model)
    {
        var tree = model.SyntaxTree;
        bool integerOnly = tree.FilePath.Replace('\\', '/').Contains(IntegerOnlyFolder, StringComparison.Ordinal);
        foreach (var node in tree.GetRoot().DescendantNodesAndSelf())
        {
            string? problem = DeviceProblem(node, model);
            if (problem != null)
            {
                yield return Where(node.GetLocation()) + ": " + DevicePrefix + problem;
            }

            if (integerOnly && IsFloatingPoint(node, model))
            {
                yield return Where(node.GetLocation()) + ": " + FloatRule;
            }
        }
    }

    private static string? DeviceProblem(SyntaxNode node, SemanticModel model)
    {
        switch (node)
        {
            case ArrayRankSpecifierSyntax rank when rank.Rank > 1:
                return MultiDimensionalRule;
            case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                return StackallocRule;
            case UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax:
                return UnsafeRule;
            case AwaitExpressionSyntax:
                return AwaitRule;
            case TypeParameterListSyntax:
                return GenericDeclaration;
            case QueryExpressionSyntax:
                return LinqRule + " query syntax";
            case UsingDirectiveSyntax { Name: { } name } when name.ToString() == "System.Linq":
                return LinqRule + " (using System.Linq)";
            case TupleTypeSyntax or TupleExpressionSyntax:
                return TupleRule;
            case RecordDeclarationSyntax:
                return RecordRule;
            case NullableTypeSyntax nullable:
                return GenericUse + " (" + nullable + " is Nullable<T>)";
            case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                return UnsafeRule;
            case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.AsyncKeyword):
                return AsyncRule;
            case AnonymousFunctionExpressionSyntax lambda when lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword):
                return AsyncRule;
            case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.AsyncKeyword):
                return AsyncRule;
            case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                return UnsafeRule;
            case SimpleNameSyntax name:
                return NameProblem(name, model);
            default:
                return null;
        }
    }

    /// <summary>What a name binds to: generics (Func&lt;&gt;, Action&lt;&gt;, EventHandler&lt;T&gt; exist in the real metadata), Math, Span, LINQ, dynamic.</summary>
    private static string? NameProblem(SimpleNameSyntax name, SemanticModel model)
    {
        if (name is GenericNameSyntax generic)
        {
            return SpanTypeNames.Contains(generic.Identifier.ValueText) ? SpanRule + " (" + generic + ")" : GenericUse + " (" + generic + ")";
        }

        string text = name.Identifier.ValueText;
        if (text == "dynamic" && name.Parent is not MemberAccessExpressionSyntax && name.Parent is not QualifiedNameSyntax)
        {
            return DynamicRule;
        }

        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        if (symbol == null)
        {
            // Unresolved: the compile error says so; name the rule too when the name is one the project bans.
            return text == "Math" ? MathRule : SpanTypeNames.Contains(text) ? SpanRule + " (" + text + ")" : null;
        }

        if (symbol is INamedTypeSymbol type && type.ContainingNamespace?.ToDisplayString() == "System")
        {
            if (type.Name == "Math")
            {
                return MathRule;
            }

            if (SpanTypeNames.Contains(type.Name))
            {
                return SpanRule + " (" + type.Name + ")";
            }
        }

        if (symbol.ContainingNamespace?.ToDisplayString() is "System.Linq" || (symbol is INamespaceSymbol ns && ns.ToDisplayString() == "System.Linq"))
        {
            return LinqRule + " (" + symbol.ToDisplayString() + ")";
        }

        if (symbol is IMethodSymbol { IsGenericMethod: true } method)
        {
            return GenericUse + " (generic method " + method.ToDisplayString() + ")";
        }

        if (symbol is INamedTypeSymbol { IsGenericType: true } named)
        {
            return GenericUse + " (" + named.ToDisplayString() + ")";
        }

        if (symbol is IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol && symbol.ContainingType is { IsGenericType: true } container)
        {
            return GenericUse + " (member of " + container.ToDisplayString() + ")";
        }

        ITypeSymbol? valueType = symbol switch
        {
            IEventSymbol e => e.Type,
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            _ => null,
        };
        return valueType is INamedTypeSymbol { IsGenericType: true } generics ? GenericUse + " (" + generics.ToDisplayString() + ")" : null;
    }

    private static bool IsFloatingPoint(SyntaxNode node, SemanticModel model)
    {
        if (node is PredefinedTypeSyntax predefined)
        {
            return predefined.Keyword.Kind() is SyntaxKind.FloatKeyword or SyntaxKind.DoubleKeyword or SyntaxKind.DecimalKeyword;
        }

        if (node is not ExpressionSyntax expression || node is TypeSyntax)
        {
            return false;
        }

        var typeInfo = model.GetTypeInfo(expression);
        return IsFloatType(typeInfo.Type) || IsFloatType(typeInfo.ConvertedType);
    }

    private static bool IsFloatType(ITypeSymbol? type) =>
        type != null && type.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;
}
