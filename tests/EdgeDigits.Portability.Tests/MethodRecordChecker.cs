using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeDigits.Portability.Tests;

/// <summary>
/// Checks compiled methods against the byte-sized counts of nanoFramework's method record: nf-interpreter's
/// <c>CLR_RECORD_METHODDEF</c> (src/CLR/Include/nanoCLR_Types.h) stores <c>argumentsCount</c>, <c>localsCount</c> and
/// <c>lengthEvalStack</c> as <c>CLR_UINT8</c>, so a method with more than 255 locals, arguments or evaluation-stack
/// slots cannot be converted to a .pe. Roslyn's Debug build (what a nanoFramework project builds by default) keeps a
/// slot per declared variable and a temporary per condition, so both optimization levels are checked.
/// </summary>
public static class MethodRecordChecker
{
    /// <summary>The largest value a <c>CLR_UINT8</c> count holds.</summary>
    public const int MaxCount = 255;

    /// <summary>
    /// Emits <paramref name="compilation"/> at <paramref name="level"/> and returns one line per method that exceeds
    /// <see cref="MaxCount"/>: <c>Type.Method (Debug): 300 locals, nanoFramework's method record holds at most 255</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The compilation does not emit.</exception>
    public static List<string> Violations(CSharpCompilation compilation, OptimizationLevel level)
    {
        using var pe = new MemoryStream();
        var result = compilation.WithOptions(compilation.Options.WithOptimizationLevel(level)).Emit(pe);
        if (!result.Success)
        {
            throw new InvalidOperationException("does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        pe.Position = 0;
        using var reader = new PEReader(pe);
        MetadataReader metadata = reader.GetMetadataReader();
        var violations = new List<string>();
        foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
        {
            MethodDefinition method = metadata.GetMethodDefinition(handle);
            string name = metadata.GetString(metadata.GetTypeDefinition(method.GetDeclaringType()).Name) + "." + metadata.GetString(method.Name);
            int arguments = method.GetParameters().Count + ((method.Attributes & System.Reflection.MethodAttributes.Static) == 0 ? 1 : 0);
            Report(violations, name, level, arguments, "arguments");
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            MethodBodyBlock body = reader.GetMethodBody(method.RelativeVirtualAddress);
            Report(violations, name, level, body.MaxStack, "evaluation-stack slots");
            if (!body.LocalSignature.IsNil)
            {
                BlobReader blob = metadata.GetBlobReader(metadata.GetStandaloneSignature(body.LocalSignature).Signature);
                blob.ReadSignatureHeader();
                Report(violations, name, level, blob.ReadCompressedInteger(), "locals");
            }
        }

        return violations;
    }

    private static void Report(List<string> violations, string method, OptimizationLevel level, int count, string what)
    {
        if (count > MaxCount)
        {
            violations.Add(method + " (" + level + "): " + count + " " + what + ", nanoFramework's method record holds at most " + MaxCount);
        }
    }
}
