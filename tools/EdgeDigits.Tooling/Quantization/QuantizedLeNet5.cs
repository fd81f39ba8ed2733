using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Calibration;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>An int8 LeNet-5 as the runtime consumes it, plus how each number was derived.</summary>
/// <param name="Parameters">The runtime parameter set.</param>
/// <param name="Layers">conv1, conv2, fc1, fc2, fc3.</param>
/// <param name="Calibration">The calibration the activation ranges came from.</param>
/// <param name="LogitScale">Scale of the int8 logits (the softmax table uses it).</param>
/// <param name="Temperature">Softmax temperature folded into the table (<see cref="TemperatureScaling"/>; 1 = none).</param>
public sealed record QuantizedLeNet5(LeNet5Parameters Parameters, IReadOnlyList<QuantizedLayerInfo> Layers, CalibrationResult Calibration, double LogitScale, double Temperature = 1);
