using System.Globalization;
using System.Text;

namespace EdgeDigits.Tooling.Emit;

/// <summary>
/// Writes C# 9 array fields with a fixed layout (invariant culture, a fixed number of values per line, '\n' line
/// endings) and counts the array-initializer bytes they add to the assembly.
/// </summary>
internal sealed class CSharpArrayWriter
{
    private const string Indent = "        ";
    private readonly StringBuilder _text;

    public CSharpArrayWriter(StringBuilder text)
    {
        _text = text;
    }

    /// <summary>Bytes of initializer data written so far.</summary>
    public int DataBytes { get; private set; }

    public void Write(string modifiers, string name, string summary, sbyte[] values) =>
        Write(modifiers, "sbyte", name, summary, values.Select(v => (long)v).ToArray(), 1, 20);

    public void Write(string modifiers, string name, string summary, byte[] values) =>
        Write(modifiers, "byte", name, summary, values.Select(v => (long)v).ToArray(), 1, 20);

    public void Write(string modifiers, string name, string summary, int[] values) =>
        Write(modifiers, "int", name, summary, values.Select(v => (long)v).ToArray(), 4, 8);

    /// <summary>
    /// Writes a static method returning a new array (<c>public static sbyte[] Name() { return new sbyte[] { … }; }</c>): the
    /// form of split model parts, whose pieces become garbage once joined.
    /// </summary>
    public void WriteMethod(string name, string summary, sbyte[] values) =>
        WriteMethod("sbyte", name, summary, values.Select(v => (long)v).ToArray(), 1, 20);

    /// <summary>Writes a static method returning a new int array.</summary>
    public void WriteMethod(string name, string summary, int[] values) =>
        WriteMethod("int", name, summary, values.Select(v => (long)v).ToArray(), 4, 8);

    private void WriteMethod(string type, string name, string summary, long[] values, int elementSize, int perLine)
    {
        _text.Append(Indent).Append("/// <summary>").Append(summary).Append("</summary>\n");
        _text.Append(Indent).Append("/// <returns>A new array of ").Append(values.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" values.</returns>\n");
        _text.Append(Indent).Append("public static ").Append(type).Append("[] ").Append(name).Append("()\n");
        _text.Append(Indent).Append("{\n");
        _text.Append(Indent).Append("    return new ").Append(type).Append("[]\n");
        _text.Append(Indent).Append("    {\n");
        Values(values, perLine, Indent + "        ");
        _text.Append(Indent).Append("    };\n");
        _text.Append(Indent).Append("}\n\n");
        DataBytes += values.Length * elementSize;
    }

    private void Write(string modifiers, string type, string name, string summary, long[] values, int elementSize, int perLine)
    {
        _text.Append(Indent).Append("/// <summary>").Append(summary).Append("</summary>\n");
        _text.Append(Indent).Append(modifiers).Append(' ').Append(type).Append("[] ").Append(name).Append(" = new ").Append(type).Append("[]\n");
        _text.Append(Indent).Append("{\n");
        Values(values, perLine, Indent + "    ");
        _text.Append(Indent).Append("};\n\n");
        DataBytes += values.Length * elementSize;
    }

    private void Values(long[] values, int perLine, string indent)
    {
        for (int start = 0; start < values.Length; start += perLine)
        {
            _text.Append(indent);
            int end = Math.Min(start + perLine, values.Length);
            for (int i = start; i < end; i++)
            {
                _text.Append(values[i].ToString(CultureInfo.InvariantCulture)).Append(',');
                if (i + 1 < end)
                {
                    _text.Append(' ');
                }
            }

            _text.Append('\n');
        }
    }
}
