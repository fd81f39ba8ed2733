using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Onnx;

/// <summary>
/// Typed access to the attributes of one ONNX node, with errors that name the node. Every value is validated here,
/// where it is read: an attribute the op does not define, a repeated attribute, a 64-bit integer that does not fit
/// an int (it would otherwise be truncated, e.g. a stride of 2^32 + 2 running as 2) and a non-finite float are errors.
/// </summary>
internal sealed class OnnxNodeAttributes
{
    /// <summary>The attributes each supported op defines (https://onnx.ai/onnx/operators/, opset 7 and later).</summary>
    private static readonly Dictionary<string, string[]> KnownAttributes = new(StringComparer.Ordinal)
    {
        ["Conv"] = new[] { "auto_pad", "dilations", "group", "kernel_shape", "pads", "strides" },
        ["Relu"] = Array.Empty<string>(),
        ["MaxPool"] = new[] { "auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides" },
        ["Flatten"] = new[] { "axis" },
        ["Reshape"] = new[] { "allowzero" },
        ["Gemm"] = new[] { "alpha", "beta", "transA", "transB" },
        ["MatMul"] = Array.Empty<string>(),
        ["Add"] = Array.Empty<string>(),
        ["Softmax"] = new[] { "axis" },
        ["Transpose"] = new[] { "perm" },
        ["Identity"] = Array.Empty<string>(),
        ["Constant"] = new[] { "sparse_value", "value", "value_float", "value_floats", "value_int", "value_ints", "value_string", "value_strings" },
    };

    private readonly NodeProto _node;
    private readonly string _context;

    /// <summary>Wraps the attributes of <paramref name="node"/> and rejects any the op does not define.</summary>
    public OnnxNodeAttributes(NodeProto node, string context)
    {
        _node = node;
        _context = context;
        CheckNames();
    }

    public bool Has(string name) => Find(name) != null;

    public IEnumerable<string> Names => _node.Attribute.Select(a => a.Name);

    public int GetInt(string name, int defaultValue)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return defaultValue;
        }

        Expect(a, AttributeProto.Types.AttributeType.Int);
        return ToInt(a, a.I, null);
    }

    public float GetFloat(string name, float defaultValue)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return defaultValue;
        }

        Expect(a, AttributeProto.Types.AttributeType.Float);
        if (!float.IsFinite(a.F))
        {
            throw new OnnxImportException($"{_context}: attribute '{a.Name}' = {a.F} is not a finite number.");
        }

        return a.F;
    }

    public string GetString(string name, string defaultValue)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return defaultValue;
        }

        Expect(a, AttributeProto.Types.AttributeType.String);
        return a.S.ToStringUtf8();
    }

    public int[]? GetInts(string name)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return null;
        }

        Expect(a, AttributeProto.Types.AttributeType.Ints);
        var values = new int[a.Ints.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ToInt(a, a.Ints[i], i);
        }

        return values;
    }

    public TensorProto? GetTensor(string name)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return null;
        }

        Expect(a, AttributeProto.Types.AttributeType.Tensor);
        return a.T;
    }

    private void CheckNames()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        KnownAttributes.TryGetValue(_node.OpType, out string[]? known);
        foreach (AttributeProto a in _node.Attribute)
        {
            if (!seen.Add(a.Name))
            {
                throw new OnnxImportException($"{_context}: attribute '{a.Name}' is given more than once.");
            }

            if (known != null && Array.IndexOf(known, a.Name) < 0)
            {
                string expected = known.Length == 0 ? "it has none" : "it has " + string.Join(", ", known);
                throw new OnnxImportException($"{_context}: attribute '{a.Name}' is not an attribute of {_node.OpType} ({expected}).");
            }
        }
    }

    private int ToInt(AttributeProto a, long value, int? position)
    {
        if (value < int.MinValue || value > int.MaxValue)
        {
            string what = position == null ? $"'{a.Name}' = {value}" : $"'{a.Name}' [{string.Join(",", a.Ints)}] value {value}";
            throw new OnnxImportException($"{_context}: attribute {what} does not fit a 32-bit integer.");
        }

        return (int)value;
    }

    private AttributeProto? Find(string name) => _node.Attribute.FirstOrDefault(a => a.Name == name);

    private void Expect(AttributeProto a, AttributeProto.Types.AttributeType type)
    {
        // IR version 1 files carry no type discriminator; accept them when the value field is present.
        if (a.Type != type && a.Type != AttributeProto.Types.AttributeType.Undefined)
        {
            throw new OnnxImportException($"{_context}: attribute '{a.Name}' has type {a.Type}; expected {type}.");
        }
    }
}
