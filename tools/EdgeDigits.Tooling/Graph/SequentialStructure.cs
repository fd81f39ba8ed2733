using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// Recognizes in an imported graph the sequential networks the int8 runtime (<c>EdgeDigits.Runtime.Int8Engine</c>) runs: a
/// chain of Conv (square kernel), MaxPool (square window, equal strides) and Dense (Gemm or MatMul+Add) nodes, each Conv or
/// Dense optionally followed by a Relu (fused into its clamp), with an optional trailing Softmax. Layout-only nodes
/// (Flatten, Reshape, Identity, Transpose folded by the importer) may sit anywhere; a Dense layer reads its input flattened
/// in NCHW order. LeNet-5, an MLP, the Keras-style CNN and a linear classifier all fit.
/// </summary>
public static class SequentialStructure
{
    /// <summary>Most runtime layers (as <c>Int8Network.MaxLayers</c>).</summary>
    public const int MaxLayers = 64;

    /// <summary>Matches the graph.</summary>
    /// <param name="graph">The imported graph.</param>
    /// <returns>The recognized layers.</returns>
    /// <exception cref="InvalidDataException">The graph is not such a chain; the message names the file, the node and what
    /// the int8 runtime supports instead.</exception>
    public static SequentialFloatModel Recognize(FloatGraph graph)
    {
        string prefix = $"{graph.SourceName}: the graph is not a sequential network the int8 runtime implements";
        var chain = new List<int>();
        for (int i = graph.OutputIndex; i >= 0; i = graph.Nodes[i].InputIndex)
        {
            chain.Add(i);
        }

        chain.Reverse();
        if (chain.Count != graph.Nodes.Count)
        {
            FloatNode stray = graph.Nodes.Where((n, i) => !chain.Contains(i)).First();
            throw new InvalidDataException($"{prefix}: node {stray} does not lie on the path from the input to the output (branches are not supported).");
        }

        var compute = chain.Where(i => !graph.Nodes[i].IsLayoutOnly).ToList();
        bool hasSoftmax = compute.Count > 0 && graph.Nodes[compute[^1]] is SoftmaxNode;
        if (hasSoftmax)
        {
            compute.RemoveAt(compute.Count - 1);
        }

        if (compute.Count == 0)
        {
            throw new InvalidDataException($"{prefix}: it has no Conv, MaxPool, Gemm or MatMul node.");
        }

        var layers = new List<SequentialFloatLayer>();
        int convs = 0, pools = 0, denses = 0, activations = 0;
        for (int k = 0; k < compute.Count; k++)
        {
            FloatNode node = graph.Nodes[compute[k]];
            bool relu = k + 1 < compute.Count && graph.Nodes[compute[k + 1]] is ReluNode;
            switch (node)
            {
                case Conv2DNode conv:
                    if (conv.KernelHeight != conv.KernelWidth)
                    {
                        throw new InvalidDataException($"{prefix}: node {conv} has a {conv.KernelHeight}×{conv.KernelWidth} kernel; the int8 Conv2D kernels take square kernels.");
                    }

                    layers.Add(new SequentialFloatLayer(conv, $"conv{++convs}", relu, relu ? compute[k + 1] : compute[k], activations++));
                    break;
                case DenseNode dense:
                    layers.Add(new SequentialFloatLayer(dense, $"fc{++denses}", relu, relu ? compute[k + 1] : compute[k], activations++));
                    break;
                case MaxPool2DNode pool:
                    if (pool.KernelHeight != pool.KernelWidth || pool.StrideHeight != pool.StrideWidth)
                    {
                        throw new InvalidDataException(
                            $"{prefix}: node {pool} pools {pool.KernelHeight}×{pool.KernelWidth} with stride {pool.StrideHeight}×{pool.StrideWidth}; the int8 MaxPool2D takes a square window and equal strides.");
                    }

                    if (layers.Count == 0)
                    {
                        throw new InvalidDataException($"{prefix}: node {pool} pools the input image; the first layer must be a Conv or a fully connected layer.");
                    }

                    layers.Add(new SequentialFloatLayer(pool, $"pool{++pools}", false, compute[k], -1));
                    break;
                case ReluNode:
                    throw new InvalidDataException($"{prefix}: node {node} does not follow a Conv or a fully connected layer, so it cannot be fused into one (a Relu after a MaxPool: put it before the pool).");
                case SoftmaxNode:
                    throw new InvalidDataException($"{prefix}: node {node} is not at the end; only a trailing Softmax is supported.");
                default:
                    throw new InvalidDataException($"{prefix}: node {node} is not a Conv, MaxPool, Relu, Gemm or MatMul.");
            }

            if (relu)
            {
                k++;
            }

            if (layers.Count > MaxLayers)
            {
                throw new InvalidDataException($"{prefix}: more than {MaxLayers} layers.");
            }
        }

        if (layers[^1].Node is MaxPool2DNode)
        {
            throw new InvalidDataException($"{prefix}: it ends with node {layers[^1].Node}; the logits must come from a Conv or a fully connected layer.");
        }

        if (layers[^1].Relu)
        {
            throw new InvalidDataException($"{prefix}: the logits node {layers[^1].Node} is followed by a Relu; a classifier's logits are not clamped at zero.");
        }

        // The tool's own rule (not the runtime's, which takes any [C, H, W] and checks its limits itself, see
        // NetworkQuantizer): calibration and evaluation feed MNIST images, so the input must be one 28×28 image.
        if (graph.InputLength != MnistDataset.PixelCount)
        {
            throw new InvalidDataException(
                $"{prefix}: the input {Shapes.Format(graph.InputShape)} has {graph.InputLength} values; EdgeDigits calibrates on and feeds {MnistDataset.ImageSize}×{MnistDataset.ImageSize} images ({MnistDataset.PixelCount} values, e.g. [1,1,28,28]).");
        }

        (int c, int h, int w) = InputLayout(layers[0].Node);
        return new SequentialFloatModel(graph, layers, c, h, w, hasSoftmax);
    }

    private static (int C, int H, int W) InputLayout(FloatNode first)
    {
        if (first is Conv2DNode conv)
        {
            return (conv.InputShape[1], conv.InputShape[2], conv.InputShape[3]);
        }

        // A fully connected first layer reads the flattened image, whatever the graph input's layout ([1,784],
        // [1,1,28,28], [1,28,28,1]): the 784 values are the 28×28 digit in row-major order, the device's [1, 28, 28].
        return (1, MnistDataset.ImageSize, MnistDataset.ImageSize);
    }
}
