namespace EdgeDigits.Tooling.Emit;

/// <summary>One generated C# file.</summary>
/// <param name="FileName">File name, e.g. "LeNet5Model.g.cs".</param>
/// <param name="Text">Content; '\n' line endings, no BOM when written.</param>
/// <param name="ArrayDataBytes">Bytes of array-initializer data the file puts into its assembly (sbyte/byte: 1 per element, int: 4).</param>
public sealed record GeneratedSource(string FileName, string Text, int ArrayDataBytes);
