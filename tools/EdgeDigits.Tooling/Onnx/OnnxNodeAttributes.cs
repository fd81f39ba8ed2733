using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Onnx;

/// <summary>Typed access to the attributes of one ONNX node, with errors that name the node.</summary>
internal sealed class OnnxNodeAttributes
{
    private readonly NodeProto _node;
    private readonly string _context;

    public OnnxNodeAttributes(NodeProto node, string context)
    {
        _node = node;
        _context = context;
    }

    public bool Has(string name) => Find(name) != null;

    public IEnumerable<string> Names => _node.Attribute.Select(a => a.Name);

    public long GetInt(string name, long defaultValue)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return defaultValue;
        }

        Expect(a, AttributeProto.Types.AttributeType.Int);
        return a.I;
    }

    public float GetFloat(string name, float defaultValue)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return defaultValue;
        }

        Expect(a, AttributeProto.Types.AttributeType.Float);
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

    public long[]? GetInts(string name)
    {
        AttributeProto? a = Find(name);
        if (a == null)
        {
            return null;
        }

        Expect(a, AttributeProto.Types.AttributeType.Ints);
        return a.Ints.ToArray();
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
