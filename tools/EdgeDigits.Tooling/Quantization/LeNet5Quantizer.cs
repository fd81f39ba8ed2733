using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>
/// Quantizes a recognized float LeNet-5 with the TFLite int8 scheme into <see cref="LeNet5Parameters"/>:
/// weights symmetric per output channel, activations asymmetric per tensor (ReLU outputs get Z = −128),
/// int32 biases with the input zero point folded in, requantization as Q0.31 multiplier + shift, max pooling
/// and flatten keeping their input's quantization.
/// </summary>
/// <remarks>
/// Input: the float model sees <c>x = (p/255 − 0.5)/0.5 = 2p/255 − 1</c>. The int8 input is <c>q = p − 128</c> with
/// <c>S = 2/255, Z = −128</c>, i.e. it represents <c>2p/255</c> exactly; the remaining constant −1 is folded into
/// conv1's float bias, <c>b'[oc] = b[oc] − Σ_{k} W[oc, k]</c> (every output of the unpadded convolution sees all
/// 25 taps), before the bias is quantized. So raw pixels go in with no rounding at all.
/// </remarks>
public static class LeNet5Quantizer
{
    /// <summary>Input scale: one pixel step of 2p/255.</summary>
    public const double InputScale = 2.0 / 255.0;

    /// <summary>Quantizes the model.</summary>
    /// <param name="model">Recognized float LeNet-5.</param>
    /// <param name="calibration">Ranges of conv1, conv2, fc1, fc2 and the logits.</param>
    /// <param name="name">Model name stored in the parameters.</param>
    /// <param name="temperature">Softmax temperature T &gt; 0 folded into the exp table, whose scale becomes S_logits / T (<see cref="TemperatureScaling"/>).</param>
    /// <returns>The int8 model and its derivation.</returns>
    /// <exception cref="InvalidDataException">A calibrated range is not finite, or a layer's int32 bias or requantization
    /// multiplier overflows (weights or biases far too large); the message names the file, the layer and the node.</exception>
    /// <exception cref="ArgumentException">The runtime rejects the parameters (should not happen for a valid model).</exception>
    public static QuantizedLeNet5 Quantize(LeNet5FloatModel model, CalibrationResult calibration, string name = "LeNet-5 int8", double temperature = 1)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The softmax temperature must be a positive finite number.");
        }

        foreach (ActivationRange r in calibration.Ranges)
        {
            if (!float.IsFinite(r.Min) || !float.IsFinite(r.Max))
            {
                throw new InvalidDataException(
                    $"{model.Graph.SourceName}: activation '{r.Name}' has the calibrated range [{r.Min}, {r.Max}]: the float model overflows float on the calibration images (weights or biases far too large).");
            }
        }

        var activations = calibration.Ranges.Select(r => QuantizationMath.ActivationParameters(r.Min, r.Max)).ToArray();
        // ReLU outputs: the calibrated min is 0, so the nudge gives Z = −128 and the clamp at Z implements ReLU.
        var layers = new List<QuantizedLayerInfo>();

        var conv1Bias = new float[model.Conv1.OutputChannels];
        int taps = model.Conv1.Weights.Length / model.Conv1.OutputChannels;
        for (int oc = 0; oc < conv1Bias.Length; oc++)
        {
            double sum = 0;
            for (int k = 0; k < taps; k++)
            {
                sum += model.Conv1.Weights[oc * taps + k];
            }

            conv1Bias[oc] = (float)(model.Conv1.Bias[oc] - sum);
        }

        string source = model.Graph.SourceName;
        QuantizedConv2D conv1 = QuantizeConv(source, "conv1", model.Conv1, conv1Bias, InputScale, LeNet5Parameters.InputZeroPoint, activations[0], layers);
        QuantizedConv2D conv2 = QuantizeConv(source, "conv2", model.Conv2, model.Conv2.Bias, activations[0].Scale, activations[0].ZeroPoint, activations[1], layers);
        QuantizedFullyConnected fc1 = QuantizeDense(source, "fc1", model.Fc1, activations[1], activations[2], true, layers);
        QuantizedFullyConnected fc2 = QuantizeDense(source, "fc2", model.Fc2, activations[2], activations[3], true, layers);
        QuantizedFullyConnected fc3 = QuantizeDense(source, "fc3", model.Fc3, activations[3], activations[4], false, layers);
        double logitScale = activations[4].Scale;
        var parameters = new LeNet5Parameters(name, conv1, conv2, fc1, fc2, fc3, QuantizationMath.SoftmaxTable(logitScale / temperature));
        return new QuantizedLeNet5(parameters, layers, calibration, logitScale, temperature);
    }

    private static QuantizedConv2D QuantizeConv(string source, string name, Conv2DNode node, float[] bias, double inputScale, int inputZeroPoint,
        (double Scale, int ZeroPoint) output, List<QuantizedLayerInfo> layers)
    {
        (sbyte[] weights, double[] weightScales) = QuantizationMath.QuantizeWeightsPerChannel(node.Weights, node.OutputChannels);
        string where = $"{source}: layer {name} (node '{node.Name}')";
        int[] qBias = Bias(where, bias, inputScale, inputZeroPoint, weights, weightScales);
        (int[] multipliers, int[] shifts, double[] real) = Requantization(where, inputScale, weightScales, output.Scale);
        layers.Add(new QuantizedLayerInfo(name, node.Name, inputScale, inputZeroPoint, output.Scale, output.ZeroPoint, weightScales, real, multipliers, shifts, true));
        return new QuantizedConv2D(node.InputChannels, node.OutputChannels, node.KernelHeight, weights, qBias, multipliers, shifts,
            inputZeroPoint, output.ZeroPoint, output.ZeroPoint, 127);
    }

    private static QuantizedFullyConnected QuantizeDense(string source, string name, DenseNode node, (double Scale, int ZeroPoint) input,
        (double Scale, int ZeroPoint) output, bool relu, List<QuantizedLayerInfo> layers)
    {
        (sbyte[] weights, double[] weightScales) = QuantizationMath.QuantizeWeightsPerChannel(node.Weights, node.OutputFeatures);
        string where = $"{source}: layer {name} (node '{node.Name}')";
        int[] qBias = Bias(where, node.Bias, input.Scale, input.ZeroPoint, weights, weightScales);
        (int[] multipliers, int[] shifts, double[] real) = Requantization(where, input.Scale, weightScales, output.Scale);
        layers.Add(new QuantizedLayerInfo(name, node.Name, input.Scale, input.ZeroPoint, output.Scale, output.ZeroPoint, weightScales, real, multipliers, shifts, relu));
        return new QuantizedFullyConnected(node.InputFeatures, node.OutputFeatures, weights, qBias, multipliers, shifts,
            input.ZeroPoint, output.ZeroPoint, relu ? output.ZeroPoint : -128, 127);
    }

    private static int[] Bias(string where, float[] bias, double inputScale, int inputZeroPoint, sbyte[] weights, double[] weightScales)
    {
        try
        {
            return QuantizationMath.QuantizeBias(bias, inputScale, inputZeroPoint, weights, weightScales);
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException($"{where}: the int32 bias overflows: {e.Message} (the bias is far too large for the layer's weights and input scale).", e);
        }
    }

    private static (int[] Multipliers, int[] Shifts, double[] Real) Requantization(string where, double inputScale, double[] weightScales, double outputScale)
    {
        var multipliers = new int[weightScales.Length];
        var shifts = new int[weightScales.Length];
        var real = new double[weightScales.Length];
        for (int c = 0; c < weightScales.Length; c++)
        {
            real[c] = inputScale * weightScales[c] / outputScale;
            try
            {
                (multipliers[c], shifts[c]) = QuantizationMath.QuantizeMultiplier(real[c]);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new InvalidDataException(
                    $"{where}: the requantization multiplier of output channel {c} overflows: S_in·S_w/S_out = {inputScale:G6}·{weightScales[c]:G6}/{outputScale:G6} = {real[c]:G6} " +
                    $"does not fit a Q0.31 multiplier with a shift of at most 30 (the channel's largest weight, {weightScales[c] * QuantizationMath.WeightMax:G6}, is far too large).", e);
            }
        }

        return (multipliers, shifts, real);
    }
}
