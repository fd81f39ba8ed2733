using System.Buffers.Binary;
using EdgeDigits.Tooling.Onnx.Proto;
using Google.Protobuf;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// A Keras Sequential CNN laid out the way tf2onnx exports it, with seeded random weights:
/// input NHWC [N,28,28,1] → Transpose [0,3,1,2] → Conv 6@3×3 → Relu → MaxPool 2×2/2 → Conv 16@3×3 → Relu →
/// MaxPool 2×2/2 (floor: 11 → 5) → Transpose [0,2,3,1] (NCHW [1,16,5,5] → NHWC [1,5,5,16], Keras' Flatten order)
/// → Reshape (shape initializer, default [-1,400]) → MatMul [400,256] → Add → Relu → MatMul [256,10] → Add [→ Softmax].
/// </summary>
/// <remarks>
/// tf2onnx stores the conv kernels already transposed to OIHW and the dense kernels as Keras holds them,
/// [in, out], in raw_data; the batch dimensions are symbolic ("unk__…"). Opset 13, IR version 8.
/// </remarks>
internal sealed class Tf2OnnxCnn
{
    public const string InputName = "conv2d_input";
    public const string OutputName = "dense_1";
    public const string ToNchw = "sequential/conv2d/Conv2D__6";
    public const string ToNhwc = "sequential/flatten/Reshape__18";
    public const string Flatten = "sequential/flatten/Reshape";
    public const string ShapeConstant = "const_fold_opt__20";
    public const string Dense1 = "sequential/dense/MatMul";
    public const int Channels1 = 6;
    public const int Channels2 = 16;
    public const int Pooled = 5;
    public const int Flat = Channels2 * Pooled * Pooled;
    public const int Hidden = 256;
    public const int Classes = 10;

    private Tf2OnnxCnn(ModelProto model, float[] dense1Kernel, float[] dense2Kernel)
    {
        Model = model;
        Dense1Kernel = dense1Kernel;
        Dense2Kernel = dense2Kernel;
    }

    public ModelProto Model { get; }

    /// <summary>The first dense kernel as stored: [400, 256] row-major, row j = NHWC flat index (h·5 + w)·16 + c.</summary>
    public float[] Dense1Kernel { get; }

    /// <summary>The second dense kernel as stored: [256, 10] row-major.</summary>
    public float[] Dense2Kernel { get; }

    /// <summary>Builds the model.</summary>
    /// <param name="seed">Seed of the weights (He-uniform, ±√(6 / fan_in); biases ±0.1).</param>
    /// <param name="reshapeShape">The Reshape target; tf2onnx writes [-1,400].</param>
    /// <param name="softmax">Whether a Softmax ends the graph (Keras' final activation).</param>
    public static Tf2OnnxCnn Build(int seed, long[]? reshapeShape = null, bool softmax = true)
    {
        var rng = new Random(seed);
        var model = new ModelProto { IrVersion = 8, ProducerName = "tf2onnx", ProducerVersion = "1.16.1 15c810", Graph = new GraphProto { Name = "tf2onnx" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        GraphProto g = model.Graph;
        g.Input.Add(Value(InputName, "unk__22", 28, 28, 1));
        g.Output.Add(Value(OutputName, "unk__23", Classes));

        g.Initializer.Add(RawFloats("sequential/conv2d/Conv2D/ReadVariableOp:0", Uniform(rng, Channels1 * 1 * 9, 9), Channels1, 1, 3, 3));
        g.Initializer.Add(RawFloats("sequential/conv2d/BiasAdd/ReadVariableOp:0", Uniform(rng, Channels1, 0), Channels1));
        g.Initializer.Add(RawFloats("sequential/conv2d_1/Conv2D/ReadVariableOp:0", Uniform(rng, Channels2 * Channels1 * 9, Channels1 * 9), Channels2, Channels1, 3, 3));
        g.Initializer.Add(RawFloats("sequential/conv2d_1/BiasAdd/ReadVariableOp:0", Uniform(rng, Channels2, 0), Channels2));
        float[] dense1 = Uniform(rng, Flat * Hidden, Flat);
        g.Initializer.Add(RawFloats("sequential/dense/MatMul/ReadVariableOp:0", dense1, Flat, Hidden));
        g.Initializer.Add(RawFloats("sequential/dense/BiasAdd/ReadVariableOp:0", Uniform(rng, Hidden, 0), Hidden));
        float[] dense2 = Uniform(rng, Hidden * Classes, Hidden);
        g.Initializer.Add(RawFloats("sequential/dense_1/MatMul/ReadVariableOp:0", dense2, Hidden, Classes));
        g.Initializer.Add(RawFloats("sequential/dense_1/BiasAdd/ReadVariableOp:0", Uniform(rng, Classes, 0), Classes));
        g.Initializer.Add(Int64s(ShapeConstant, reshapeShape ?? new long[] { -1, Flat }));

        g.Node.Add(WithInts(Node("Transpose", ToNchw, InputName, "adjusted_input"), "perm", 0, 3, 1, 2));
        g.Node.Add(Conv("sequential/conv2d/Relu;sequential/conv2d/BiasAdd;sequential/conv2d/Conv2D", "adjusted_input", "conv2d", "sequential/conv2d"));
        g.Node.Add(Node("Relu", "sequential/conv2d/Relu", "conv2d", "relu"));
        g.Node.Add(Pool("sequential/max_pooling2d/MaxPool", "relu", "pool"));
        g.Node.Add(Conv("sequential/conv2d_1/Relu;sequential/conv2d_1/BiasAdd;sequential/conv2d_1/Conv2D", "pool", "conv2d_1", "sequential/conv2d_1"));
        g.Node.Add(Node("Relu", "sequential/conv2d_1/Relu", "conv2d_1", "relu_1"));
        g.Node.Add(Pool("sequential/max_pooling2d_1/MaxPool", "relu_1", "pool_1"));
        g.Node.Add(WithInts(Node("Transpose", ToNhwc, "pool_1", "pool_1_nhwc"), "perm", 0, 2, 3, 1));
        g.Node.Add(Node("Reshape", Flatten, "pool_1_nhwc", "flatten", ShapeConstant));
        g.Node.Add(Node("MatMul", Dense1, "flatten", "dense_matmul", "sequential/dense/MatMul/ReadVariableOp:0"));
        g.Node.Add(Node("Add", "sequential/dense/BiasAdd", "dense_matmul", "dense_biasadd", "sequential/dense/BiasAdd/ReadVariableOp:0"));
        g.Node.Add(Node("Relu", "sequential/dense/Relu", "dense_biasadd", "dense"));
        g.Node.Add(Node("MatMul", "sequential/dense_1/MatMul", "dense", "dense_1_matmul", "sequential/dense_1/MatMul/ReadVariableOp:0"));
        string logits = softmax ? "dense_1_biasadd" : OutputName;
        g.Node.Add(Node("Add", "sequential/dense_1/BiasAdd", "dense_1_matmul", logits, "sequential/dense_1/BiasAdd/ReadVariableOp:0"));
        if (softmax)
        {
            g.Node.Add(WithInt(Node("Softmax", "sequential/dense_1/Softmax", logits, OutputName), "axis", -1));
        }

        return new Tf2OnnxCnn(model, dense1, dense2);
    }

    /// <summary>A node whose first input is <paramref name="data"/>, followed by <paramref name="constants"/>.</summary>
    public static NodeProto Node(string opType, string name, string data, string output, params string[] constants)
    {
        var node = new NodeProto { OpType = opType, Name = name, Domain = "" };
        node.Input.Add(data);
        node.Input.Add(constants);
        node.Output.Add(output);
        return node;
    }

    public static NodeProto WithInts(NodeProto node, string name, params long[] values)
    {
        OnnxModels.SetInts(node, name, values);
        return node;
    }

    public static NodeProto WithInt(NodeProto node, string name, long value)
    {
        OnnxModels.SetInt(node, name, value);
        return node;
    }

    public static TensorProto Int64s(string name, long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        var raw = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * i), values[i]);
        }

        t.RawData = ByteString.CopyFrom(raw);
        return t;
    }

    public static TensorProto RawFloats(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims);
        var raw = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), values[i]);
        }

        t.RawData = ByteString.CopyFrom(raw);
        return t;
    }

    /// <summary>A FLOAT value with a symbolic batch dimension followed by fixed ones.</summary>
    public static ValueInfoProto Value(string name, string batch, params long[] dims)
    {
        ValueInfoProto value = OnnxModels.FloatValue(name, dims);
        value.Type.TensorType.Shape.Dim.Insert(0, new TensorShapeProto.Types.Dimension { DimParam = batch });
        return value;
    }

    /// <summary>Uniform in ±√(6 / fanIn) (He-uniform; keeps activations near unit scale), or ±0.1 for fanIn 0 (biases).</summary>
    public static float[] Uniform(Random rng, int count, int fanIn)
    {
        double limit = fanIn == 0 ? 0.1 : Math.Sqrt(6.0 / fanIn);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((rng.NextDouble() * 2 - 1) * limit);
        }

        return values;
    }

    private static NodeProto Conv(string name, string data, string output, string scope)
    {
        NodeProto node = Node("Conv", name, data, output, scope + "/Conv2D/ReadVariableOp:0", scope + "/BiasAdd/ReadVariableOp:0");
        OnnxModels.SetInts(node, "dilations", 1, 1);
        OnnxModels.SetInts(node, "strides", 1, 1);
        OnnxModels.SetInts(node, "kernel_shape", 3, 3);
        OnnxModels.SetInts(node, "pads", 0, 0, 0, 0);
        return node;
    }

    private static NodeProto Pool(string name, string data, string output)
    {
        NodeProto node = Node("MaxPool", name, data, output);
        OnnxModels.SetInts(node, "kernel_shape", 2, 2);
        OnnxModels.SetInts(node, "strides", 2, 2);
        OnnxModels.SetInts(node, "pads", 0, 0, 0, 0);
        return node;
    }
}
