using System.Buffers.Binary;
using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Onnx;

/// <summary>
/// Decodes ONNX <c>TensorProto</c> constants (initializers and Constant node values) into flat arrays.
/// Data may sit in <c>raw_data</c> (little-endian, fixed width, as the ONNX spec requires) or in the typed
/// fields (<c>float_data</c>, <c>double_data</c>, <c>int32_data</c>, <c>int64_data</c>); external data is rejected.
/// </summary>
internal static class OnnxTensors
{
    /// <summary>The dims of a tensor as ints; a tensor without dims is a scalar.</summary>
    /// <summary>Largest number of elements of any tensor the importer accepts (2^24: 64 MB of floats; LeNet-5 needs 4,704).</summary>
    public const long MaxElements = 1 << 24;

    /// <summary>The dims of a tensor as ints; a tensor without dims is a scalar.</summary>
    public static int[] Shape(TensorProto tensor, string context)
    {
        var shape = new int[tensor.Dims.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            long d = tensor.Dims[i];
            if (d < 0 || d > int.MaxValue)
            {
                throw new OnnxImportException($"{context}: tensor '{tensor.Name}' has an invalid dimension {d} in dims [{string.Join(",", tensor.Dims)}].");
            }

            shape[i] = (int)d;
        }

        CheckSize(shape, $"tensor '{tensor.Name}'", context);
        return shape;
    }

    /// <summary>Rejects a shape with more than <see cref="MaxElements"/> elements (computed without overflow).</summary>
    /// <param name="shape">Dimensions, each ≥ 0.</param>
    /// <param name="what">What has the shape, e.g. "graph input 'input'".</param>
    /// <param name="context">File and node, for the message.</param>
    public static void CheckSize(int[] shape, string what, string context)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
            if (n > MaxElements)
            {
                throw new OnnxImportException(
                    $"{context}: {what} has shape [{string.Join(",", shape)}], more than {MaxElements} elements; the shape is corrupt or far larger than EdgeDigits supports.");
            }
        }
    }

    /// <summary>Number of elements of a shape (1 for a scalar).</summary>
    public static long ElementCount(int[] shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }

        return n;
    }

    /// <summary>Reads a FLOAT or DOUBLE tensor as floats, row-major.</summary>
    public static float[] ReadFloats(TensorProto tensor, string context)
    {
        RejectExternal(tensor, context);
        long count = ElementCount(Shape(tensor, context));
        var type = (TensorProto.Types.DataType)tensor.DataType;
        RejectTwoSources(tensor, context);
        float[] values;
        if (type == TensorProto.Types.DataType.Float)
        {
            if (!tensor.RawData.IsEmpty)
            {
                var raw = tensor.RawData.Span;
                CheckRawLength(tensor, raw.Length, count, 4, context);
                values = new float[count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i, 4));
                }
            }
            else
            {
                CheckTypedLength(tensor, tensor.FloatData.Count, count, "float_data", context);
                values = tensor.FloatData.ToArray();
            }
        }
        else if (type == TensorProto.Types.DataType.Double)
        {
            if (!tensor.RawData.IsEmpty)
            {
                var raw = tensor.RawData.Span;
                CheckRawLength(tensor, raw.Length, count, 8, context);
                values = new float[count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(8 * i, 8));
                }
            }
            else
            {
                CheckTypedLength(tensor, tensor.DoubleData.Count, count, "double_data", context);
                values = tensor.DoubleData.Select(d => (float)d).ToArray();
            }
        }
        else
        {
            throw new OnnxImportException($"{context}: tensor '{tensor.Name}' has data type {type}; weights and biases must be FLOAT (or DOUBLE).");
        }

        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                throw new OnnxImportException($"{context}: tensor '{tensor.Name}' contains a non-finite value ({v}).");
            }
        }

        return values;
    }

    /// <summary>Reads an INT64 or INT32 tensor (e.g. a Reshape target shape) as longs.</summary>
    public static long[] ReadInt64s(TensorProto tensor, string context)
    {
        RejectExternal(tensor, context);
        long count = ElementCount(Shape(tensor, context));
        var type = (TensorProto.Types.DataType)tensor.DataType;
        RejectTwoSources(tensor, context);
        if (type == TensorProto.Types.DataType.Int64)
        {
            if (!tensor.RawData.IsEmpty)
            {
                var raw = tensor.RawData.Span;
                CheckRawLength(tensor, raw.Length, count, 8, context);
                var values = new long[count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(8 * i, 8));
                }

                return values;
            }

            CheckTypedLength(tensor, tensor.Int64Data.Count, count, "int64_data", context);
            return tensor.Int64Data.ToArray();
        }

        if (type == TensorProto.Types.DataType.Int32)
        {
            if (!tensor.RawData.IsEmpty)
            {
                var raw = tensor.RawData.Span;
                CheckRawLength(tensor, raw.Length, count, 4, context);
                var values = new long[count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(4 * i, 4));
                }

                return values;
            }

            CheckTypedLength(tensor, tensor.Int32Data.Count, count, "int32_data", context);
            return tensor.Int32Data.Select(v => (long)v).ToArray();
        }

        throw new OnnxImportException($"{context}: tensor '{tensor.Name}' has data type {type}; an integer (INT64) tensor is required here.");
    }

    /// <summary>A tensor's values must sit in exactly one field: raw_data or one typed field (ONNX TensorProto).</summary>
    private static void RejectTwoSources(TensorProto tensor, string context)
    {
        var fields = new List<string>();
        if (!tensor.RawData.IsEmpty)
        {
            fields.Add("raw_data");
        }

        if (tensor.FloatData.Count > 0)
        {
            fields.Add("float_data");
        }

        if (tensor.DoubleData.Count > 0)
        {
            fields.Add("double_data");
        }

        if (tensor.Int32Data.Count > 0)
        {
            fields.Add("int32_data");
        }

        if (tensor.Int64Data.Count > 0)
        {
            fields.Add("int64_data");
        }

        if (fields.Count > 1)
        {
            throw new OnnxImportException(
                $"{context}: tensor '{tensor.Name}' has values in both {string.Join(" and ", fields)}; exactly one field may hold them, so the file is corrupt.");
        }
    }

    private static void RejectExternal(TensorProto tensor, string context)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            string location = tensor.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "(unspecified)";
            throw new OnnxImportException(
                $"{context}: tensor '{tensor.Name}' keeps its data in an external file (location '{location}'); only self-contained .onnx files are supported. " +
                "Re-export with the weights embedded (e.g. onnx.save_model(model, path, save_as_external_data=False)).");
        }
    }

    private static void CheckRawLength(TensorProto tensor, int bytes, long count, int width, string context)
    {
        if (bytes != count * width)
        {
            throw new OnnxImportException(
                $"{context}: tensor '{tensor.Name}' has {bytes} bytes of raw_data but its dims [{string.Join(",", tensor.Dims)}] need {count} × {width} = {count * width}; the file is corrupt.");
        }
    }

    private static void CheckTypedLength(TensorProto tensor, int actual, long count, string field, string context)
    {
        if (actual != count)
        {
            throw new OnnxImportException(
                $"{context}: tensor '{tensor.Name}' has {actual} values in {field} but its dims [{string.Join(",", tensor.Dims)}] need {count}; the file is corrupt.");
        }
    }
}
