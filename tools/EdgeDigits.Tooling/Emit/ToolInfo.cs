namespace EdgeDigits.Tooling.Emit;

/// <summary>Identity of the generator, written into generated files.</summary>
public static class ToolInfo
{
    /// <summary>
    /// Version of the quantizer's output format. Bump it when the generated code or the quantization changes, so
    /// files can be traced to the tool that wrote them. A constant (not the assembly's informational version, which
    /// carries a commit id) keeps the output byte-identical across commits.
    /// </summary>
    public const string Version = "1.0.0";

    /// <summary>Name of the generator.</summary>
    public const string Name = "edgedigits quantize";
}
