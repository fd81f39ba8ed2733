namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// One operation of a <see cref="FloatGraph"/>: a single dynamic float input, a single float output, constant
/// parameters folded in at import. Shapes are static and include the batch dimension, which is 1.
/// </summary>
public abstract class FloatNode
{
    /// <summary>Creates a node.</summary>
    /// <param name="name">The ONNX node name (or a generated label when the file has none).</param>
    /// <param name="opType">The ONNX op type this node came from, e.g. "Conv", "Gemm", "MatMul+Add".</param>
    /// <param name="inputShape">Shape of the input tensor, batch first.</param>
    /// <param name="outputShape">Shape of the output tensor, batch first.</param>
    protected FloatNode(string name, string opType, int[] inputShape, int[] outputShape)
    {
        Name = name;
        OpType = opType;
        InputShape = inputShape;
        OutputShape = outputShape;
        OutputLength = Shapes.ElementCount(outputShape);
    }

    /// <summary>The ONNX node name.</summary>
    public string Name { get; }

    /// <summary>The ONNX op type (fused MatMul and Add read "MatMul+Add").</summary>
    public string OpType { get; }

    /// <summary>Input shape, batch first (NCHW for images).</summary>
    public int[] InputShape { get; }

    /// <summary>Output shape, batch first.</summary>
    public int[] OutputShape { get; }

    /// <summary>Number of output elements.</summary>
    public int OutputLength { get; }

    /// <summary>Index of the node whose output feeds this one, or −1 for the graph input. Set by <see cref="FloatGraph"/>.</summary>
    public int InputIndex { get; internal set; } = -1;

    /// <summary>True when the node only relabels the shape (Flatten, Reshape, Identity, a layout-only Transpose).</summary>
    public virtual bool IsLayoutOnly => false;

    /// <summary>Computes the output from the input; neither array is resized.</summary>
    /// <param name="input">Input values, row-major over <see cref="InputShape"/>.</param>
    /// <param name="output">Output values, row-major over <see cref="OutputShape"/>.</param>
    public abstract void Run(float[] input, float[] output);

    /// <summary>"'name' (OpType)", the way error messages name a node.</summary>
    public override string ToString() => $"'{Name}' ({OpType})";
}
