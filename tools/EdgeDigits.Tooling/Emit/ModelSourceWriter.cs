using System.Globalization;
using System.Text;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Emit;

/// <summary>
/// Writes the int8 network as C# 9 source: <c>LeNet5Model.g.cs</c> (or another class name) with a <c>Create()</c> that builds
/// the <see cref="Int8Network"/> as an ordered list of layers (the contract of <c>EdgeDigits.Model.LeNet5Model</c>).
/// The text is a pure function of its inputs: invariant culture, fixed layout, no timestamps.
/// </summary>
/// <remarks>
/// nanoFramework addresses an assembly's array-initializer data with 16-bit offsets (<see cref="ModelAssemblyWriter"/>).
/// A model whose arrays fit <see cref="PartBudget"/> (less the golden vector's share) is written as one file of
/// <c>static readonly</c> arrays. A larger model is split: its arrays are packed in order into the main assembly and
/// as many part assemblies (<c>EdgeDigits.Model.Part1</c>, …; one nanoFramework class library each, with a generated
/// <c>.nfproj</c>) as needed, a tensor that does not fit being cut at an element boundary; each piece is a method that
/// returns a new array, and <c>Create()</c> joins the pieces, so at start-up the heap holds each tensor once plus the piece
/// being copied.
/// </remarks>
public static class ModelSourceWriter
{
    /// <summary>File name of the generated model with the default class name.</summary>
    public const string FileName = "LeNet5Model.g.cs";

    /// <summary>Default generated class name (the firmware's composition root calls <c>LeNet5Model.Create()</c>).</summary>
    public const string DefaultClassName = "LeNet5Model";

    /// <summary>The main model assembly.</summary>
    public const string MainAssembly = "EdgeDigits.Model";

    /// <summary>
    /// Array-initializer bytes packed into one assembly: 60,000 of the 65,535 a signature table can address, leaving room for
    /// the assembly's other signatures (the shipped LeNet-5's table held 342 bytes beyond its array data).
    /// </summary>
    public const int PartBudget = 60_000;

    private sealed record Tensor(string Name, string Summary, sbyte[]? Bytes, int[]? Ints)
    {
        public int Length => Bytes?.Length ?? Ints!.Length;

        public int ElementSize => Bytes != null ? 1 : 4;

        public string Type => Bytes != null ? "sbyte" : "int";
    }

    private sealed record Piece(Tensor Tensor, int Start, int Count, int Assembly, string Method);

    /// <summary>Generates the model's files.</summary>
    /// <param name="model">The quantized network.</param>
    /// <param name="info">Provenance and accuracies.</param>
    /// <param name="className">Generated class name, a C# identifier.</param>
    /// <param name="reservedBytes">Initializer bytes of other files in the main assembly (the golden vector), kept free there.</param>
    /// <param name="partBudget">Initializer bytes per assembly (tests use small budgets to force a split).</param>
    /// <returns>The main file first, then each part's source and project file.</returns>
    /// <exception cref="ArgumentException"><paramref name="className"/> is not an identifier, or the budget is below 1,024 bytes.</exception>
    public static IReadOnlyList<GeneratedSource> Write(QuantizedNetwork model, ModelEmitInfo info, string className = DefaultClassName,
        int reservedBytes = 0, int partBudget = PartBudget)
    {
        if (string.IsNullOrEmpty(className) || !(char.IsLetter(className[0]) || className[0] == '_') || !className.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{className}' is not a C# identifier.", nameof(className));
        }

        if (partBudget < 1024)
        {
            throw new ArgumentException($"A part budget of {partBudget} bytes is too small.", nameof(partBudget));
        }

        Int8Network p = model.Parameters;
        var tensors = new List<Tensor>();
        for (int i = 0; i < p.LayerCount; i++)
        {
            string name = Pascal(p.LayerNames[i]);
            switch (p.Layers[i])
            {
                case QuantizedConv2D c:
                    tensors.Add(new Tensor(name + "Weights", $"{name} int8 weights [{c.OutputChannels},{c.InputChannels},{c.KernelSize},{c.KernelSize}] (OIHW), symmetric per output channel.", c.Weights, null));
                    AddPerChannel(tensors, name, c.Bias, c.OutputMultiplier, c.OutputShift);
                    break;
                case QuantizedFullyConnected f:
                    tensors.Add(new Tensor(name + "Weights", $"{name} int8 weights [{f.OutputFeatures},{f.InputFeatures}] row-major, symmetric per output channel.", f.Weights, null));
                    AddPerChannel(tensors, name, f.Bias, f.OutputMultiplier, f.OutputShift);
                    break;
            }
        }

        tensors.Add(new Tensor("SoftmaxTable", "Softmax exp table [256]: round(65536 · exp(−S_logits / T · d)), S_logits = " + Format(model.LogitScale)
            + ", temperature T = " + Format(model.Temperature) + ".", null, p.SoftmaxTable));

        int total = tensors.Sum(t => t.Length * t.ElementSize);
        bool split = total + reservedBytes > partBudget;
        var files = new List<GeneratedSource>();
        var text = new StringBuilder();
        var arrays = new StringBuilder();
        var writer = new CSharpArrayWriter(arrays);
        List<Piece> pieces = split ? Pack(tensors, partBudget - reservedBytes, partBudget) : new List<Piece>();
        int parts = split ? pieces.Max(x => x.Assembly) : 0;
        if (!split)
        {
            foreach (Tensor t in tensors)
            {
                if (t.Bytes != null)
                {
                    writer.Write("private static readonly", t.Name, t.Summary, t.Bytes);
                }
                else
                {
                    writer.Write("private static readonly", t.Name, t.Summary, t.Ints!);
                }
            }
        }
        else
        {
            WritePieces(writer, pieces.Where(x => x.Assembly == 0));
        }

        Header(text, info, writer.DataBytes, split ? $"Split across {parts + 1} assemblies ({MainAssembly} and {MainAssembly}.Part1..{parts}): {total:N0} bytes of arrays in all." : null);
        text.Append("using EdgeDigits.Runtime;\n\n");
        text.Append("namespace ").Append(MainAssembly).Append("\n{\n");
        text.Append("    /// <summary>The int8 network ").Append(Escape(p.Name)).Append(", generated from ").Append(Escape(info.SourceFileName)).Append(" by ").Append(ToolInfo.Name).Append(".</summary>\n");
        text.Append("    public static class ").Append(className).Append("\n    {\n");
        Const(text, "string", "Name", Quote(p.Name), "Model name shown on the device.");
        Const(text, "string", "SourceSha256", Quote(info.SourceSha256), "SHA-256 of the ONNX model this file was generated from.");
        Const(text, "int", "FloatAccuracyBasisPoints", Int(info.FloatAccuracyBasisPoints), "Float model accuracy on the 10,000 MNIST test images, ×10000.");
        Const(text, "int", "Int8AccuracyBasisPoints", Int(info.Int8AccuracyBasisPoints), "Int8 model accuracy (EdgeDigits.Runtime.Int8Engine) on the 10,000 MNIST test images, ×10000.");
        Const(text, "string", "CalibrationMethod", Quote(info.CalibrationMethod), "Activation-range calibration method.");
        Const(text, "int", "CalibrationImageCount", Int(info.CalibrationImages), "Number of MNIST training images used for calibration.");
        Const(text, "string", "ToolVersion", Quote(ToolInfo.Version), "Version of the generator.");
        Const(text, "int", "ArrayDataBytes", Int(total), "Bytes of all the model's array-initializer data (copied into the managed heap at start-up).");
        text.Append("        /// <summary>Builds the runtime network").Append(split ? ", joining the pieces of each tensor" : "; the arrays are shared, not copied").Append(".</summary>\n");
        text.Append("        /// <returns>The validated network, ").Append(Int(p.LayerCount)).Append(" layers on a [").Append(Int(p.InputChannels)).Append(',')
            .Append(Int(p.InputHeight)).Append(',').Append(Int(p.InputWidth)).Append("] input.</returns>\n");
        text.Append("        /// <remarks>\n");
        text.Append("        /// Layers and their int8 outputs (NCHW, bytes; the engine keeps two ping-pong buffers sized for the largest steps):\n");
        text.Append("        /// <code>\n");
        text.Append("        /// input  [").Append(Int(p.InputChannels)).Append(',').Append(Int(p.InputHeight)).Append(',').Append(Int(p.InputWidth))
            .Append("]  zero point ").Append(Int(Int8Network.InputZeroPoint)).Append(", scale 2/255\n");
        for (int i = 0; i < p.LayerCount; i++)
        {
            string shape = p.Layers[i].Kind == LayerKind.FullyConnected
                ? "[" + Int(p.OutputChannels(i)) + "]"
                : "[" + Int(p.OutputChannels(i)) + "," + Int(p.OutputHeight(i)) + "," + Int(p.OutputWidth(i)) + "]";
            string op = p.Layers[i] switch
            {
                QuantizedConv2D c => "Conv2D " + Int(c.KernelSize) + "x" + Int(c.KernelSize) + (c.ActivationMin == c.OutputZeroPoint ? " + ReLU" : ""),
                QuantizedMaxPool2D m => "MaxPool2D " + Int(m.KernelSize) + "x" + Int(m.KernelSize) + "/" + Int(m.Stride),
                QuantizedFullyConnected f => "FullyConnected" + (f.ActivationMin == f.OutputZeroPoint ? " + ReLU" : ""),
                _ => "",
            };
            text.Append("        /// ").Append(p.LayerNames[i].PadRight(6)).Append(' ').Append(op.PadRight(22)).Append(' ').Append(shape.PadRight(12))
                .Append(' ').Append(Count(p.OutputLength(i))).Append(" B, zero point ").Append(Int(p.OutputZeroPoint(i))).Append('\n');
        }

        text.Append("        /// </code>\n");
        text.Append("        /// </remarks>\n");
        text.Append("        public static Int8Network Create()\n        {\n");
        if (split)
        {
            foreach (Tensor t in tensors)
            {
                var own = pieces.Where(x => x.Tensor == t).ToList();
                string calls = string.Join(", ", own.Select(x => (x.Assembly == 0 ? "" : PartClass(className, x.Assembly) + ".") + x.Method + "()"));
                text.Append("            ").Append(t.Type).Append("[] ").Append(Local(t.Name)).Append(" = ")
                    .Append(own.Count == 1 ? calls : "Join(new " + t.Type + "[][] { " + calls + " }, " + Int(t.Length) + ")").Append(";\n");
            }
        }

        string Ref(string name) => split ? Local(name) : name;
        text.Append("            return new Int8Network(Name, ").Append(Int(p.InputChannels)).Append(", ").Append(Int(p.InputHeight)).Append(", ").Append(Int(p.InputWidth))
            .Append(", new QuantizedLayer[]\n            {\n");
        for (int i = 0; i < p.LayerCount; i++)
        {
            string name = Pascal(p.LayerNames[i]);
            text.Append("                ").Append(p.Layers[i] switch
            {
                QuantizedConv2D l => "new QuantizedConv2D(" + Int(l.InputChannels) + ", " + Int(l.OutputChannels) + ", " + Int(l.KernelSize) + ", " + Ref(name + "Weights") + ", "
                    + Ref(name + "Bias") + ", " + Ref(name + "Multiplier") + ", " + Ref(name + "Shift") + ", " + Int(l.InputZeroPoint) + ", " + Int(l.OutputZeroPoint)
                    + ", " + Int(l.ActivationMin) + ", " + Int(l.ActivationMax) + ")",
                QuantizedFullyConnected l => "new QuantizedFullyConnected(" + Int(l.InputFeatures) + ", " + Int(l.OutputFeatures) + ", " + Ref(name + "Weights") + ", "
                    + Ref(name + "Bias") + ", " + Ref(name + "Multiplier") + ", " + Ref(name + "Shift") + ", " + Int(l.InputZeroPoint) + ", " + Int(l.OutputZeroPoint)
                    + ", " + Int(l.ActivationMin) + ", " + Int(l.ActivationMax) + ")",
                QuantizedMaxPool2D l => "new QuantizedMaxPool2D(" + Int(l.KernelSize) + ", " + Int(l.Stride) + ")",
                _ => throw new NotSupportedException(p.Layers[i].GetType().Name),
            }).Append(",\n");
        }

        text.Append("            }, ").Append(Ref("SoftmaxTable")).Append(");\n");
        text.Append("        }\n\n");
        if (split)
        {
            AppendJoin(text, "sbyte");
            AppendJoin(text, "int");
        }

        text.Append(arrays.ToString().TrimEnd('\n')).Append('\n');
        text.Append("    }\n}\n");
        files.Add(new GeneratedSource(className + ".g.cs", text.ToString(), writer.DataBytes));

        for (int part = 1; part <= parts; part++)
        {
            string assembly = MainAssembly + ".Part" + Int(part);
            string partClass = PartClass(className, part);
            var partArrays = new StringBuilder();
            var partWriter = new CSharpArrayWriter(partArrays);
            WritePieces(partWriter, pieces.Where(x => x.Assembly == part));
            var partText = new StringBuilder();
            Header(partText, info, partWriter.DataBytes, $"Part {part} of {parts} of {className}'s arrays: its own nanoFramework assembly, {assembly}, so each assembly's initializer data stays under 64 KB.");
            partText.Append("namespace ").Append(MainAssembly).Append("\n{\n");
            partText.Append("    /// <summary>Array pieces of ").Append(className).Append(" stored in ").Append(assembly).Append(".</summary>\n");
            partText.Append("    public static class ").Append(partClass).Append("\n    {\n");
            partText.Append(partArrays.ToString().TrimEnd('\n')).Append('\n');
            partText.Append("    }\n}\n");
            files.Add(new GeneratedSource(assembly + "/" + partClass + ".g.cs", partText.ToString(), partWriter.DataBytes, assembly));
            files.Add(new GeneratedSource(assembly + "/" + assembly + ".nfproj", PartProject(assembly, partClass), 0, null));
        }

        return files;
    }

    /// <summary>Name of the class holding part <paramref name="part"/>'s pieces.</summary>
    /// <param name="className">The model class.</param>
    /// <param name="part">1-based part number.</param>
    /// <returns>e.g. "MlpModelPart1".</returns>
    public static string PartClass(string className, int part) => className + "Part" + Int(part);

    private static void AddPerChannel(List<Tensor> tensors, string name, int[] bias, int[] multiplier, int[] shift)
    {
        tensors.Add(new Tensor(name + "Bias", name + " int32 bias [" + bias.Length + "], input zero point folded in.", null, bias));
        tensors.Add(new Tensor(name + "Multiplier", name + " Q0.31 requantization multipliers [" + multiplier.Length + "].", null, multiplier));
        tensors.Add(new Tensor(name + "Shift", name + " requantization shifts [" + shift.Length + "], positive = left.", null, shift));
    }

    /// <summary>Greedy in-order packing: assembly 0 (main) gets <paramref name="mainBudget"/> bytes, each part <paramref name="budget"/>.</summary>
    private static List<Piece> Pack(List<Tensor> tensors, int mainBudget, int budget)
    {
        var pieces = new List<Piece>();
        int assembly = 0;
        int space = Math.Max(mainBudget, 0);
        foreach (Tensor t in tensors)
        {
            int start = 0;
            int index = 0;
            while (start < t.Length)
            {
                int fit = space / t.ElementSize;
                if (fit == 0)
                {
                    assembly++;
                    space = budget;
                    continue;
                }

                int count = Math.Min(fit, t.Length - start);
                string method = t.Name + (count == t.Length ? "" : "Piece" + Int(index++));
                pieces.Add(new Piece(t, start, count, assembly, method));
                start += count;
                space -= count * t.ElementSize;
            }
        }

        return pieces;
    }

    /// <summary>Writes each piece as a public static method (the main class calls the parts' pieces across assemblies).</summary>
    private static void WritePieces(CSharpArrayWriter writer, IEnumerable<Piece> pieces)
    {
        foreach (Piece x in pieces)
        {
            string summary = x.Count == x.Tensor.Length ? x.Tensor.Summary
                : $"Elements {x.Start:N0}..{x.Start + x.Count - 1:N0} of {x.Tensor.Name} ({x.Tensor.Length:N0} values): {x.Tensor.Summary}";
            if (x.Tensor.Bytes != null)
            {
                writer.WriteMethod(x.Method, summary, x.Tensor.Bytes.AsSpan(x.Start, x.Count).ToArray());
            }
            else
            {
                writer.WriteMethod(x.Method, summary, x.Tensor.Ints.AsSpan(x.Start, x.Count).ToArray());
            }
        }
    }

    private static void AppendJoin(StringBuilder text, string type)
    {
        text.Append("        private static ").Append(type).Append("[] Join(").Append(type).Append("[][] pieces, int length)\n        {\n");
        text.Append("            ").Append(type).Append("[] joined = new ").Append(type).Append("[length];\n");
        text.Append("            int at = 0;\n");
        text.Append("            for (int i = 0; i < pieces.Length; i++)\n            {\n");
        text.Append("                System.Array.Copy(pieces[i], 0, joined, at, pieces[i].Length);\n");
        text.Append("                at += pieces[i].Length;\n");
        text.Append("                pieces[i] = null;\n");
        text.Append("            }\n\n");
        text.Append("            return joined;\n        }\n\n");
    }

    private static void Header(StringBuilder text, ModelEmitInfo info, int dataBytes, string? note)
    {
        text.Append("// <auto-generated>\n");
        text.Append("//     Generated by ").Append(ToolInfo.Name).Append(' ').Append(ToolInfo.Version).Append(". Do not edit: re-run `edgedigits quantize`.\n");
        text.Append("//     Source model: ").Append(info.SourceFileName).Append(", SHA-256 ").Append(info.SourceSha256).Append(".\n");
        text.Append("//     Quantization: TFLite int8 scheme (weights symmetric per output channel, activations asymmetric per tensor,\n");
        text.Append("//     int32 biases with the input zero point folded in, Q0.31 requantization multipliers); see docs/quantization.md.\n");
        text.Append("//     Calibration: ").Append(info.CalibrationMethod).Append(" on ").Append(Count(info.CalibrationImages)).Append(" MNIST training images.\n");
        text.Append("//     MNIST test accuracy (10,000 images): float ").Append(Percent(info.FloatAccuracyBasisPoints))
            .Append(", int8 ").Append(Percent(info.Int8AccuracyBasisPoints)).Append(".\n");
        if (note != null)
        {
            text.Append("//     ").Append(note).Append('\n');
        }

        text.Append("//     Array initializer data in this file: ").Append(Count(dataBytes)).Append(" bytes.\n");
        text.Append("// </auto-generated>\n");
    }

    private static string PartProject(string assembly, string partClass)
    {
        // A stable GUID per assembly name, so regenerating gives the same file.
        byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(assembly));
        string guid = new Guid(hash.AsSpan(0, 16)).ToString("D").ToUpperInvariant();
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<!-- Generated by " + ToolInfo.Name + " quantize: one part of a split model (" + partClass + ".g.cs), a nanoFramework class library\n"
            + "     of its own so its array-initializer data stays under 64 KB. Reference it from the firmware next to EdgeDigits.Model. -->\n"
            + "<Project ToolsVersion=\"Current\" DefaultTargets=\"Build\" xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n"
            + "  <PropertyGroup Label=\"Globals\">\n"
            + "    <NanoFrameworkProjectSystemPath>$(MSBuildExtensionsPath)\\nanoFramework\\v1.0\\</NanoFrameworkProjectSystemPath>\n"
            + "  </PropertyGroup>\n"
            + "  <Import Project=\"$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props\" Condition=\"Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.Default.props')\" />\n"
            + "  <PropertyGroup>\n"
            + "    <Configuration Condition=\" '$(Configuration)' == '' \">Debug</Configuration>\n"
            + "    <Platform Condition=\" '$(Platform)' == '' \">AnyCPU</Platform>\n"
            + "    <ProjectTypeGuids>{11A8DD76-328B-46DF-9F39-F559912D0360};{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}</ProjectTypeGuids>\n"
            + "    <ProjectGuid>{" + guid + "}</ProjectGuid>\n"
            + "    <OutputType>Library</OutputType>\n"
            + "    <RootNamespace>" + MainAssembly + "</RootNamespace>\n"
            + "    <AssemblyName>" + assembly + "</AssemblyName>\n"
            + "    <TargetFrameworkVersion>v1.0</TargetFrameworkVersion>\n"
            + "    <LangVersion>9.0</LangVersion>\n"
            + "  </PropertyGroup>\n"
            + "  <Import Project=\"$(NanoFrameworkProjectSystemPath)NFProjectSystem.props\" Condition=\"Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.props')\" />\n"
            + "  <ItemGroup>\n"
            + "    <Compile Include=\"" + partClass + ".g.cs\" />\n"
            + "  </ItemGroup>\n"
            + "  <ItemGroup>\n"
            + "    <Reference Include=\"mscorlib, Version=1.17.11.0, Culture=neutral, PublicKeyToken=c07d481e9758c731\">\n"
            + "      <HintPath>..\\..\\..\\packages\\nanoFramework.CoreLibrary.1.17.11\\lib\\mscorlib.dll</HintPath>\n"
            + "      <Private>True</Private>\n"
            + "    </Reference>\n"
            + "  </ItemGroup>\n"
            + "  <Import Project=\"$(NanoFrameworkProjectSystemPath)NFProjectSystem.CSharp.targets\" Condition=\"Exists('$(NanoFrameworkProjectSystemPath)NFProjectSystem.CSharp.targets')\" />\n"
            + "</Project>\n";
    }

    /// <summary>A layer name as a C# identifier prefix: "conv1" → "Conv1".</summary>
    internal static string Pascal(string layerName) => char.ToUpperInvariant(layerName[0]) + layerName[1..];

    private static string Local(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static void Const(StringBuilder text, string type, string name, string value, string summary)
    {
        text.Append("        /// <summary>").Append(summary).Append("</summary>\n");
        text.Append("        public const ").Append(type).Append(' ').Append(name).Append(" = ").Append(value).Append(";\n\n");
    }

    internal static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    internal static string Count(int v) => v.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Percent(int basisPoints) => (basisPoints / 100.0).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    internal static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
