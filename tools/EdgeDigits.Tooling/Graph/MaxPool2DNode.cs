namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// Float 2-D max pooling without padding or dilation (ONNX MaxPool, https://onnx.ai/onnx/operators/onnx__MaxPool.html):
/// <c>y[c, oy, ox] = max_{ky,kx} x[c, oy·SH + ky, ox·SW + kx]</c>, output size floor((H − KH)/SH) + 1.
/// </summary>
public sealed class MaxPool2DNode : FloatNode
{
    /// <summary>Creates the node for an input [1, C, H, W].</summary>
    /// <param name="name">Node name.</param>
    /// <param name="inputShape">[1, C, H, W].</param>
    /// <param name="kernelHeight">KH.</param>
    /// <param name="kernelWidth">KW.</param>
    /// <param name="strideHeight">SH.</param>
    /// <param name="strideWidth">SW.</param>
    public MaxPool2DNode(string name, int[] inputShape, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth)
        : base(name, "MaxPool", inputShape,
            new[] { 1, inputShape[1], (inputShape[2] - kernelHeight) / strideHeight + 1, (inputShape[3] - kernelWidth) / strideWidth + 1 })
    {
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
    }

    /// <summary>KH.</summary>
    public int KernelHeight { get; }

    /// <summary>KW.</summary>
    public int KernelWidth { get; }

    /// <summary>SH.</summary>
    public int StrideHeight { get; }

    /// <summary>SW.</summary>
    public int StrideWidth { get; }

    /// <inheritdoc />
    public override void Run(float[] input, float[] output)
    {
        int channels = InputShape[1];
        int height = InputShape[2];
        int width = InputShape[3];
        int outHeight = OutputShape[2];
        int outWidth = OutputShape[3];
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    float best = float.NegativeInfinity;
                    for (int ky = 0; ky < KernelHeight; ky++)
                    {
                        for (int kx = 0; kx < KernelWidth; kx++)
                        {
                            float v = input[(c * height + oy * StrideHeight + ky) * width + ox * StrideWidth + kx];
                            if (v > best)
                            {
                                best = v;
                            }
                        }
                    }

                    output[(c * outHeight + oy) * outWidth + ox] = best;
                }
            }
        }
    }
}
