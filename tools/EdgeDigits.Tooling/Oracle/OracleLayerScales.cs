using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Oracle;

/// <summary>
/// The real-valued quantization of one Conv2D or FullyConnected layer, as the ONNX QOperator form states it: the
/// exporter hands ONNX Runtime these scales (not the Q0.31 multipliers and shifts derived from them), so that ORT
/// derives its own requantization multiplier <c>s_in · s_w[c] / s_out</c>.
/// </summary>
/// <param name="InputScale">s_in.</param>
/// <param name="InputZeroPoint">Z_in.</param>
/// <param name="OutputScale">s_out.</param>
/// <param name="OutputZeroPoint">Z_out.</param>
/// <param name="WeightScales">[C_out] s_w, per output channel (weights are symmetric, zero point 0).</param>
public sealed record OracleLayerScales(double InputScale, int InputZeroPoint, double OutputScale, int OutputZeroPoint, double[] WeightScales)
{
    /// <summary>The scales of a layer as <see cref="NetworkQuantizer"/> recorded them.</summary>
    /// <param name="info">One entry of <see cref="QuantizedNetwork.Layers"/>.</param>
    /// <returns>The scales.</returns>
    public static OracleLayerScales From(QuantizedLayerInfo info) =>
        new(info.InputScale, info.InputZeroPoint, info.OutputScale, info.OutputZeroPoint, info.WeightScales);
}
