namespace EdgeDigits.Tooling.Emit;

/// <summary>One generated file.</summary>
/// <param name="FileName">Path relative to the output directory, '/'-separated, e.g. "LeNet5Model.g.cs" or
/// "EdgeDigits.Model.Part1/LeNet5ModelPart1.g.cs".</param>
/// <param name="Text">Content; '\n' line endings, no BOM when written.</param>
/// <param name="ArrayDataBytes">Bytes of array-initializer data the file puts into its assembly (sbyte/byte: 1 per element, int: 4).</param>
/// <param name="Assembly">The assembly the file is compiled into: "EdgeDigits.Model", or a split model's part
/// ("EdgeDigits.Model.Part1", …); null for a file that is not compiled (a project file).</param>
public sealed record GeneratedSource(string FileName, string Text, int ArrayDataBytes, string? Assembly = ModelSourceWriter.MainAssembly);
