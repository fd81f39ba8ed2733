using EdgeDigits.Runtime;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>
/// Multiply-accumulates of one LeNet-5 inference, counted from the model's layer shapes: a valid (unpadded) stride-1
/// convolution of a C_in×H×W input with K×K kernels costs C_out·H_out·W_out·C_in·K·K MACs (H_out = H − K + 1);
/// a fully connected layer costs in·out MACs; max-pooling and softmax cost none.
/// </summary>
public static class InferenceCost
{
    /// <summary>MACs of one inference of <paramref name="model"/> on a 28×28 input.</summary>
    /// <param name="model">The quantized model.</param>
    /// <returns>The MAC count (281,640 for the 6-16-120-84-10 LeNet-5 with 5×5 kernels).</returns>
    public static long MacsPerInference(LeNet5Parameters model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int side = LeNet5.InputSize;
        long macs = ConvMacs(model.Conv1, ref side);
        side /= 2; // 2×2 max-pool
        macs += ConvMacs(model.Conv2, ref side);
        macs += FcMacs(model.Fc1) + FcMacs(model.Fc2) + FcMacs(model.Fc3);
        return macs;
    }

    private static long ConvMacs(QuantizedConv2D conv, ref int side)
    {
        side = side - conv.KernelSize + 1;
        return (long)conv.OutputChannels * side * side * conv.InputChannels * conv.KernelSize * conv.KernelSize;
    }

    private static long FcMacs(QuantizedFullyConnected fc)
    {
        return (long)fc.InputFeatures * fc.OutputFeatures;
    }
}
