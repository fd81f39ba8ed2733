namespace EdgeDigits.Tooling.Graph;

/// <summary>Float ReLU, <c>y = max(x, 0)</c> (ONNX Relu).</summary>
public sealed class ReluNode : FloatNode
{
    /// <summary>Creates the node; output shape equals input shape.</summary>
    /// <param name="name">Node name.</param>
    /// <param name="shape">Tensor shape.</param>
    public ReluNode(string name, int[] shape)
        : base(name, "Relu", shape, shape)
    {
    }

    /// <inheritdoc />
    public override void Run(float[] input, float[] output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = input[i] > 0f ? input[i] : 0f;
        }
    }
}
