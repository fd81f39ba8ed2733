namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// The layers of a <see cref="FloatGraph"/> recognized as LeNet-5 (see <see cref="LeNet5Structure"/>), with the
/// indices of the nodes whose outputs are the activation tensors the int8 model quantizes.
/// </summary>
public sealed class LeNet5FloatModel
{
    internal LeNet5FloatModel(FloatGraph graph, Conv2DNode conv1, Conv2DNode conv2, DenseNode fc1, DenseNode fc2, DenseNode fc3,
        int[] activationNodes, bool hasSoftmax)
    {
        Graph = graph;
        Conv1 = conv1;
        Conv2 = conv2;
        Fc1 = fc1;
        Fc2 = fc2;
        Fc3 = fc3;
        ActivationNodes = activationNodes;
        HasSoftmax = hasSoftmax;
    }

    /// <summary>Names of the quantized activation tensors, in the order of <see cref="ActivationNodes"/>.</summary>
    public static readonly string[] ActivationNames = { "conv1", "conv2", "fc1", "fc2", "logits" };

    /// <summary>The whole imported graph.</summary>
    public FloatGraph Graph { get; }

    /// <summary>conv1, [6, 1, 5, 5].</summary>
    public Conv2DNode Conv1 { get; }

    /// <summary>conv2, [16, 6, 5, 5].</summary>
    public Conv2DNode Conv2 { get; }

    /// <summary>fc1, [120, 256].</summary>
    public DenseNode Fc1 { get; }

    /// <summary>fc2, [84, 120].</summary>
    public DenseNode Fc2 { get; }

    /// <summary>fc3, [10, 84]; its output is the logits.</summary>
    public DenseNode Fc3 { get; }

    /// <summary>
    /// Graph node indices of the five quantized activations: conv1 after ReLU [6·24·24], conv2 after ReLU
    /// [16·8·8], fc1 after ReLU [120], fc2 after ReLU [84], logits [10] (before any softmax). Max pooling and
    /// flatten keep their input's quantization, so these five are all the int8 model needs.
    /// </summary>
    public int[] ActivationNodes { get; }

    /// <summary>Index of the node producing the logits (fc3), before any softmax.</summary>
    public int LogitsNode => ActivationNodes[4];

    /// <summary>True when the graph ends with a Softmax (ignored by the int8 model, which computes its own confidences).</summary>
    public bool HasSoftmax { get; }
}
