namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// A node that leaves the row-major data unchanged and only relabels its shape: ONNX Flatten, Reshape,
/// Identity, and a Transpose that only moves dimensions of size 1 (a layout no-op). A reordering Transpose whose
/// permutation the importer folded into the fully connected layer downstream also appears as one, with input and
/// output shape both the untransposed shape (e.g. NCHW [1,16,5,5]): the data keeps that order up to the layer.
/// </summary>
public sealed class LayoutNode : FloatNode
{
    /// <summary>Creates the node.</summary>
    /// <param name="name">Node name.</param>
    /// <param name="opType">"Flatten", "Reshape", "Identity" or "Transpose".</param>
    /// <param name="inputShape">Input shape.</param>
    /// <param name="outputShape">Output shape, same element count.</param>
    public LayoutNode(string name, string opType, int[] inputShape, int[] outputShape)
        : base(name, opType, inputShape, outputShape)
    {
    }

    /// <inheritdoc />
    public override bool IsLayoutOnly => true;

    /// <inheritdoc />
    public override void Run(float[] input, float[] output) => Array.Copy(input, output, output.Length);
}
