using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Onnx.Proto;
using EdgeDigits.Tooling.Quantization;
using Google.Protobuf;

namespace EdgeDigits.Tooling.Oracle;

/// <summary>How <see cref="QdqOnnxExporter"/> expresses a FullyConnected layer.</summary>
public enum OracleFullyConnectedForm
{
    /// <summary>
    /// QOperator form: Reshape to [1, N_in, 1, 1] and a 1×1 <c>QLinearConv</c> with [N_out, N_in, 1, 1] weights. The int32
    /// bias and the per-channel weight scales are inputs of the op, and ORT requantizes it exactly as a convolution.
    /// (<c>QLinearMatMul</c> accepts per-column weight scales in ORT, but has no bias input: adding the bias after its int8
    /// output would round twice, so it cannot express our layer.)
    /// </summary>
    QLinearConv,

    /// <summary>
    /// QDQ form: DequantizeLinear of the input, of the weights (per-axis, axis 0) and of the int32 bias (scale
    /// s_in·s_w[o]), a float <c>Gemm</c> (transB = 1), and QuantizeLinear to the output scale and zero point.
    /// Float accumulation instead of int32: a second, even less related oracle.
    /// </summary>
    Qdq,
}

/// <summary>An exported oracle graph and the names of its tensors.</summary>
/// <param name="Model">The ONNX model: input int8 [1, C, H, W] (q = p − 128), one int8 graph output per layer.</param>
/// <param name="InputName">Name of the graph input.</param>
/// <param name="LayerOutputNames">[layers] graph output holding each layer's int8 output, in layer order.</param>
/// <param name="LayerOutputShapes">[layers] ONNX shape of each of those outputs (NCHW, or [1, N] / [1, N, 1, 1] after a FullyConnected layer).</param>
/// <param name="OpTypes">The distinct ONNX op types the graph uses, in first-use order.</param>
/// <param name="LayerInputNames">Only for an isolated export (<see cref="QdqOnnxExporter.Export(Int8Network, IReadOnlyList{OracleLayerScales}, OracleFullyConnectedForm, bool)"/>):
/// [layers] the graph input each layer reads (layer 0 reads <paramref name="InputName"/>); empty for a chained graph.</param>
/// <param name="LayerInputShapes">[layers] shapes of <paramref name="LayerInputNames"/>; empty for a chained graph.</param>
/// <param name="Scales">The scales the graph was built from, one per Conv2D and FullyConnected layer.</param>
public sealed record QdqOnnxModel(ModelProto Model, string InputName, IReadOnlyList<string> LayerOutputNames, IReadOnlyList<long[]> LayerOutputShapes,
    IReadOnlyList<string> OpTypes, IReadOnlyList<string> LayerInputNames, IReadOnlyList<long[]> LayerInputShapes, IReadOnlyList<OracleLayerScales> Scales)
{
    /// <summary>The serialized ModelProto, for <c>InferenceSession</c>.</summary>
    /// <returns>The bytes of the .onnx file.</returns>
    public byte[] ToByteArray() => Model.ToByteArray();
}

/// <summary>
/// Exports an int8 network as a standard ONNX graph (opset 13) of quantized operators, so that ONNX Runtime can serve as
/// an oracle that shares none of our kernels or fixed-point code (GitHub issue 11, "Independent oracle").
/// </summary>
/// <remarks>
/// <para>Per layer:</para>
/// <list type="bullet">
/// <item>Conv2D → <c>QLinearConv</c>: int8 x with (s_in, Z_in), int8 OIHW weights with per-channel <c>w_scale</c> [C_out] and
/// <c>w_zero_point</c> zeros, (s_out, Z_out), and the int32 bias with our zero-point fold undone,
/// <c>B[oc] = Bias[oc] + Z_in · Σ W[oc, …]</c> (QLinearConv subtracts Z_in from x itself).</item>
/// <item>MaxPool2D → <c>MaxPool</c> on int8 (ORT's CPU MaxPool takes int8 from opset 12).</item>
/// <item>FullyConnected → Reshape (NCHW flatten order, as ONNX Flatten) and <see cref="OracleFullyConnectedForm"/>.</item>
/// <item>Activation clamp: QLinearConv and QuantizeLinear saturate to [−128, 127] but have no clamp of their own. A fused
/// ReLU with Z_out = −128 (what <see cref="NetworkQuantizer"/> produces) clamps at −128, which saturation already does, so
/// no op is added; any other clamp (ActivationMin &gt; −128 or ActivationMax &lt; 127) becomes an int8 <c>Clip</c>.</item>
/// </list>
/// <para>Scales are the real values (float32, as ONNX stores them); ORT computes its own multiplier
/// <c>s_in · s_w[c] / s_out</c> in float and never sees our Q0.31 multipliers and shifts. Every layer's int8 output is a
/// graph output, so each layer can be compared.</para>
/// </remarks>
public static class QdqOnnxExporter
{
    /// <summary>The opset the graph imports (QLinearConv 10, MaxPool 12 with int8, per-axis Dequantize/QuantizeLinear 13).</summary>
    public const int Opset = 13;

    /// <summary>Name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>Exports a network from the quantizer, with the scales it recorded.</summary>
    /// <param name="model">The quantized network.</param>
    /// <param name="fullyConnected">How FullyConnected layers are expressed.</param>
    /// <param name="isolated">See <see cref="Export(Int8Network, IReadOnlyList{OracleLayerScales}, OracleFullyConnectedForm, bool)"/>.</param>
    /// <returns>The oracle graph.</returns>
    public static QdqOnnxModel Export(QuantizedNetwork model, OracleFullyConnectedForm fullyConnected = OracleFullyConnectedForm.QLinearConv, bool isolated = false) =>
        Export(model.Parameters, model.Layers.Select(OracleLayerScales.From).ToArray(), fullyConnected, isolated);

    /// <summary>Exports an int8 network given the real scales of its Conv2D and FullyConnected layers.</summary>
    /// <param name="network">The int8 network.</param>
    /// <param name="scales">One entry per Conv2D and FullyConnected layer, in order.</param>
    /// <param name="fullyConnected">How FullyConnected layers are expressed.</param>
    /// <param name="isolated">False: the layers are chained, layer i reads layer i − 1's ORT output (end-to-end oracle). True:
    /// every layer after the first reads its own int8 graph input (<see cref="QdqOnnxModel.LayerInputNames"/>), so a caller can
    /// feed it <em>our</em> previous layer's output and compare each kernel on identical inputs, without ORT's and our
    /// earlier 1-LSB differences propagating into it.</param>
    /// <returns>The oracle graph.</returns>
    /// <exception cref="ArgumentException">The scales do not match the network (count, zero points, chaining, channel count),
    /// a scale is not positive and finite, or an unfolded bias does not fit int32.</exception>
    public static QdqOnnxModel Export(Int8Network network, IReadOnlyList<OracleLayerScales> scales,
        OracleFullyConnectedForm fullyConnected = OracleFullyConnectedForm.QLinearConv, bool isolated = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(scales);
        int quantized = network.Layers.Count(l => l.Kind != LayerKind.MaxPool2D);
        if (scales.Count != quantized)
        {
            throw new ArgumentException($"The network has {quantized} Conv2D/FullyConnected layers but {scales.Count} scale entries were given.", nameof(scales));
        }

        return new Builder(network, scales, fullyConnected, isolated).Build();
    }

    /// <summary>The raw int32 bias of ONNX QLinearConv: <c>Bias[o] + Z_in · Σ_k W[o, k]</c> (our input zero-point fold undone).</summary>
    /// <param name="bias">[C_out] our bias, input zero point folded in.</param>
    /// <param name="weights">[C_out · taps] int8 weights.</param>
    /// <param name="inputZeroPoint">Z_in.</param>
    /// <returns>[C_out] the bias of <c>round(b / (s_in · s_w))</c> alone.</returns>
    /// <exception cref="ArgumentException">A value does not fit int32.</exception>
    public static int[] UnfoldBias(int[] bias, sbyte[] weights, int inputZeroPoint)
    {
        int taps = weights.Length / bias.Length;
        var raw = new int[bias.Length];
        for (int o = 0; o < bias.Length; o++)
        {
            long sum = 0;
            for (int k = 0; k < taps; k++)
            {
                sum += weights[o * taps + k];
            }

            long value = bias[o] + (long)inputZeroPoint * sum;
            if (value < int.MinValue || value > int.MaxValue)
            {
                throw new ArgumentException($"The unfolded bias of output channel {o}, {value}, does not fit int32.", nameof(bias));
            }

            raw[o] = (int)value;
        }

        return raw;
    }

    private sealed class Builder
    {
        private readonly Int8Network _network;
        private readonly IReadOnlyList<OracleLayerScales> _scales;
        private readonly OracleFullyConnectedForm _fc;
        private readonly bool _isolated;
        private readonly GraphProto _graph = new() { Name = "edgedigits_int8_oracle" };
        private readonly List<string> _opTypes = new();
        private string _tensor = InputName;
        private long[] _shape;

        public Builder(Int8Network network, IReadOnlyList<OracleLayerScales> scales, OracleFullyConnectedForm fc, bool isolated)
        {
            _network = network;
            _scales = scales;
            _fc = fc;
            _isolated = isolated;
            _shape = new long[] { 1, network.InputChannels, network.InputHeight, network.InputWidth };
        }

        public QdqOnnxModel Build()
        {
            _graph.Input.Add(Value(InputName, TensorProto.Types.DataType.Int8, _shape));
            var names = new List<string>();
            var shapes = new List<long[]>();
            var inputNames = new List<string>();
            var inputShapes = new List<long[]>();
            int next = 0;
            double? previousScale = null;
            int zeroPoint = Int8Network.InputZeroPoint;
            for (int i = 0; i < _network.LayerCount; i++)
            {
                string name = _network.LayerNames[i];
                QuantizedLayer layer = _network.Layers[i];
                if (_isolated)
                {
                    if (i > 0)
                    {
                        _tensor = name + ".isolated_input";
                        _graph.Input.Add(Value(_tensor, TensorProto.Types.DataType.Int8, _shape));
                    }

                    inputNames.Add(_tensor);
                    inputShapes.Add((long[])_shape.Clone());
                }

                if (layer is QuantizedMaxPool2D pool)
                {
                    EnsureShape(name, new long[] { 1, _network.InputChannelsOf(i), _network.InputHeightOf(i), _network.InputWidthOf(i) });
                    NodeProto node = Node("MaxPool", name, new[] { _tensor }, name);
                    node.Attribute.Add(Ints("kernel_shape", pool.KernelSize, pool.KernelSize));
                    node.Attribute.Add(Ints("strides", pool.Stride, pool.Stride));
                    _tensor = name;
                    _shape = new long[] { 1, _network.OutputChannels(i), _network.OutputHeight(i), _network.OutputWidth(i) };
                }
                else
                {
                    OracleLayerScales s = _scales[next++];
                    Check(name, s, layer, zeroPoint, previousScale);
                    if (layer is QuantizedConv2D conv)
                    {
                        EnsureShape(name, new long[] { 1, conv.InputChannels, _network.InputHeightOf(i), _network.InputWidthOf(i) });
                        QLinearConv(name, s, conv.Weights, new long[] { conv.OutputChannels, conv.InputChannels, conv.KernelSize, conv.KernelSize },
                            conv.Bias, conv.InputZeroPoint, ClampNeeded(conv.ActivationMin, conv.ActivationMax));
                        _shape = new long[] { 1, conv.OutputChannels, _network.OutputHeight(i), _network.OutputWidth(i) };
                        Clamp(name, conv.ActivationMin, conv.ActivationMax);
                    }
                    else
                    {
                        var dense = (QuantizedFullyConnected)layer;
                        bool clamp = ClampNeeded(dense.ActivationMin, dense.ActivationMax);
                        if (_fc == OracleFullyConnectedForm.QLinearConv)
                        {
                            EnsureShape(name, new long[] { 1, dense.InputFeatures, 1, 1 });
                            QLinearConv(name, s, dense.Weights, new long[] { dense.OutputFeatures, dense.InputFeatures, 1, 1 }, dense.Bias, dense.InputZeroPoint, clamp);
                            _shape = new long[] { 1, dense.OutputFeatures, 1, 1 };
                        }
                        else
                        {
                            EnsureShape(name, new long[] { 1, dense.InputFeatures });
                            QdqGemm(name, s, dense, clamp);
                            _shape = new long[] { 1, dense.OutputFeatures };
                        }

                        Clamp(name, dense.ActivationMin, dense.ActivationMax);
                    }

                    zeroPoint = s.OutputZeroPoint;
                    previousScale = s.OutputScale;
                }

                _graph.Output.Add(Value(_tensor, TensorProto.Types.DataType.Int8, _shape));
                names.Add(_tensor);
                shapes.Add((long[])_shape.Clone());
            }

            var model = new ModelProto
            {
                IrVersion = 8,
                ProducerName = "edgedigits-oracle",
                ProducerVersion = "1",
                DocString = $"{_network.Name}: int8 oracle graph (QOperator form, FullyConnected as {_fc}{(_isolated ? ", layers isolated" : "")}) exported by EdgeDigits.Tooling.Oracle.QdqOnnxExporter.",
                Graph = _graph,
            };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
            return new QdqOnnxModel(model, InputName, names, shapes, _opTypes, inputNames, inputShapes, _scales);
        }

        private static void Check(string name, OracleLayerScales s, QuantizedLayer layer, int zeroPoint, double? previousScale)
        {
            (int inZp, int outZp, int channels) = layer switch
            {
                QuantizedConv2D c => (c.InputZeroPoint, c.OutputZeroPoint, c.OutputChannels),
                QuantizedFullyConnected d => (d.InputZeroPoint, d.OutputZeroPoint, d.OutputFeatures),
                _ => throw new ArgumentException($"{name}: unexpected layer kind {layer.Kind}."),
            };
            if (s.InputZeroPoint != inZp || s.OutputZeroPoint != outZp || inZp != zeroPoint)
            {
                throw new ArgumentException($"{name}: the scales give zero points in {s.InputZeroPoint}, out {s.OutputZeroPoint}; the layer has in {inZp}, out {outZp} (its input has {zeroPoint}).");
            }

            if (s.WeightScales.Length != channels)
            {
                throw new ArgumentException($"{name}: {s.WeightScales.Length} weight scales for {channels} output channels.");
            }

            if (!Positive(s.InputScale) || !Positive(s.OutputScale) || !s.WeightScales.All(Positive))
            {
                throw new ArgumentException($"{name}: every scale must be positive and finite.");
            }

            if (previousScale is double p && Math.Abs(p - s.InputScale) > 1e-9 * p)
            {
                throw new ArgumentException($"{name}: input scale {s.InputScale:G9} differs from the previous layer's output scale {p:G9}.");
            }
        }

        private static bool Positive(double x) => x > 0 && double.IsFinite(x) && (float)x > 0 && float.IsFinite((float)x);

        private static bool ClampNeeded(int min, int max) => min > sbyte.MinValue || max < sbyte.MaxValue;

        private void QLinearConv(string name, OracleLayerScales s, sbyte[] weights, long[] weightShape, int[] bias, int inputZeroPoint, bool clamp)
        {
            int channels = (int)weightShape[0];
            string p = name + ".";
            Initializer(FloatTensor(p + "x_scale", new[] { (float)s.InputScale }));
            Initializer(Int8Tensor(p + "x_zero_point", new[] { (sbyte)s.InputZeroPoint }));
            Initializer(Int8Tensor(p + "w", weights, weightShape));
            Initializer(FloatTensor(p + "w_scale", s.WeightScales.Select(w => (float)w).ToArray(), channels));
            Initializer(Int8Tensor(p + "w_zero_point", new sbyte[channels], channels));
            Initializer(FloatTensor(p + "y_scale", new[] { (float)s.OutputScale }));
            Initializer(Int8Tensor(p + "y_zero_point", new[] { (sbyte)s.OutputZeroPoint }));
            Initializer(Int32Tensor(p + "bias", UnfoldBias(bias, weights, inputZeroPoint), channels));
            string output = clamp ? p + "unclamped" : name;
            NodeProto node = Node("QLinearConv", name, new[]
            {
                _tensor, p + "x_scale", p + "x_zero_point", p + "w", p + "w_scale", p + "w_zero_point", p + "y_scale", p + "y_zero_point", p + "bias",
            }, output);
            int k = (int)weightShape[2];
            node.Attribute.Add(Ints("kernel_shape", k, k));
            node.Attribute.Add(Ints("strides", 1, 1));
            node.Attribute.Add(Ints("pads", 0, 0, 0, 0));
            node.Attribute.Add(Ints("dilations", 1, 1));
            node.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            _tensor = output;
        }

        private void QdqGemm(string name, OracleLayerScales s, QuantizedFullyConnected dense, bool clamp)
        {
            int n = dense.OutputFeatures;
            string p = name + ".";
            Initializer(FloatTensor(p + "x_scale", new[] { (float)s.InputScale }));
            Initializer(Int8Tensor(p + "x_zero_point", new[] { (sbyte)s.InputZeroPoint }));
            Initializer(Int8Tensor(p + "w", dense.Weights, n, dense.InputFeatures));
            Initializer(FloatTensor(p + "w_scale", s.WeightScales.Select(w => (float)w).ToArray(), n));
            Initializer(Int8Tensor(p + "w_zero_point", new sbyte[n], n));
            // The bias scale as ONNX QDQ producers compute it: s_in · s_w in float32.
            Initializer(FloatTensor(p + "bias_scale", s.WeightScales.Select(w => (float)s.InputScale * (float)w).ToArray(), n));
            Initializer(Int32Tensor(p + "bias_zero_point", new int[n], n));
            Initializer(Int32Tensor(p + "bias", UnfoldBias(dense.Bias, dense.Weights, dense.InputZeroPoint), n));
            Initializer(FloatTensor(p + "y_scale", new[] { (float)s.OutputScale }));
            Initializer(Int8Tensor(p + "y_zero_point", new[] { (sbyte)s.OutputZeroPoint }));

            Node("DequantizeLinear", p + "dq_x", new[] { _tensor, p + "x_scale", p + "x_zero_point" }, p + "x_float");
            NodeProto dqW = Node("DequantizeLinear", p + "dq_w", new[] { p + "w", p + "w_scale", p + "w_zero_point" }, p + "w_float");
            dqW.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
            NodeProto dqB = Node("DequantizeLinear", p + "dq_bias", new[] { p + "bias", p + "bias_scale", p + "bias_zero_point" }, p + "bias_float");
            dqB.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
            NodeProto gemm = Node("Gemm", p + "gemm", new[] { p + "x_float", p + "w_float", p + "bias_float" }, p + "y_float");
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            string output = clamp ? p + "unclamped" : name;
            Node("QuantizeLinear", p + "q_y", new[] { p + "y_float", p + "y_scale", p + "y_zero_point" }, output);
            _tensor = output;
        }

        private void Clamp(string name, int min, int max)
        {
            if (!ClampNeeded(min, max))
            {
                return;
            }

            string p = name + ".";
            Initializer(Int8Tensor(p + "clip_min", new[] { (sbyte)min }));
            Initializer(Int8Tensor(p + "clip_max", new[] { (sbyte)max }));
            Node("Clip", p + "clip", new[] { _tensor, p + "clip_min", p + "clip_max" }, name);
            _tensor = name;
        }

        /// <summary>Reshapes the current tensor to <paramref name="shape"/> unless it has it already (row-major = NCHW flatten order).</summary>
        private void EnsureShape(string layer, long[] shape)
        {
            if (_shape.SequenceEqual(shape))
            {
                return;
            }

            string output = layer + ".input";
            Initializer(Int64Tensor(output + "_shape", shape, shape.Length));
            Node("Reshape", layer + ".reshape", new[] { _tensor, output + "_shape" }, output);
            _tensor = output;
            _shape = shape;
        }

        private NodeProto Node(string opType, string name, string[] inputs, string output)
        {
            var node = new NodeProto { OpType = opType, Name = name };
            node.Input.Add(inputs);
            node.Output.Add(output);
            _graph.Node.Add(node);
            if (!_opTypes.Contains(opType))
            {
                _opTypes.Add(opType);
            }

            return node;
        }

        private void Initializer(TensorProto tensor) => _graph.Initializer.Add(tensor);
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    /// <summary>A tensor; no dims gives a scalar.</summary>
    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)type };
        t.Dims.Add(dims);
        return t;
    }

    private static TensorProto Int8Tensor(string name, sbyte[] values, params long[] dims)
    {
        TensorProto t = Tensor(name, TensorProto.Types.DataType.Int8, dims);
        var bytes = new byte[values.Length];
        Buffer.BlockCopy(values, 0, bytes, 0, values.Length);
        t.RawData = ByteString.CopyFrom(bytes);
        return t;
    }

    private static TensorProto Int32Tensor(string name, int[] values, params long[] dims)
    {
        TensorProto t = Tensor(name, TensorProto.Types.DataType.Int32, dims);
        t.Int32Data.Add(values);
        return t;
    }

    private static TensorProto Int64Tensor(string name, long[] values, params long[] dims)
    {
        TensorProto t = Tensor(name, TensorProto.Types.DataType.Int64, dims);
        t.Int64Data.Add(values);
        return t;
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        TensorProto t = Tensor(name, TensorProto.Types.DataType.Float, dims);
        t.FloatData.Add(values);
        return t;
    }
}
