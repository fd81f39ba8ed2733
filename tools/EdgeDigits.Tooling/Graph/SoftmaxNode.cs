namespace EdgeDigits.Tooling.Graph;

/// <summary>Float softmax over the last axis, <c>y[i] = exp(x[i] − max x) / Σ_j exp(x[j] − max x)</c> (ONNX Softmax).</summary>
public sealed class SoftmaxNode : FloatNode
{
    /// <summary>Creates the node; output shape equals input shape.</summary>
    /// <param name="name">Node name.</param>
    /// <param name="shape">Tensor shape; softmax runs over the last dimension.</param>
    public SoftmaxNode(string name, int[] shape)
        : base(name, "Softmax", shape, shape)
    {
    }

    /// <inheritdoc />
    public override void Run(float[] input, float[] output)
    {
        int n = InputShape[^1];
        for (int start = 0; start < output.Length; start += n)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                max = Math.Max(max, input[start + i]);
            }

            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += Math.Exp(input[start + i] - max);
            }

            for (int i = 0; i < n; i++)
            {
                output[start + i] = (float)(Math.Exp(input[start + i] - max) / sum);
            }
        }
    }
}
