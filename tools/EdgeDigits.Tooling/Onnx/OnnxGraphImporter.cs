using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Onnx;

/// <summary>
/// Turns an ONNX model into a <see cref="FloatGraph"/>: constants (initializers, Constant nodes) are folded into
/// the nodes that use them, shapes are inferred statically for a batch of 1, and every operator, attribute
/// value and shape is checked against what EdgeDigits can honour.
/// </summary>
/// <remarks>
/// Supported (ONNX operator semantics per https://onnx.ai/onnx/operators/): Conv (stride 1, no padding, no
/// dilation, group 1), Relu, MaxPool (no padding/dilation; ceil_mode only where it changes nothing), Flatten,
/// Reshape (constant target shape), Gemm (alpha, beta and transB folded, transA = 0), MatMul (+ Add of a constant
/// bias, fused), a trailing Softmax over the last axis, Transpose when it only moves size-1 dimensions (a layout
/// no-op) or when its output reaches a fully connected layer through Reshape/Flatten/Identity only (the
/// permutation is folded into that layer's weights, see OnnxGraphImporter.Transpose.cs), Identity, Constant.
/// Anything else is an <see cref="OnnxImportException"/> naming the node, its op type and why.
/// </remarks>
public static partial class OnnxGraphImporter
{
    private static readonly string[] SupportedOps =
        { "Conv", "Relu", "MaxPool", "Flatten", "Reshape", "Gemm", "MatMul", "Add", "Softmax", "Transpose", "Identity", "Constant" };

    /// <summary>The number of inputs each supported op takes at most (https://onnx.ai/onnx/operators/).</summary>
    private static readonly Dictionary<string, int> MaxInputs = new(StringComparer.Ordinal)
    {
        ["Conv"] = 3, ["Relu"] = 1, ["MaxPool"] = 1, ["Flatten"] = 1, ["Reshape"] = 2, ["Gemm"] = 3, ["MatMul"] = 2,
        ["Add"] = 2, ["Softmax"] = 1, ["Transpose"] = 1, ["Identity"] = 1, ["Constant"] = 0,
    };

    /// <summary>Reads and imports the ONNX file at <paramref name="path"/>.</summary>
    /// <param name="path">A self-contained .onnx file.</param>
    /// <returns>The float graph.</returns>
    /// <exception cref="OnnxImportException">The file is unreadable or corrupt, or the graph holds something unsupported.</exception>
    public static FloatGraph Load(string path) => Import(OnnxModelFile.Load(path), path);

    /// <summary>Imports a parsed ONNX model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sourceName">File name used in messages.</param>
    /// <returns>The float graph.</returns>
    /// <exception cref="OnnxImportException">The graph holds an unsupported op, attribute value or shape; the message names the node.</exception>
    public static FloatGraph Import(ModelProto model, string sourceName)
    {
        return new Importer(model, sourceName).Run();
    }

    private sealed partial class Importer
    {
        private readonly ModelProto _model;
        private readonly string _source;
        private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _producers = new(StringComparer.Ordinal); // value name → node index (−1 = graph input)
        private readonly List<FloatNode> _nodes = new();
        private string _inputName = "";
        private int[] _inputShape = Array.Empty<int>();

        public Importer(ModelProto model, string sourceName)
        {
            _model = model;
            _source = sourceName;
        }

        public FloatGraph Run()
        {
            GraphProto graph = _model.Graph ?? throw new OnnxImportException($"{_source}: the ONNX model has no graph.");
            CheckOpset();
            foreach (TensorProto t in graph.Initializer)
            {
                if (!_constants.TryAdd(t.Name, t))
                {
                    throw new OnnxImportException($"{_source}: two initializers are named '{t.Name}'; every value must have exactly one producer.");
                }
            }

            ReadInput(graph);
            for (int i = 0; i < graph.Node.Count; i++)
            {
                NodeProto node = graph.Node[i];
                if (node.OpType == "Add" && TryFuseBias(node, i, graph))
                {
                    continue;
                }

                ImportNode(node, i, graph);
            }

            if (graph.Output.Count != 1)
            {
                throw new OnnxImportException($"{_source}: the graph has {graph.Output.Count} outputs; exactly one (the logits) is supported.");
            }

            string outputName = graph.Output[0].Name;
            if (!_producers.TryGetValue(outputName, out int outputIndex) || outputIndex < 0)
            {
                throw new OnnxImportException($"{_source}: the graph output '{outputName}' is not produced by any supported node.");
            }

            FinishTransposeFolds(outputIndex);
            return new FloatGraph(_source, _inputName, _inputShape, _nodes, outputIndex);
        }

        private void CheckOpset()
        {
            OperatorSetIdProto? onnxSet = _model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
            if (onnxSet != null && onnxSet.Version < 7)
            {
                throw new OnnxImportException($"{_source}: ONNX opset {onnxSet.Version} is too old; opset 7 or later is supported (PyTorch exports 13 or later).");
            }
        }

        private void ReadInput(GraphProto graph)
        {
            var dynamicInputs = graph.Input.Where(v => !_constants.ContainsKey(v.Name)).ToList();
            if (dynamicInputs.Count != 1)
            {
                throw new OnnxImportException(
                    $"{_source}: the graph has {dynamicInputs.Count} non-constant inputs ({string.Join(", ", dynamicInputs.Select(v => "'" + v.Name + "'"))}); exactly one image input is supported.");
            }

            ValueInfoProto input = dynamicInputs[0];
            if (input.Type?.TensorType == null || input.Type.TensorType.Shape == null)
            {
                throw new OnnxImportException($"{_source}: graph input '{input.Name}' has no tensor type or shape.");
            }

            if (input.Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float)
            {
                throw new OnnxImportException(
                    $"{_source}: graph input '{input.Name}' has element type {(TensorProto.Types.DataType)input.Type.TensorType.ElemType}; a FLOAT input is required.");
            }

            var dims = input.Type.TensorType.Shape.Dim;
            var shape = new int[dims.Count];
            for (int d = 0; d < dims.Count; d++)
            {
                var dim = dims[d];
                if (dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dim.DimValue > int.MaxValue)
                {
                    throw new OnnxImportException(
                        $"{_source}: graph input '{input.Name}' dimension {d} is {dim.DimValue}, which does not fit a 32-bit integer; the shape is corrupt.");
                }

                if (dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dim.DimValue > 0)
                {
                    shape[d] = (int)dim.DimValue;
                }
                else if (d == 0)
                {
                    shape[d] = 1; // symbolic batch dimension ("N", "batch_size"): we run one image at a time
                }
                else
                {
                    throw new OnnxImportException(
                        $"{_source}: graph input '{input.Name}' dimension {d} is '{(dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? dim.DimParam : "unknown")}'; only the batch dimension may be symbolic.");
                }
            }

            if (shape.Length == 0 || shape[0] != 1)
            {
                throw new OnnxImportException($"{_source}: graph input '{input.Name}' has shape {Shapes.Format(shape)}; a batch of 1 is required.");
            }

            OnnxTensors.CheckSize(shape, $"graph input '{input.Name}'", _source);
            _inputName = input.Name;
            _inputShape = shape;
            _producers[input.Name] = -1;
        }

        private string Describe(NodeProto node, int index)
        {
            // Names come from the file: quoted escaped and cut (UserText), so that what follows them stays on the error line.
            string name = node.Name.Length > 0 ? node.Name : $"#{index} (output '{node.Output.FirstOrDefault()}')";
            return $"{_source}: node '{UserText.Escape(name)}' ({UserText.Escape(node.OpType)})";
        }

        /// <summary>Rejects a node output whose name is already a value: ONNX graphs are in SSA form, one producer per name.</summary>
        private void CheckNewOutput(string output, string where)
        {
            if (output.Length == 0)
            {
                throw new OnnxImportException($"{where}: the node's output has an empty name.");
            }

            string? existing = _producers.TryGetValue(output, out int index)
                ? index < 0 ? "the graph input" : $"the output of node '{_nodes[index].Name}'"
                : _constants.ContainsKey(output) ? "a constant (initializer or Constant node)" : null;
            if (existing != null)
            {
                throw new OnnxImportException($"{where}: output '{output}' is already {existing}; every value must have exactly one producer.");
            }
        }

        private void CheckInputCount(NodeProto node, string where)
        {
            if (MaxInputs.TryGetValue(node.OpType, out int max) && node.Input.Count > max)
            {
                throw new OnnxImportException(
                    $"{where}: the node has {node.Input.Count} inputs ({string.Join(", ", node.Input.Select(i => "'" + i + "'"))}); {node.OpType} takes at most {max}.");
            }
        }

        private string NodeName(NodeProto node, int index) => node.Name.Length > 0 ? node.Name : $"node{index}_{node.OpType}";

        private void ImportNode(NodeProto node, int index, GraphProto graph)
        {
            string where = Describe(node, index);
            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw new OnnxImportException($"{where}: operator domain '{node.Domain}' is not supported; only standard ONNX operators are.");
            }

            if (Array.IndexOf(SupportedOps, node.OpType) < 0)
            {
                throw new OnnxImportException(
                    $"{where}: operator {node.OpType} is not supported. Supported operators: {string.Join(", ", SupportedOps)} (Add only as the bias of a MatMul).");
            }

            CheckInputCount(node, where);
            if (node.OpType == "Constant")
            {
                ImportConstant(node, where);
                return;
            }

            if (node.Output.Count < 1)
            {
                throw new OnnxImportException($"{where}: the node has no output.");
            }

            CheckNewOutput(node.Output[0], where);

            (int inputIndex, int[] inputShape) = DynamicInput(node, where);
            CheckPermutedConsumer(node, inputIndex);
            var attributes = new OnnxNodeAttributes(node, where);
            string name = NodeName(node, index);
            FloatNode result = node.OpType switch
            {
                "Conv" => ImportConv(node, name, where, attributes, inputShape),
                "Relu" => new ReluNode(name, inputShape),
                "MaxPool" => ImportMaxPool(node, name, where, attributes, inputShape),
                "Flatten" => ImportFlatten(name, where, attributes, inputShape),
                "Reshape" => ImportReshape(node, name, where, attributes, inputShape),
                "Gemm" => ImportGemm(node, name, where, attributes, inputShape),
                "MatMul" => ImportMatMul(node, name, where, inputShape),
                "Softmax" => ImportSoftmax(node, index, graph, name, where, attributes, inputShape),
                "Transpose" => ImportTranspose(name, where, attributes, inputShape),
                "Identity" => new LayoutNode(name, "Identity", inputShape, inputShape),
                "Add" => throw new OnnxImportException($"{where}: Add is supported only as the constant bias right after a MatMul (MatMul+Add); this one is not."),
                _ => throw new InvalidOperationException(node.OpType),
            };

            if (node.Output.Count > (node.OpType == "MaxPool" ? 2 : 1))
            {
                throw new OnnxImportException(
                    $"{where}: the node has {node.Output.Count} outputs; {(node.OpType == "MaxPool" ? "MaxPool has at most 2 (Y, Indices) and only Y is" : "one is")} supported.");
            }

            result = FoldPendingTranspose(result, inputIndex);
            result.InputIndex = inputIndex;
            _nodes.Add(result);
            _producers[node.Output[0]] = _nodes.Count - 1;
            TrackPermutedOutput(result, inputIndex, _nodes.Count - 1);
        }

        private (int Index, int[] Shape) DynamicInput(NodeProto node, string where)
        {
            if (node.Input.Count < 1 || node.Input[0].Length == 0)
            {
                throw new OnnxImportException($"{where}: the node has no data input.");
            }

            string name = node.Input[0];
            if (_producers.TryGetValue(name, out int index))
            {
                return (index, index < 0 ? _inputShape : _nodes[index].OutputShape);
            }

            if (_constants.ContainsKey(name))
            {
                throw new OnnxImportException($"{where}: the data input '{name}' is a constant; constant subgraphs are not supported (export with constant folding).");
            }

            throw new OnnxImportException($"{where}: input '{name}' is not produced by any earlier node (the graph is not topologically sorted or uses an unsupported node).");
        }

        private TensorProto Constant(NodeProto node, int inputPosition, string role, string where)
        {
            if (node.Input.Count <= inputPosition || node.Input[inputPosition].Length == 0)
            {
                throw new OnnxImportException($"{where}: the {role} input is missing.");
            }

            string name = node.Input[inputPosition];
            if (!_constants.TryGetValue(name, out TensorProto? tensor))
            {
                throw new OnnxImportException($"{where}: the {role} '{name}' is not a constant initializer; only constant {role}s are supported.");
            }

            return tensor;
        }

        private void ImportConstant(NodeProto node, string where)
        {
            var attributes = new OnnxNodeAttributes(node, where);
            if (node.Attribute.Count > 1)
            {
                throw new OnnxImportException($"{where}: a Constant must have exactly one value attribute (found: {string.Join(", ", attributes.Names)}).");
            }

            TensorProto? value = attributes.GetTensor("value");
            if (value == null)
            {
                AttributeProto? ints = node.Attribute.FirstOrDefault(x => x.Name == "value_ints");
                if (ints != null)
                {
                    // A shape constant: kept as 64-bit values, which the consumer (Reshape) range-checks.
                    if (ints.Type is not (AttributeProto.Types.AttributeType.Ints or AttributeProto.Types.AttributeType.Undefined))
                    {
                        throw new OnnxImportException($"{where}: attribute 'value_ints' has type {ints.Type}; expected Ints.");
                    }

                    value = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
                    value.Dims.Add(ints.Ints.Count);
                    value.Int64Data.Add(ints.Ints);
                }
                else if (attributes.Has("value_float"))
                {
                    value = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
                    value.FloatData.Add(attributes.GetFloat("value_float", 0));
                }
                else
                {
                    throw new OnnxImportException(
                        $"{where}: only Constant nodes with a 'value' tensor, 'value_ints' or 'value_float' are supported (found attributes: {string.Join(", ", attributes.Names)}).");
                }
            }

            if (node.Output.Count != 1)
            {
                throw new OnnxImportException($"{where}: a Constant must have exactly one output.");
            }

            CheckNewOutput(node.Output[0], where);
            _constants[node.Output[0]] = value;
        }

        private FloatNode ImportConv(NodeProto node, string name, string where, OnnxNodeAttributes a, int[] inputShape)
        {
            if (inputShape.Length != 4)
            {
                throw new OnnxImportException($"{where}: input shape {Shapes.Format(inputShape)} is not 4-D NCHW; only 2-D convolutions are supported.");
            }

            TensorProto w = Constant(node, 1, "weight", where);
            int[] wShape = OnnxTensors.Shape(w, where);
            if (wShape.Length != 4)
            {
                throw new OnnxImportException($"{where}: weight '{w.Name}' has shape {Shapes.Format(wShape)}; [C_out, C_in, KH, KW] is required.");
            }

            int group = a.GetInt("group", 1);
            if (group != 1)
            {
                throw new OnnxImportException($"{where}: group = {group} is not supported (grouped/depthwise convolution); the int8 runtime implements group = 1.");
            }

            if (wShape[1] != inputShape[1])
            {
                throw new OnnxImportException($"{where}: weight '{w.Name}' {Shapes.Format(wShape)} expects {wShape[1]} input channels but the input {Shapes.Format(inputShape)} has {inputShape[1]}.");
            }

            CheckAutoPad(a, where);
            CheckAllEqual(a.GetInts("pads"), 0, 4, "pads", where, "the int8 runtime implements 'valid' convolution only (all pads 0)");
            CheckAllEqual(a.GetInts("strides"), 1, 2, "strides", where, "the int8 runtime implements stride 1 only");
            CheckAllEqual(a.GetInts("dilations"), 1, 2, "dilations", where, "dilated convolution is not supported");
            int[]? kernel = a.GetInts("kernel_shape");
            if (kernel != null && (kernel.Length != 2 || kernel[0] != wShape[2] || kernel[1] != wShape[3]))
            {
                throw new OnnxImportException($"{where}: kernel_shape [{string.Join(",", kernel)}] does not match the weight shape {Shapes.Format(wShape)}.");
            }

            if (inputShape[2] < wShape[2] || inputShape[3] < wShape[3])
            {
                throw new OnnxImportException($"{where}: the {wShape[2]}×{wShape[3]} kernel is larger than the {inputShape[2]}×{inputShape[3]} input.");
            }

            OnnxTensors.CheckSize(new[] { 1, wShape[0], inputShape[2] - wShape[2] + 1, inputShape[3] - wShape[3] + 1 }, "the output", where);

            float[] weights = OnnxTensors.ReadFloats(w, where);
            float[] bias = new float[wShape[0]];
            if (node.Input.Count > 2 && node.Input[2].Length > 0)
            {
                TensorProto b = Constant(node, 2, "bias", where);
                bias = OnnxTensors.ReadFloats(b, where);
                if (bias.Length != wShape[0])
                {
                    throw new OnnxImportException($"{where}: bias '{b.Name}' has {bias.Length} values; the {wShape[0]} output channels need {wShape[0]}.");
                }
            }

            return new Conv2DNode(name, inputShape, weights, wShape, bias);
        }

        private FloatNode ImportMaxPool(NodeProto node, string name, string where, OnnxNodeAttributes a, int[] inputShape)
        {
            if (node.Output.Count > 1 && node.Output[1].Length > 0)
            {
                throw new OnnxImportException($"{where}: the Indices output of MaxPool is not supported.");
            }

            if (inputShape.Length != 4)
            {
                throw new OnnxImportException($"{where}: input shape {Shapes.Format(inputShape)} is not 4-D NCHW; only 2-D pooling is supported.");
            }

            int[] kernel = a.GetInts("kernel_shape") ?? throw new OnnxImportException($"{where}: the required attribute kernel_shape is missing.");
            if (kernel.Length != 2 || kernel[0] < 1 || kernel[1] < 1)
            {
                throw new OnnxImportException($"{where}: kernel_shape [{string.Join(",", kernel)}] is not a 2-D window.");
            }

            int[] strides = a.GetInts("strides") ?? new[] { 1, 1 };
            if (strides.Length != 2 || strides[0] < 1 || strides[1] < 1)
            {
                throw new OnnxImportException($"{where}: strides [{string.Join(",", strides)}] are not two positive values.");
            }

            CheckAutoPad(a, where);
            CheckAllEqual(a.GetInts("pads"), 0, 4, "pads", where, "padded pooling is not supported");
            CheckAllEqual(a.GetInts("dilations"), 1, 2, "dilations", where, "dilated pooling is not supported");
            int storageOrder = a.GetInt("storage_order", 0);
            if (storageOrder != 0)
            {
                throw new OnnxImportException($"{where}: storage_order = {storageOrder} is not supported (it only affects the Indices output).");
            }

            if (inputShape[2] < kernel[0] || inputShape[3] < kernel[1])
            {
                throw new OnnxImportException($"{where}: the {kernel[0]}×{kernel[1]} window is larger than the {inputShape[2]}×{inputShape[3]} input.");
            }

            int ceil = a.GetInt("ceil_mode", 0);
            if (ceil != 0 && ((inputShape[2] - kernel[0]) % strides[0] != 0 || (inputShape[3] - kernel[1]) % strides[1] != 0))
            {
                throw new OnnxImportException(
                    $"{where}: ceil_mode = 1 adds a partial window for the {inputShape[2]}×{inputShape[3]} input; only windows that tile the input exactly are supported.");
            }

            return new MaxPool2DNode(name, inputShape, kernel[0], kernel[1], strides[0], strides[1]);
        }

        private static void CheckAutoPad(OnnxNodeAttributes a, string where)
        {
            string autoPad = a.GetString("auto_pad", "NOTSET");
            if (autoPad is not ("NOTSET" or "VALID" or ""))
            {
                throw new OnnxImportException($"{where}: auto_pad = {autoPad} is not supported; only unpadded ('VALID' or NOTSET with pads 0) windows are.");
            }
        }

        private static void CheckAllEqual(int[]? values, int expected, int count, string attribute, string where, string why)
        {
            if (values != null && values.Length != count)
            {
                throw new OnnxImportException($"{where}: {attribute} [{string.Join(",", values)}] has {values.Length} values; the input has 2 spatial axes, which need {count}.");
            }

            if (values != null && values.Any(v => v != expected))
            {
                throw new OnnxImportException($"{where}: {attribute} [{string.Join(",", values)}] is not supported: {why}.");
            }
        }

        private FloatNode ImportFlatten(string name, string where, OnnxNodeAttributes a, int[] inputShape)
        {
            int axis = a.GetInt("axis", 1);
            if (axis < 0)
            {
                axis += inputShape.Length;
            }

            if (axis < 0 || axis > inputShape.Length)
            {
                throw new OnnxImportException($"{where}: axis {a.GetInt("axis", 1)} is out of range for input shape {Shapes.Format(inputShape)}.");
            }

            int outer = Shapes.ElementCount(inputShape[..axis]);
            int inner = Shapes.ElementCount(inputShape[axis..]);
            return new LayoutNode(name, "Flatten", inputShape, new[] { outer, inner });
        }

        private FloatNode ImportReshape(NodeProto node, string name, string where, OnnxNodeAttributes a, int[] inputShape)
        {
            long[] target = OnnxTensors.ReadInt64s(Constant(node, 1, "shape", where), where);
            bool allowZero = a.GetInt("allowzero", 0) != 0;
            var shape = new int[target.Length];
            int inferred = -1;
            long known = 1;
            for (int i = 0; i < target.Length; i++)
            {
                long d = target[i];
                if (d == 0 && !allowZero)
                {
                    if (i >= inputShape.Length)
                    {
                        throw new OnnxImportException($"{where}: target shape [{string.Join(",", target)}] copies dimension {i}, which the input {Shapes.Format(inputShape)} lacks.");
                    }

                    d = inputShape[i];
                }

                if (d == -1)
                {
                    if (inferred >= 0)
                    {
                        throw new OnnxImportException($"{where}: target shape [{string.Join(",", target)}] has more than one -1.");
                    }

                    inferred = i;
                    continue;
                }

                if (d < 0)
                {
                    throw new OnnxImportException($"{where}: target shape [{string.Join(",", target)}] has an invalid dimension {d}.");
                }

                if (d > int.MaxValue)
                {
                    throw new OnnxImportException($"{where}: target shape [{string.Join(",", target)}] has dimension {d}, which does not fit a 32-bit integer.");
                }

                shape[i] = (int)d;
                known = Math.Min(known * d, OnnxTensors.MaxElements + 1); // both ≤ 2^31: no overflow, and still too large when capped
            }

            int total = Shapes.ElementCount(inputShape);
            if (inferred >= 0)
            {
                if (known == 0 || known > total || total % known != 0)
                {
                    throw new OnnxImportException($"{where}: cannot reshape {Shapes.Format(inputShape)} ({total} elements) to [{string.Join(",", target)}].");
                }

                shape[inferred] = (int)(total / known);
            }

            if (known > total || Shapes.ElementCount(shape) != total)
            {
                throw new OnnxImportException($"{where}: cannot reshape {Shapes.Format(inputShape)} ({total} elements) to {Shapes.Format(shape)}.");
            }

            return new LayoutNode(name, "Reshape", inputShape, shape);
        }

        private FloatNode ImportGemm(NodeProto node, string name, string where, OnnxNodeAttributes a, int[] inputShape)
        {
            if (a.GetInt("transA", 0) != 0)
            {
                throw new OnnxImportException($"{where}: transA = 1 is not supported; the activation must be the row-major [1, K] operand A.");
            }

            if (inputShape.Length != 2 || inputShape[0] != 1)
            {
                throw new OnnxImportException($"{where}: input A has shape {Shapes.Format(inputShape)}; Gemm needs [1, K] (add a Flatten before it).");
            }

            float alpha = a.GetFloat("alpha", 1f);
            float beta = a.GetFloat("beta", 1f);
            bool transB = a.GetInt("transB", 0) != 0;
            TensorProto bTensor = Constant(node, 1, "weight (B)", where);
            int[] bShape = OnnxTensors.Shape(bTensor, where);
            if (bShape.Length != 2)
            {
                throw new OnnxImportException($"{where}: B '{bTensor.Name}' has shape {Shapes.Format(bShape)}; a 2-D matrix is required.");
            }

            int k = inputShape[1];
            int n = transB ? bShape[0] : bShape[1];
            int bk = transB ? bShape[1] : bShape[0];
            if (bk != k)
            {
                throw new OnnxImportException(
                    $"{where}: B '{bTensor.Name}' {Shapes.Format(bShape)} (transB = {(transB ? 1 : 0)}) has inner dimension {bk} but A {Shapes.Format(inputShape)} has {k}.");
            }

            float[] b = OnnxTensors.ReadFloats(bTensor, where);
            var weights = new float[n * k];
            for (int o = 0; o < n; o++)
            {
                for (int i = 0; i < k; i++)
                {
                    // Y = alpha · A · B' + beta · C with B' = transB ? Bᵀ : B; W[o, i] = alpha · B'[i, o].
                    float value = transB ? b[o * k + i] : b[i * n + o];
                    weights[o * k + i] = alpha * value;
                    if (!float.IsFinite(weights[o * k + i]))
                    {
                        throw new OnnxImportException($"{where}: attribute 'alpha' = {alpha} times the weight {value} of B '{bTensor.Name}' overflows float.");
                    }
                }
            }

            var bias = new float[n];
            if (node.Input.Count > 2 && node.Input[2].Length > 0)
            {
                TensorProto cTensor = Constant(node, 2, "bias (C)", where);
                int[] cShape = OnnxTensors.Shape(cTensor, where);
                float[] c = OnnxTensors.ReadFloats(cTensor, where);
                int cCount = Shapes.ElementCount(cShape);
                bool perOutput = cCount == n && (cShape.Length == 1 || (cShape.Length == 2 && cShape[0] == 1));
                bool scalar = cCount == 1 && cShape.All(d => d == 1);
                if (!perOutput && !scalar)
                {
                    throw new OnnxImportException($"{where}: C '{cTensor.Name}' has shape {Shapes.Format(cShape)}; it must broadcast as [N] = [{n}], [1, {n}] or a scalar.");
                }

                for (int o = 0; o < n; o++)
                {
                    bias[o] = beta * (scalar ? c[0] : c[o]);
                    if (!float.IsFinite(bias[o]))
                    {
                        throw new OnnxImportException($"{where}: attribute 'beta' = {beta} times the bias {(scalar ? c[0] : c[o])} of C '{cTensor.Name}' overflows float.");
                    }
                }
            }

            return new DenseNode(name, "Gemm", k, n, weights, bias);
        }

        private FloatNode ImportMatMul(NodeProto node, string name, string where, int[] inputShape)
        {
            if (inputShape.Length != 2 || inputShape[0] != 1)
            {
                throw new OnnxImportException($"{where}: input A has shape {Shapes.Format(inputShape)}; MatMul needs [1, K] (add a Flatten before it).");
            }

            TensorProto bTensor = Constant(node, 1, "weight (B)", where);
            int[] bShape = OnnxTensors.Shape(bTensor, where);
            int k = inputShape[1];
            if (bShape.Length != 2 || bShape[0] != k)
            {
                throw new OnnxImportException($"{where}: B '{bTensor.Name}' has shape {Shapes.Format(bShape)}; [{k}, N] is required for A {Shapes.Format(inputShape)}.");
            }

            int n = bShape[1];
            float[] b = OnnxTensors.ReadFloats(bTensor, where);
            var weights = new float[n * k];
            for (int o = 0; o < n; o++)
            {
                for (int i = 0; i < k; i++)
                {
                    weights[o * k + i] = b[i * n + o];
                }
            }

            return new DenseNode(name, "MatMul", k, n, weights, new float[n]);
        }

        /// <summary>Folds "Add(MatMul output, constant)" into the preceding MatMul as its bias.</summary>
        private bool TryFuseBias(NodeProto add, int index, GraphProto graph)
        {
            if (add.Input.Count != 2 || add.Output.Count != 1)
            {
                return false;
            }

            int dataPosition = _producers.ContainsKey(add.Input[0]) ? 0 : 1;
            string data = add.Input[dataPosition];
            string constant = add.Input[1 - dataPosition];
            if (!_producers.TryGetValue(data, out int producer) || producer < 0 || !_constants.TryGetValue(constant, out TensorProto? biasTensor))
            {
                return false;
            }

            if (_nodes[producer] is not DenseNode { OpType: "MatMul" } matMul || producer != _nodes.Count - 1)
            {
                return false;
            }

            int consumers = graph.Node.Count(n => n.Input.Contains(data)) + graph.Output.Count(o => o.Name == data);
            string where = Describe(add, index);
            _ = new OnnxNodeAttributes(add, where); // rejects attributes Add does not define
            CheckNewOutput(add.Output[0], where);
            if (consumers != 1)
            {
                throw new OnnxImportException($"{where}: the MatMul output '{data}' is used by {consumers} consumers; the bias Add must be its only one.");
            }

            float[] bias = OnnxTensors.ReadFloats(biasTensor, where);
            int[] biasShape = OnnxTensors.Shape(biasTensor, where);
            if (bias.Length != matMul.OutputFeatures || !(biasShape.Length == 1 || (biasShape.Length == 2 && biasShape[0] == 1)))
            {
                throw new OnnxImportException($"{where}: bias '{biasTensor.Name}' has shape {Shapes.Format(biasShape)}; [{matMul.OutputFeatures}] or [1, {matMul.OutputFeatures}] is required.");
            }

            var fused = new DenseNode(matMul.Name, "MatMul+Add", matMul.InputFeatures, matMul.OutputFeatures, matMul.Weights, bias)
            {
                InputIndex = matMul.InputIndex,
            };
            _nodes[producer] = fused;
            _producers[add.Output[0]] = producer;
            return true;
        }

        private FloatNode ImportSoftmax(NodeProto node, int index, GraphProto graph, string name, string where, OnnxNodeAttributes a, int[] inputShape)
        {
            OperatorSetIdProto? onnxSet = _model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
            int defaultAxis = onnxSet == null || onnxSet.Version >= 13 ? -1 : 1;
            int axis = a.GetInt("axis", defaultAxis);
            if (axis < 0)
            {
                axis += inputShape.Length;
            }

            // Before opset 13 Softmax flattens from `axis` on; for the [1, classes] logits with axis 1 both
            // definitions coincide with softmax over the last axis.
            if (axis != inputShape.Length - 1)
            {
                throw new OnnxImportException($"{where}: axis {a.GetInt("axis", defaultAxis)} is not the last axis of {Shapes.Format(inputShape)}; only softmax over the classes is supported.");
            }

            bool consumed = graph.Node.Skip(index + 1).Any(n => n.Input.Contains(node.Output[0]));
            if (consumed)
            {
                throw new OnnxImportException($"{where}: Softmax is supported only as the last node of the graph; its output feeds other nodes.");
            }

            return new SoftmaxNode(name, inputShape);
        }
    }
}
