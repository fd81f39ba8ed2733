using System.Text;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Oracle;
using Microsoft.ML.OnnxRuntime;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Layer-by-layer tally of ONNX Runtime's int8 outputs (the oracle) against ours (<see cref="NetworkReference"/>) over
/// a set of images: per layer the elements compared, equal, off by exactly 1 LSB, off by more, and the largest difference;
/// and how often the predicted class (first arg max of the int8 logits) agrees.
/// </summary>
/// <remarks>
/// For an isolated graph (each ORT layer fed our previous layer's output) every 1-LSB difference of a Conv2D or
/// FullyConnected element is also checked against the exact real value <c>v = Z_out + s_in·s_w[c]/s_out · acc</c> (acc the
/// exact int32 accumulator of the oracle's network, in double): it is <em>explained</em> when v lies within
/// <see cref="TieWindow"/> of a half-integer, where a correct single rounding (ORT) and a correct double rounding (ours)
/// may legitimately disagree. Anything else is a real difference even at 1 LSB.
/// </remarks>
internal sealed class OracleComparison
{
    public OracleComparison(string[] layerNames)
    {
        LayerNames = layerNames;
        Elements = new long[layerNames.Length];
        OffByOne = new long[layerNames.Length];
        Beyond = new long[layerNames.Length];
        MaxDifference = new int[layerNames.Length];
    }

    public string[] LayerNames { get; }

    /// <summary>[layers] 1-LSB differences not within <see cref="TieWindow"/> of a rounding tie (isolated graphs only).</summary>
    public long[] Unexplained { get; private set; } = Array.Empty<long>();

    /// <summary>
    /// [layers] explained 1-LSB differences where our output is not the single, correctly rounded (half up) value of
    /// acc × our own Q0.31 multiplier: TFLite's double rounding moved it. The rest are ORT's side of the tie (its float32
    /// multiplier and product, and round-half-to-even).
    /// </summary>
    public long[] DoubleRounding { get; private set; } = Array.Empty<long>();

    /// <summary>The first unexplained 1-LSB difference.</summary>
    public string? FirstUnexplained { get; private set; }

    public long[] Elements { get; }

    /// <summary>[layers] elements with |ORT − ours| = 1.</summary>
    public long[] OffByOne { get; }

    /// <summary>[layers] elements with |ORT − ours| &gt; 1.</summary>
    public long[] Beyond { get; }

    public int[] MaxDifference { get; }

    public int Images { get; private set; }

    public int ClassAgreements { get; private set; }

    /// <summary>The first element off by more than 1 LSB: image, layer, index, ORT, ours.</summary>
    public string? FirstBeyond { get; private set; }

    /// <summary>Runs <paramref name="count"/> MNIST test images through both and tallies.</summary>
    /// <param name="oracleNetwork">The network the ORT graph was exported from.</param>
    /// <param name="oracle">The exported graph; if isolated, each layer gets our previous layer's output as its input.</param>
    /// <param name="ours">The network run by our reference kernels (the same one, or a deliberately perturbed copy).</param>
    /// <param name="images">MNIST images.</param>
    /// <param name="count">Images 0..count−1 are used.</param>
    /// <param name="level">ORT graph optimization level.</param>
    public static OracleComparison Run(Int8Network oracleNetwork, QdqOnnxModel oracle, Int8Network ours, MnistDataset images, int count,
        GraphOptimizationLevel level = GraphOptimizationLevel.ORT_DISABLE_ALL)
    {
        using var session = new OracleSession(oracle, oracleNetwork, level);
        var reference = new NetworkReference(ours);
        var comparison = new OracleComparison(ours.LayerNames);
        bool isolated = oracle.LayerInputNames.Count > 0;
        if (isolated)
        {
            comparison.Unexplained = new long[ours.LayerCount];
            comparison.DoubleRounding = new long[ours.LayerCount];
        }

        for (int i = 0; i < count; i++)
        {
            byte[] pixels = images.CopyImage(i);
            reference.Run(pixels);
            sbyte[][] expected = session.Run(pixels, isolated ? reference.LayerOutputs : null);
            comparison.Add(i, expected, reference.LayerOutputs);
            if (isolated)
            {
                comparison.Explain(i, oracleNetwork, oracle.Scales, pixels, expected, reference.LayerOutputs);
            }
        }

        return comparison;
    }

    /// <summary>
    /// Half-width of the window around a half-integer in which ORT and we may round differently: the first rounding of
    /// TFLite's double rounding is at 2^−right of an output step (right = −shift, the right shift of the Q0.31 multiplier),
    /// so it can move a value by up to 2^−(right+1); ORT's float32 multiply and multiplier add a relative error of a few
    /// 2^−24; the Q0.31 multiplier itself 2^−31.
    /// </summary>
    public static double TieWindow(double v, double multiplier)
    {
        int right = 0;
        for (double m = multiplier; m < 0.5 && right < 62; m *= 2)
        {
            right++;
        }

        return Math.Pow(2, -(right + 1)) + Math.Abs(v) * Math.Pow(2, -21) + 1e-9;
    }

    private void Explain(int image, Int8Network network, IReadOnlyList<OracleLayerScales> scales, byte[] pixels, sbyte[][] oracle, sbyte[][] ours)
    {
        int next = 0;
        for (int l = 0; l < network.LayerCount; l++)
        {
            QuantizedLayer layer = network.Layers[l];
            if (layer.Kind == LayerKind.MaxPool2D)
            {
                continue;
            }

            OracleLayerScales s = scales[next++];
            sbyte[] input = l == 0 ? pixels.Select(p => (sbyte)(p + Int8Network.InputZeroPoint)).ToArray() : ours[l - 1];
            for (int i = 0; i < ours[l].Length; i++)
            {
                if (Math.Abs(oracle[l][i] - ours[l][i]) != 1)
                {
                    continue;
                }

                (long acc, int channel) = Accumulator(network, l, input, i);
                double multiplier = s.InputScale * s.WeightScales[channel] / s.OutputScale;
                double real = acc * multiplier;
                double v = real + s.OutputZeroPoint;
                double distance = Math.Abs(v - Math.Floor(v) - 0.5);
                if (distance > TieWindow(real, multiplier))
                {
                    Unexplained[l]++;
                    FirstUnexplained ??= $"image {image}, {LayerNames[l]}[{i}]: exact {v:F6}, ORT {oracle[l][i]}, ours {ours[l][i]}";
                }
                else if (SingleRounding(layer, acc, channel) != ours[l][i])
                {
                    DoubleRounding[l]++;
                }
            }
        }
    }

    /// <summary>Z_out + round-half-up(acc · multiplier · 2^(shift − 31)), exactly, clamped: what one rounding of our own multiplier gives.</summary>
    private static int SingleRounding(QuantizedLayer layer, long acc, int channel)
    {
        (int multiplier, int shift, int zero, int min, int max) = layer switch
        {
            QuantizedConv2D c => (c.OutputMultiplier[channel], c.OutputShift[channel], c.OutputZeroPoint, c.ActivationMin, c.ActivationMax),
            QuantizedFullyConnected d => (d.OutputMultiplier[channel], d.OutputShift[channel], d.OutputZeroPoint, d.ActivationMin, d.ActivationMax),
            _ => throw new ArgumentException("no requantization"),
        };
        System.Numerics.BigInteger product = acc * (System.Numerics.BigInteger)multiplier;
        int exponent = 31 - shift;
        System.Numerics.BigInteger rounded = (product + (System.Numerics.BigInteger.One << (exponent - 1))) >> exponent;
        return (int)Math.Clamp((long)rounded + zero, min, max);
    }

    /// <summary>The exact int32 accumulator of output element <paramref name="index"/>: raw bias + Σ W · (x − Z_in).</summary>
    private static (long Acc, int Channel) Accumulator(Int8Network network, int l, sbyte[] x, int index)
    {
        if (network.Layers[l] is QuantizedConv2D conv)
        {
            int h = network.InputHeightOf(l);
            int w = network.InputWidthOf(l);
            int oh = network.OutputHeight(l);
            int ow = network.OutputWidth(l);
            int oc = index / (oh * ow);
            int oy = index / ow % oh;
            int ox = index % ow;
            int k = conv.KernelSize;
            long acc = QdqOnnxExporter.UnfoldBias(conv.Bias, conv.Weights, conv.InputZeroPoint)[oc];
            for (int ic = 0; ic < conv.InputChannels; ic++)
            {
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        acc += (long)conv.Weights[((oc * conv.InputChannels + ic) * k + ky) * k + kx] * (x[(ic * h + oy + ky) * w + ox + kx] - conv.InputZeroPoint);
                    }
                }
            }

            return (acc, oc);
        }

        var dense = (QuantizedFullyConnected)network.Layers[l];
        long sum = QdqOnnxExporter.UnfoldBias(dense.Bias, dense.Weights, dense.InputZeroPoint)[index];
        for (int i = 0; i < dense.InputFeatures; i++)
        {
            sum += (long)dense.Weights[index * dense.InputFeatures + i] * (x[i] - dense.InputZeroPoint);
        }

        return (sum, index);
    }

    public void Add(int image, sbyte[][] oracle, sbyte[][] ours)
    {
        if (oracle.Length != ours.Length)
        {
            throw new InvalidOperationException($"ORT returned {oracle.Length} layer outputs, ours has {ours.Length}.");
        }

        for (int l = 0; l < ours.Length; l++)
        {
            if (oracle[l].Length != ours[l].Length)
            {
                throw new InvalidOperationException($"{LayerNames[l]}: ORT output has {oracle[l].Length} values, ours {ours[l].Length}.");
            }

            for (int i = 0; i < ours[l].Length; i++)
            {
                int d = Math.Abs(oracle[l][i] - ours[l][i]);
                if (d == 1)
                {
                    OffByOne[l]++;
                }
                else if (d > 1)
                {
                    Beyond[l]++;
                    FirstBeyond ??= $"image {image}, {LayerNames[l]}[{i}]: ORT {oracle[l][i]}, ours {ours[l][i]}";
                }

                MaxDifference[l] = Math.Max(MaxDifference[l], d);
            }

            Elements[l] += ours[l].Length;
        }

        Images++;
        ClassAgreements += ArgMax(oracle[^1]) == ArgMax(ours[^1]) ? 1 : 0;
    }

    /// <summary>Layers where some element differs by more than 1 LSB.</summary>
    public IEnumerable<string> LayersBeyondOneLsb() => Enumerable.Range(0, LayerNames.Length).Where(l => Beyond[l] > 0).Select(l => LayerNames[l]);

    public string Report(string title)
    {
        var text = new StringBuilder();
        text.AppendLine($"{title}: {Images} MNIST test images; predicted class agrees on {ClassAgreements}/{Images}");
        bool explained = Unexplained.Length > 0;
        text.AppendLine($"  {"layer",-8} {"elements",10} {"equal",10} {"off by 1",9} {"> 1",6} {"max",4}" + (explained ? $" {"1 LSB not at a tie",19} {"tie, double rounding",24}" : ""));
        for (int l = 0; l < LayerNames.Length; l++)
        {
            text.AppendLine($"  {LayerNames[l],-8} {Elements[l],10} {Elements[l] - OffByOne[l] - Beyond[l],10} {OffByOne[l],9} {Beyond[l],6} {MaxDifference[l],4}"
                + (explained ? $" {Unexplained[l],19} {DoubleRounding[l],24}" : ""));
        }

        if (FirstUnexplained != null)
        {
            text.AppendLine($"  first 1-LSB difference away from a rounding tie: {FirstUnexplained}");
        }

        if (FirstBeyond != null)
        {
            text.AppendLine($"  first difference beyond 1 LSB: {FirstBeyond}");
        }

        return text.ToString();
    }

    private static int ArgMax(sbyte[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
