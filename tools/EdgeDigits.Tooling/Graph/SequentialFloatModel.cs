namespace EdgeDigits.Tooling.Graph;

/// <summary>One int8-runtime layer recognized in a float graph: a Conv2D or Dense node (with its ReLU, if fused) or a MaxPool2D node.</summary>
/// <param name="Node">The computing node: <see cref="Conv2DNode"/>, <see cref="MaxPool2DNode"/> or <see cref="DenseNode"/>.</param>
/// <param name="Name">Runtime layer name: conv1, pool1, fc1, … (numbered per kind, as <c>Int8Network.LayerNames</c>).</param>
/// <param name="Relu">True when a Relu follows the node and is fused into its clamp.</param>
/// <param name="OutputNode">Index of the graph node whose output is this layer's output (the Relu when fused).</param>
/// <param name="ActivationIndex">Index into <see cref="SequentialFloatModel.ActivationNodes"/> of this layer's quantized output,
/// or −1 for a pool (which keeps its input's quantization).</param>
public sealed record SequentialFloatLayer(FloatNode Node, string Name, bool Relu, int OutputNode, int ActivationIndex);

/// <summary>
/// A <see cref="FloatGraph"/> recognized as a sequential conv/pool/dense network (see <see cref="SequentialStructure"/>), with the
/// indices of the nodes whose outputs are the activation tensors the int8 model quantizes.
/// </summary>
public sealed class SequentialFloatModel
{
    internal SequentialFloatModel(FloatGraph graph, IReadOnlyList<SequentialFloatLayer> layers, int inputChannels, int inputHeight, int inputWidth, bool hasSoftmax)
    {
        Graph = graph;
        Layers = layers;
        InputChannels = inputChannels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        HasSoftmax = hasSoftmax;
        var compute = layers.Where(l => l.ActivationIndex >= 0).ToList();
        ActivationNodes = compute.Select(l => l.OutputNode).ToArray();
        ActivationNames = compute.Select((l, i) => i == compute.Count - 1 ? "logits" : l.Name).ToArray();
    }

    /// <summary>The whole imported graph.</summary>
    public FloatGraph Graph { get; }

    /// <summary>The runtime layers in order.</summary>
    public IReadOnlyList<SequentialFloatLayer> Layers { get; }

    /// <summary>C of the network input as the int8 runtime reads it ([C, H, W], NCHW).</summary>
    public int InputChannels { get; }

    /// <summary>H of the network input, in pixels.</summary>
    public int InputHeight { get; }

    /// <summary>W of the network input, in pixels.</summary>
    public int InputWidth { get; }

    /// <summary>
    /// Graph node indices of the quantized activations, one per Conv2D and Dense layer in order: the layer's output after its
    /// fused ReLU; the last one is the logits (before any softmax). Max pooling and flatten keep their input's quantization.
    /// </summary>
    public int[] ActivationNodes { get; }

    /// <summary>Names of the quantized activations, in the order of <see cref="ActivationNodes"/>: conv1, …, fc1, …, and "logits" for the last.</summary>
    public string[] ActivationNames { get; }

    /// <summary>Index of the node producing the logits, before any softmax.</summary>
    public int LogitsNode => ActivationNodes[^1];

    /// <summary>Number of classes (the logits' length).</summary>
    public int ClassCount => Graph.Nodes[LogitsNode].OutputLength;

    /// <summary>True when the graph ends with a Softmax (ignored by the int8 model, which computes its own confidences).</summary>
    public bool HasSoftmax { get; }

    /// <summary>Trainable parameters: weights and biases of every Conv2D and Dense layer.</summary>
    public int ParameterCount => Layers.Sum(l => l.Node switch
    {
        Conv2DNode c => c.Weights.Length + c.Bias.Length,
        DenseNode d => d.Weights.Length + d.Bias.Length,
        _ => 0,
    });
}
