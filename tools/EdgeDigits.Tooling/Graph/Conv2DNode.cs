namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// Float 2-D convolution, stride 1, no padding, no dilation, one group (what the int8 runtime implements):
/// <c>y[oc, oy, ox] = b[oc] + Σ_{ic,ky,kx} W[oc, ic, ky, kx] · x[ic, oy + ky, ox + kx]</c>
/// (ONNX Conv, https://onnx.ai/onnx/operators/onnx__Conv.html), accumulated in double precision.
/// </summary>
public sealed class Conv2DNode : FloatNode
{
    /// <summary>Creates the node; the input is [1, C_in, H, W] and the output [1, C_out, H − KH + 1, W − KW + 1].</summary>
    /// <param name="name">Node name.</param>
    /// <param name="inputShape">[1, C_in, H, W].</param>
    /// <param name="weights">[C_out, C_in, KH, KW] (OIHW), flat index ((oc·C_in + ic)·KH + ky)·KW + kx.</param>
    /// <param name="weightShape">[C_out, C_in, KH, KW].</param>
    /// <param name="bias">[C_out].</param>
    public Conv2DNode(string name, int[] inputShape, float[] weights, int[] weightShape, float[] bias)
        : base(name, "Conv", inputShape,
            new[] { 1, weightShape[0], inputShape[2] - weightShape[2] + 1, inputShape[3] - weightShape[3] + 1 })
    {
        Weights = weights;
        Bias = bias;
        OutputChannels = weightShape[0];
        InputChannels = weightShape[1];
        KernelHeight = weightShape[2];
        KernelWidth = weightShape[3];
    }

    /// <summary>Weights [C_out, C_in, KH, KW], OIHW.</summary>
    public float[] Weights { get; }

    /// <summary>Bias [C_out].</summary>
    public float[] Bias { get; }

    /// <summary>C_out.</summary>
    public int OutputChannels { get; }

    /// <summary>C_in.</summary>
    public int InputChannels { get; }

    /// <summary>KH, in pixels.</summary>
    public int KernelHeight { get; }

    /// <summary>KW, in pixels.</summary>
    public int KernelWidth { get; }

    /// <inheritdoc />
    public override void Run(float[] input, float[] output)
    {
        int height = InputShape[2];
        int width = InputShape[3];
        int outHeight = OutputShape[2];
        int outWidth = OutputShape[3];
        int kh = KernelHeight;
        int kw = KernelWidth;
        for (int oc = 0; oc < OutputChannels; oc++)
        {
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    double acc = Bias[oc];
                    for (int ic = 0; ic < InputChannels; ic++)
                    {
                        int wBase = (oc * InputChannels + ic) * kh * kw;
                        int xBase = (ic * height + oy) * width + ox;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int wRow = wBase + ky * kw;
                            int xRow = xBase + ky * width;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                acc += (double)Weights[wRow + kx] * input[xRow + kx];
                            }
                        }
                    }

                    output[(oc * outHeight + oy) * outWidth + ox] = (float)acc;
                }
            }
        }
    }
}
