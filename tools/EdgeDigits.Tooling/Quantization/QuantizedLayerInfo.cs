namespace EdgeDigits.Tooling.Quantization;

/// <summary>The quantization of one layer, for the JSON report and the docs.</summary>
/// <param name="Name">conv1, conv2, fc1, fc2 or fc3.</param>
/// <param name="SourceNode">The ONNX node it came from.</param>
/// <param name="InputScale">S_in.</param>
/// <param name="InputZeroPoint">Z_in.</param>
/// <param name="OutputScale">S_out.</param>
/// <param name="OutputZeroPoint">Z_out.</param>
/// <param name="WeightScales">[C_out] S_w.</param>
/// <param name="RealMultipliers">[C_out] M = S_in · S_w / S_out.</param>
/// <param name="Multipliers">[C_out] Q0.31 multipliers.</param>
/// <param name="Shifts">[C_out] shifts (positive = left).</param>
/// <param name="Relu">Whether ReLU is fused (activation min = Z_out).</param>
public sealed record QuantizedLayerInfo(
    string Name,
    string SourceNode,
    double InputScale,
    int InputZeroPoint,
    double OutputScale,
    int OutputZeroPoint,
    double[] WeightScales,
    double[] RealMultipliers,
    int[] Multipliers,
    int[] Shifts,
    bool Relu);
