using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>
/// Quantizes a recognized sequential float network with the TFLite int8 scheme into an <see cref="Int8Network"/>:
/// weights symmetric per output channel, activations asymmetric per tensor (ReLU outputs get Z = −128),
/// int32 biases with the input zero point folded in, requantization as Q0.31 multiplier + shift, max pooling
/// and flatten keeping their input's quantization (TFLite quantization spec,
/// https://www.tensorflow.org/lite/performance/quantization_spec).
/// </summary>
/// <remarks>
/// Input: the float model sees <c>x = (p/255 − 0.5)/0.5 = 2p/255 − 1</c>. The int8 input is <c>q = p − 128</c> with
/// <c>S = 2/255, Z = −128</c>, i.e. it represents <c>2p/255</c> exactly; the remaining constant −1 is folded into the first
/// layer's float bias, <c>b'[oc] = b[oc] − Σ_{k} W[oc, k]</c> (every output of an unpadded convolution, and of a fully
/// connected layer, sees all its taps), before the bias is quantized. So raw pixels go in with no rounding at all.
/// </remarks>
public static class NetworkQuantizer
{
    /// <summary>Input scale: one pixel step of 2p/255.</summary>
    public const double InputScale = 2.0 / 255.0;

    /// <summary>Quantizes the model.</summary>
    /// <param name="model">Recognized float network.</param>
    /// <param name="calibration">Ranges of every Conv2D and Dense output, in order (the last one is the logits).</param>
    /// <param name="name">Model name stored in the network; null gives <see cref="DisplayName"/> of the source file.</param>
    /// <param name="temperature">Softmax temperature T &gt; 0 folded into the exp table, whose scale becomes S_logits / T (<see cref="TemperatureScaling"/>).</param>
    /// <returns>The int8 model and its derivation.</returns>
    /// <exception cref="InvalidDataException">A calibrated range is not finite, or a layer's int32 bias or requantization
    /// multiplier overflows (weights or biases far too large); the message names the file, the layer and the node.</exception>
    /// <exception cref="InvalidDataException">The int8 runtime refuses a layer or the network (its limits: 3..1,000 classes, pool
    /// windows and strides 1..64, sizes); the message names the file and carries the runtime's reason.</exception>
    /// <exception cref="ArgumentException">The calibration does not have one range per quantized activation.</exception>
    public static QuantizedNetwork Quantize(SequentialFloatModel model, CalibrationResult calibration, string? name = null, double temperature = 1)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The softmax temperature must be a positive finite number.");
        }

        if (calibration.Ranges.Count != model.ActivationNodes.Length)
        {
            throw new ArgumentException($"The calibration has {calibration.Ranges.Count} ranges; the model quantizes {model.ActivationNodes.Length} activations.", nameof(calibration));
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
        var infos = new List<QuantizedLayerInfo>();
        var layers = new List<QuantizedLayer>();
        string source = model.Graph.SourceName;
        (double Scale, int ZeroPoint) input = (InputScale, Int8Network.InputZeroPoint);
        for (int i = 0; i < model.Layers.Count; i++)
        {
            SequentialFloatLayer layer = model.Layers[i];
            if (layer.Node is MaxPool2DNode pool)
            {
                layers.Add(Runtime(source, layer.Name, () => new QuantizedMaxPool2D(pool.KernelHeight, pool.StrideHeight)));
                continue;
            }

            (double Scale, int ZeroPoint) output = activations[layer.ActivationIndex];
            if (layer.Node is Conv2DNode conv)
            {
                float[] bias = i == 0 ? FoldInputOffset(conv.Weights, conv.Bias) : conv.Bias;
                layers.Add(QuantizeConv(source, layer.Name, conv, bias, input.Scale, input.ZeroPoint, output, layer.Relu, infos));
            }
            else
            {
                var dense = (DenseNode)layer.Node;
                float[] bias = i == 0 ? FoldInputOffset(dense.Weights, dense.Bias) : dense.Bias;
                layers.Add(QuantizeDense(source, layer.Name, dense, bias, input, output, layer.Relu, infos));
            }

            input = output;
        }

        double logitScale = activations[^1].Scale;
        // The runtime's own checks (class count, pool window and stride, sizes) are the one rule: their messages name the
        // layer, and the file is added here.
        var network = Runtime(source, "network", () => new Int8Network(name ?? DisplayName(model.Graph.SourceName), model.InputChannels, model.InputHeight,
            model.InputWidth, layers.ToArray(), QuantizationMath.SoftmaxTable(logitScale / temperature)));
        return new QuantizedNetwork(network, infos, calibration, logitScale, temperature);
    }

    /// <summary>Builds a runtime object; its <see cref="ArgumentException"/> (a limit of the int8 runtime) becomes an
    /// <see cref="InvalidDataException"/> naming the file and the layer.</summary>
    private static T Runtime<T>(string source, string what, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: the int8 runtime refuses {what}: {e.Message}", e);
        }
    }

    /// <summary>The name a model file gets on the device: "LeNet-5 int8" for lenet5.onnx, else "&lt;file stem&gt; int8" (e.g. "mlp int8").</summary>
    /// <param name="sourceName">The ONNX file name or path.</param>
    /// <returns>The display name.</returns>
    public static string DisplayName(string sourceName)
    {
        string stem = Path.GetFileNameWithoutExtension(sourceName);
        return (stem == "lenet5" ? "LeNet-5" : stem) + " int8";
    }

    /// <summary><c>b'[o] = b[o] − Σ_k W[o, k]</c>: the float input's constant −1, moved into the first layer's bias.</summary>
    private static float[] FoldInputOffset(float[] weights, float[] bias)
    {
        var folded = new float[bias.Length];
        int taps = weights.Length / bias.Length;
        for (int o = 0; o < bias.Length; o++)
        {
            double sum = 0;
            for (int k = 0; k < taps; k++)
            {
                sum += weights[o * taps + k];
            }

            folded[o] = (float)(bias[o] - sum);
        }

        return folded;
    }

    private static QuantizedConv2D QuantizeConv(string source, string name, Conv2DNode node, float[] bias, double inputScale, int inputZeroPoint,
        (double Scale, int ZeroPoint) output, bool relu, List<QuantizedLayerInfo> layers)
    {
        (sbyte[] weights, double[] weightScales) = QuantizationMath.QuantizeWeightsPerChannel(node.Weights, node.OutputChannels);
        string where = $"{source}: layer {name} (node '{node.Name}')";
        int[] qBias = Bias(where, bias, inputScale, inputZeroPoint, weights, weightScales);
        (int[] multipliers, int[] shifts, double[] real) = Requantization(where, inputScale, weightScales, output.Scale);
        layers.Add(new QuantizedLayerInfo(name, node.Name, inputScale, inputZeroPoint, output.Scale, output.ZeroPoint, weightScales, real, multipliers, shifts, relu));
        return new QuantizedConv2D(node.InputChannels, node.OutputChannels, node.KernelHeight, weights, qBias, multipliers, shifts,
            inputZeroPoint, output.ZeroPoint, relu ? output.ZeroPoint : -128, 127);
    }

    private static QuantizedFullyConnected QuantizeDense(string source, string name, DenseNode node, float[] bias, (double Scale, int ZeroPoint) input,
        (double Scale, int ZeroPoint) output, bool relu, List<QuantizedLayerInfo> layers)
    {
        (sbyte[] weights, double[] weightScales) = QuantizationMath.QuantizeWeightsPerChannel(node.Weights, node.OutputFeatures);
        string where = $"{source}: layer {name} (node '{node.Name}')";
        int[] qBias = Bias(where, bias, input.Scale, input.ZeroPoint, weights, weightScales);
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
