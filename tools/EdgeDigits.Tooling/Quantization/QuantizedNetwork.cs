using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Calibration;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>An int8 network as the runtime consumes it, plus how each number was derived.</summary>
/// <param name="Parameters">The runtime parameter set.</param>
/// <param name="Layers">How each Conv2D and FullyConnected layer was quantized, in order.</param>
/// <param name="Calibration">The calibration the activation ranges came from.</param>
/// <param name="LogitScale">Scale of the int8 logits (the softmax table uses it).</param>
/// <param name="Temperature">Softmax temperature folded into the table (<see cref="TemperatureScaling"/>; 1 = none).</param>
public sealed record QuantizedNetwork(Int8Network Parameters, IReadOnlyList<QuantizedLayerInfo> Layers, CalibrationResult Calibration, double LogitScale, double Temperature = 1);
