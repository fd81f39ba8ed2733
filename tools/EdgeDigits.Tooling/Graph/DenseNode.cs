namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// Float fully connected layer, <c>y[o] = b[o] + Σ_i W[o, i] · x[i]</c>, from ONNX Gemm (alpha, beta and transB
/// folded into W and b; https://onnx.ai/onnx/operators/onnx__Gemm.html) or MatMul followed by Add.
/// Accumulates in double precision.
/// </summary>
public sealed class DenseNode : FloatNode
{
    /// <summary>Creates the node; input [1, N_in], output [1, N_out].</summary>
    /// <param name="name">Node name.</param>
    /// <param name="opType">"Gemm", "MatMul" or "MatMul+Add".</param>
    /// <param name="inputFeatures">N_in.</param>
    /// <param name="outputFeatures">N_out.</param>
    /// <param name="weights">[N_out, N_in] row-major, flat index o·N_in + i.</param>
    /// <param name="bias">[N_out].</param>
    public DenseNode(string name, string opType, int inputFeatures, int outputFeatures, float[] weights, float[] bias)
        : base(name, opType, new[] { 1, inputFeatures }, new[] { 1, outputFeatures })
    {
        InputFeatures = inputFeatures;
        OutputFeatures = outputFeatures;
        Weights = weights;
        Bias = bias;
    }

    /// <summary>N_in.</summary>
    public int InputFeatures { get; }

    /// <summary>N_out.</summary>
    public int OutputFeatures { get; }

    /// <summary>Weights [N_out, N_in].</summary>
    public float[] Weights { get; }

    /// <summary>Bias [N_out].</summary>
    public float[] Bias { get; }

    /// <inheritdoc />
    public override void Run(float[] input, float[] output)
    {
        for (int o = 0; o < OutputFeatures; o++)
        {
            double acc = Bias[o];
            int row = o * InputFeatures;
            for (int i = 0; i < InputFeatures; i++)
            {
                acc += (double)Weights[row + i] * input[i];
            }

            output[o] = (float)acc;
        }
    }
}
