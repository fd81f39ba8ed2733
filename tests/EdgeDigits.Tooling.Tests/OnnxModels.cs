using EdgeDigits.Tooling.Onnx.Proto;
using Google.Protobuf;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Builds and edits ONNX models with the generated protobuf classes.</summary>
internal static class OnnxModels
{
    public static ModelProto LoadShipped() => ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestData.ModelPath));

    public static NodeProto Node(ModelProto model, string opType, int occurrence = 0) =>
        model.Graph.Node.Where(n => n.OpType == opType).ElementAt(occurrence);

    public static void SetInts(NodeProto node, string name, params long[] values)
    {
        Remove(node, name);
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        node.Attribute.Add(attribute);
    }

    public static void SetInt(NodeProto node, string name, long value)
    {
        Remove(node, name);
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
    }

    public static void SetFloat(NodeProto node, string name, float value)
    {
        Remove(node, name);
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
    }

    private static void Remove(NodeProto node, string name)
    {
        AttributeProto? existing = node.Attribute.FirstOrDefault(a => a.Name == name);
        if (existing != null)
        {
            node.Attribute.Remove(existing);
        }
    }

    public static ValueInfoProto FloatValue(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims);
        t.FloatData.Add(values);
        return t;
    }

    /// <summary>A one-node model: input [1,1,28,28] → op → output.</summary>
    public static ModelProto SingleNode(string opType, string nodeName)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "edgedigits-tests", Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        model.Graph.Input.Add(FloatValue("input", 1, 1, 28, 28));
        model.Graph.Output.Add(FloatValue("output", 1, 1, 28, 28));
        var node = new NodeProto { Name = nodeName, OpType = opType };
        node.Input.Add("input");
        node.Output.Add("output");
        model.Graph.Node.Add(node);
        return model;
    }

    public static byte[] Bytes(ModelProto model) => model.ToByteArray();
}
