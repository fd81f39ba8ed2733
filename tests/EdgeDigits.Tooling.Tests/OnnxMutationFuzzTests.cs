using CsCheck;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Onnx.Proto;
using EdgeDigits.Tooling.Quantization;
using Google.Protobuf;
using Xunit.Abstractions;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Mutation fuzzing of the shipped ONNX models (issue 13; CsCheck, fixed seed): protobuf-level edits (dims, attributes,
/// nodes, wiring, op types, tensor data and types) and byte-level damage (truncation, flipped bytes) of
/// <c>models/lenet5.onnx</c> and <c>models/keras-cnn.onnx</c>, each run through parse → import → one float run →
/// recognize → calibrate → quantize. Every outcome must be success or a clean error naming the file:
/// <see cref="OnnxImportException"/> from parse/import, <see cref="InvalidDataException"/> from the recognizer or the
/// quantizer. Any other exception is a bug. CI runs 1,000 cases of a fixed seed (a few seconds); a deeper local hunt:
/// EDGEDIGITS_FUZZ_ITERATIONS=20000 EDGEDIGITS_FUZZ_SEED=7.
/// </summary>
public sealed class OnnxMutationFuzzTests(ITestOutputHelper output)
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("EDGEDIGITS_FUZZ_ITERATIONS"), out int n) ? n : 1000;
    private static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("EDGEDIGITS_FUZZ_SEED"), out ulong s) ? s : 20261201;

    private static readonly string[] ModelFiles = { "lenet5.onnx", "keras-cnn.onnx" };

    private static readonly Lazy<byte[][]> s_models = new(() =>
        ModelFiles.Select(f => File.ReadAllBytes(Path.Combine(TestData.RepositoryRoot, "models", f))).ToArray());

    private static readonly long[] Dims = { 0, -1, -7, 1, 2, 3, 5, 27, 29, 100, int.MaxValue, 1L << 31, 1L << 32, (1L << 32) + 2, 1L << 40, long.MaxValue, long.MinValue };

    private static readonly long[] Ints = { 0, -1, -2, 1, 2, 3, 7, 100, int.MaxValue, 1L << 31, (1L << 32) + 2, long.MaxValue, long.MinValue };

    private static readonly float[] Floats = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3e38f, -3e38f, 1e-45f, 0, -1, 1e20f };

    private static readonly string[] OpTypes = { "Conv", "Relu", "MaxPool", "Flatten", "Reshape", "Gemm", "MatMul", "Add", "Softmax", "Transpose", "Identity", "Constant", "Sigmoid", "" };

    private const int ProtoKinds = 16;

    /// <summary>A fuzz case: which model, 1–3 mutation kinds (the last ones byte-level), and the random draws they use.</summary>
    private static readonly Gen<(int Model, int[] Kinds, uint[] Draws)> Case =
        Gen.Select(Gen.Int[0, ModelFiles.Length - 1], Gen.Int[0, ProtoKinds + 1].Array[1, 3], Gen.UInt.Array[16]);

    [Fact]
    public void Mutated_shipped_models_import_recognize_and_quantize_or_fail_with_a_clean_error()
    {
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();
        var pcg = new PCG(1, Seed);
        for (int i = 0; i < Iterations; i++)
        {
            (int model, int[] kinds, uint[] draws) = Case.Generate(pcg, null, out _);
            string source = $"fuzz-{i}-{ModelFiles[model]}";
            var draw = new Draws(draws);
            var applied = new List<string>();
            byte[] bytes = Mutate(s_models.Value[model], kinds, draw, applied);
            string description = $"case {i} ({ModelFiles[model]}: {string.Join("; ", applied)})";
            string outcome = RunPipeline(bytes, source, description, failures);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {Iterations} mutated models crashed:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(outcomes.GetValueOrDefault("OnnxImportException") > Iterations / 4, string.Join(", ", outcomes));
    }

    /// <summary>Runs the tool's pipeline; returns the outcome, adding a line to <paramref name="failures"/> on an unexpected exception.</summary>
    internal static string RunPipeline(byte[] bytes, string source, string description, List<string> failures)
    {
        string stage = "parse";
        try
        {
            ModelProto proto = OnnxModelFile.Parse(bytes, source);
            stage = "import";
            FloatGraph graph = OnnxGraphImporter.Import(proto, source);
            stage = "float run";
            graph.Run(new float[graph.InputLength], graph.CreateState());
            stage = "recognize";
            SequentialFloatModel model = SequentialStructure.Recognize(graph);
            stage = "calibrate";
            CalibrationResult calibration = Calibrator.Run(model, TestData.Train, 20).Select(CalibrationMethod.Percentile);
            stage = "quantize";
            NetworkQuantizer.Quantize(model, calibration);
            return "success";
        }
        catch (OnnxImportException e) when (stage is "parse" or "import")
        {
            CheckMessage(e, source, description, failures);
            return nameof(OnnxImportException);
        }
        catch (InvalidDataException e) when (stage is "recognize" or "quantize")
        {
            CheckMessage(e, source, description, failures);
            return nameof(InvalidDataException);
        }
        catch (Exception e)
        {
            failures.Add($"{description}: {stage} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            return "crash";
        }
    }

    private static void CheckMessage(Exception e, string source, string description, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(e.Message) || !e.Message.Contains(source, StringComparison.Ordinal))
        {
            failures.Add($"{description}: {e.GetType().Name} does not name the file: '{e.Message}'");
        }
    }

    /// <summary>Applies the mutations: protobuf edits first (on one parse), then byte-level damage of the serialized model.</summary>
    private static byte[] Mutate(byte[] original, int[] kinds, Draws r, List<string> applied)
    {
        byte[] bytes = original;
        var protoKinds = kinds.Where(k => k < ProtoKinds).ToArray();
        if (protoKinds.Length > 0)
        {
            ModelProto model = ModelProto.Parser.ParseFrom(original);
            foreach (int kind in protoKinds)
            {
                applied.Add(MutateProto(model, kind, r));
            }

            bytes = model.ToByteArray();
        }

        foreach (int kind in kinds.Where(k => k >= ProtoKinds))
        {
            if (kind == ProtoKinds)
            {
                int length = r.Index(bytes.Length);
                bytes = bytes[..length];
                applied.Add($"truncate the file at {length} bytes");
            }
            else
            {
                bytes = (byte[])bytes.Clone();
                int flips = 1 + (int)(r.Next() % 8);
                var at = new List<int>();
                for (int f = 0; f < flips && bytes.Length > 0; f++)
                {
                    int p = (int)(r.Next() % (uint)bytes.Length);
                    bytes[p] ^= (byte)(1 + r.Next() % 255);
                    at.Add(p);
                }

                applied.Add($"flip bytes at {string.Join(",", at)}");
            }
        }

        return bytes;
    }

    private static string MutateProto(ModelProto model, int kind, Draws r)
    {
        GraphProto g = model.Graph;
        var nodes = g.Node;
        if ((nodes.Count == 0 && kind is 3 or 4 or 5 or 6 or 10 or 12) || (g.Input.Count == 0 && kind is 0 or ProtoKinds - 1))
        {
            return "nothing to mutate";
        }

        switch (kind)
        {
            case 0:
            {
                ValueInfoProto input = g.Input[r.Index(g.Input.Count)];
                var dims = input.Type?.TensorType?.Shape?.Dim;
                if (dims == null || dims.Count == 0)
                {
                    return "no input dims";
                }

                int d = r.Index(dims.Count);
                long v = r.Pick(Dims);
                dims[d] = new TensorShapeProto.Types.Dimension { DimValue = v };
                return $"input '{input.Name}' dim {d} = {v}";
            }

            case 1:
            {
                if (g.Initializer.Count == 0)
                {
                    return "no initializer";
                }

                TensorProto t = g.Initializer[r.Index(g.Initializer.Count)];
                switch (r.Index(3))
                {
                    case 0 when t.Dims.Count > 0:
                        int d = r.Index(t.Dims.Count);
                        long v = r.Pick(Dims);
                        t.Dims[d] = v;
                        return $"initializer '{t.Name}' dim {d} = {v}";
                    case 1:
                        long extra = r.Pick(Dims);
                        t.Dims.Add(extra);
                        return $"initializer '{t.Name}' gets an extra dim {extra}";
                    default:
                        t.Dims.Clear();
                        return $"initializer '{t.Name}' loses its dims";
                }
            }

            case 2:
            {
                var withAttributes = nodes.Where(n => n.Attribute.Count > 0).ToList();
                if (withAttributes.Count == 0)
                {
                    return "no attributes";
                }

                NodeProto node = withAttributes[r.Index(withAttributes.Count)];
                AttributeProto a = node.Attribute[r.Index(node.Attribute.Count)];
                switch (r.Index(6))
                {
                    case 0:
                        if (a.Ints.Count > 0)
                        {
                            int at = r.Index(a.Ints.Count);
                            a.Ints[at] = r.Pick(Ints);
                            return $"node '{node.Name}' attribute '{a.Name}' ints[{at}] = {a.Ints[at]}";
                        }

                        a.I = r.Pick(Ints);
                        return $"node '{node.Name}' attribute '{a.Name}' i = {a.I}";
                    case 1:
                        a.Ints.Add(r.Pick(Ints));
                        return $"node '{node.Name}' attribute '{a.Name}' gets ints [{string.Join(",", a.Ints)}]";
                    case 2:
                        if (a.Ints.Count > 0)
                        {
                            a.Ints.RemoveAt(r.Index(a.Ints.Count));
                        }

                        return $"node '{node.Name}' attribute '{a.Name}' shortened to ints [{string.Join(",", a.Ints)}]";
                    case 3:
                        a.F = r.Pick(Floats);
                        return $"node '{node.Name}' attribute '{a.Name}' f = {a.F}";
                    case 4:
                        a.Floats.Add(r.Pick(Floats));
                        return $"node '{node.Name}' attribute '{a.Name}' gets floats [{string.Join(",", a.Floats)}]";
                    default:
                        a.Type = (AttributeProto.Types.AttributeType)r.Index(15);
                        return $"node '{node.Name}' attribute '{a.Name}' type = {a.Type}";
                }
            }

            case 3:
            {
                int at = r.Index(nodes.Count);
                string name = nodes[at].Name;
                nodes.RemoveAt(at);
                return $"drop node #{at} '{name}'";
            }

            case 4:
            {
                int from = r.Index(nodes.Count);
                int to = r.Index(nodes.Count + 1);
                nodes.Insert(to, nodes[from].Clone());
                return $"duplicate node #{from} '{nodes[to].Name}' at #{to}";
            }

            case 5:
            {
                NodeProto node = nodes[r.Index(nodes.Count)];
                var names = nodes.SelectMany(n => n.Output).Concat(g.Input.Select(v => v.Name)).Concat(g.Initializer.Select(t => t.Name)).ToList();
                string wrong = r.Index(4) switch
                {
                    0 => "no-such-value",
                    1 => "",
                    _ => names[r.Index(names.Count)],
                };
                if (node.Input.Count == 0 || r.Index(5) == 0)
                {
                    node.Input.Add(wrong);
                    return $"node '{node.Name}' gets an extra input '{wrong}'";
                }

                int at = r.Index(node.Input.Count);
                node.Input[at] = wrong;
                return $"node '{node.Name}' input {at} = '{wrong}'";
            }

            case 6:
            {
                NodeProto node = nodes[r.Index(nodes.Count)];
                string before = node.OpType;
                node.OpType = r.Pick(OpTypes);
                return $"node '{node.Name}' op {before} → {node.OpType}";
            }

            case 7:
            {
                TensorProto? t = PickTensor(g, r, t => t.RawData.Length > 0);
                if (t == null)
                {
                    return "no raw_data";
                }

                int length = r.Index(t.RawData.Length);
                t.RawData = ByteString.CopyFrom(t.RawData.Span[..length]);
                return $"tensor '{t.Name}' raw_data truncated to {length} bytes";
            }

            case 8:
            {
                TensorProto? t = PickTensor(g, r, _ => true);
                if (t == null)
                {
                    return "no tensor";
                }

                if (t.RawData.Length == 0)
                {
                    t.RawData = ByteString.CopyFrom(new byte[4 * (1 + r.Index(16))]);
                }

                t.FloatData.Add(Enumerable.Repeat(1f, 1 + r.Index(16)));
                return $"tensor '{t.Name}' has both raw_data and float_data";
            }

            case 9:
            {
                TensorProto? t = PickTensor(g, r, _ => true);
                if (t == null)
                {
                    return "no tensor";
                }

                int[] types = { -1, 0, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 16, 17, 100 };
                t.DataType = r.Pick(types);
                return $"tensor '{t.Name}' data_type = {t.DataType}";
            }

            case 10:
            {
                int a = r.Index(nodes.Count), b = r.Index(nodes.Count);
                (nodes[a], nodes[b]) = (nodes[b], nodes[a]);
                return $"swap nodes #{a} and #{b}";
            }

            case 11:
            {
                TensorProto? t = PickTensor(g, r, x => x.DataType == (int)TensorProto.Types.DataType.Float && (x.RawData.Length >= 4 || x.FloatData.Count > 0));
                if (t == null)
                {
                    return "no float tensor";
                }

                float v = r.Pick(Floats);
                if (t.RawData.Length >= 4)
                {
                    byte[] raw = t.RawData.ToByteArray();
                    int at = r.Index(raw.Length / 4);
                    BitConverter.GetBytes(v).CopyTo(raw, at * 4);
                    t.RawData = ByteString.CopyFrom(raw);
                    return $"tensor '{t.Name}' value {at} = {v}";
                }

                int i = r.Index(t.FloatData.Count);
                t.FloatData[i] = v;
                return $"tensor '{t.Name}' value {i} = {v}";
            }

            case 12:
            {
                NodeProto node = nodes[r.Index(nodes.Count)];
                string extra = r.Index(2) == 0 && g.Output.Count > 0 ? g.Output[0].Name : "extra-output";
                if (r.Index(2) == 0 && node.Output.Count > 0)
                {
                    node.Output.Clear();
                    return $"node '{node.Name}' loses its outputs";
                }

                node.Output.Add(extra);
                return $"node '{node.Name}' gets output '{extra}'";
            }

            case 13:
            {
                switch (r.Index(3))
                {
                    case 0:
                        g.Output.Clear();
                        return "graph outputs removed";
                    case 1:
                        g.Output.Add(g.Output.Count > 0 ? g.Output[0].Clone() : new ValueInfoProto { Name = "x" });
                        return "graph output duplicated";
                    default:
                        var names = nodes.SelectMany(n => n.Output).ToList();
                        string name = names.Count > 0 ? names[r.Index(names.Count)] : "x";
                        if (g.Output.Count > 0)
                        {
                            g.Output[0].Name = name;
                        }

                        return $"graph output renamed '{name}'";
                }
            }

            case 15:
            {
                // A consistent resize: a Conv/Gemm/MatMul gets N outputs (weight and bias rewritten to match), so the edit
                // survives the tensor checks and reaches shape inference, the recognizer and the quantizer.
                var layers = nodes.Where(n => n.OpType is "Conv" or "Gemm" or "MatMul" && n.Input.Count > 1).ToList();
                if (layers.Count == 0)
                {
                    return "no layer";
                }

                NodeProto node = layers[r.Index(layers.Count)];
                int outputs = r.Pick(new[] { 1, 2, 3, 9, 11, 65, 1001 });
                var initializers = g.Initializer.ToDictionary(t => t.Name);
                if (!initializers.TryGetValue(node.Input[1], out TensorProto? w) || w.Dims.Count < 2)
                {
                    return "no weight";
                }

                bool transB = node.Attribute.Any(a => a.Name == "transB" && a.I != 0);
                int axis = node.OpType == "Conv" || transB ? 0 : 1;
                Resize(w, axis, outputs);
                if (node.Input.Count > 2 && initializers.TryGetValue(node.Input[2], out TensorProto? b))
                {
                    Resize(b, b.Dims.Count - 1, outputs);
                }

                NodeProto? add = nodes.FirstOrDefault(n => n.OpType == "Add" && n.Input.Contains(node.Output.FirstOrDefault() ?? "?"));
                if (add != null && add.Input.Select(i => initializers.GetValueOrDefault(i)).FirstOrDefault(t => t != null) is { } bias)
                {
                    Resize(bias, bias.Dims.Count - 1, outputs);
                }

                return $"node '{node.Name}' resized to {outputs} outputs";
            }

            default:
            {
                // opset and input element type
                if (r.Index(2) == 0 && model.OpsetImport.Count > 0)
                {
                    model.OpsetImport[0].Version = r.Pick(new long[] { 0, 1, 6, 7, 11, 12, 13, 99, long.MaxValue, -1 });
                    return $"opset = {model.OpsetImport[0].Version}";
                }

                ValueInfoProto input = g.Input[0];
                if (input.Type?.TensorType != null)
                {
                    input.Type.TensorType.ElemType = r.Pick(new[] { 0, 2, 7, 11, 100 });
                    return $"input element type = {input.Type.TensorType.ElemType}";
                }

                return "no input type";
            }
        }
    }

    /// <summary>Sets dims[<paramref name="axis"/>] of a float tensor and refills it with small values of the matching count.</summary>
    private static void Resize(TensorProto t, int axis, int size)
    {
        if (t.Dims.Count == 0 || axis < 0)
        {
            return;
        }

        t.Dims[axis] = size;
        long count = t.Dims.Aggregate(1L, (p, d) => p * Math.Max(d, 0));
        t.RawData = ByteString.Empty;
        t.FloatData.Clear();
        t.DataType = (int)TensorProto.Types.DataType.Float;
        t.FloatData.Add(Enumerable.Range(0, (int)Math.Min(count, 4_000_000)).Select(i => ((i * 37 % 17) - 8) / 64f));
    }

    /// <summary>A tensor of the graph: an initializer or the 'value' of a Constant node.</summary>
    private static TensorProto? PickTensor(GraphProto g, Draws r, Func<TensorProto, bool> where)
    {
        var tensors = g.Initializer.Concat(g.Node.SelectMany(n => n.Attribute).Where(a => a.T != null).Select(a => a.T)).Where(where).ToList();
        return tensors.Count == 0 ? null : tensors[r.Index(tensors.Count)];
    }

    /// <summary>The random draws of one case, consumed in order (cycling).</summary>
    private sealed class Draws(uint[] values)
    {
        private int _next;

        public uint Next() => values[_next++ % values.Length];

        public int Index(int count) => count <= 0 ? 0 : (int)(Next() % (uint)count);

        public T Pick<T>(T[] options) => options[Index(options.Length)];
    }
}
