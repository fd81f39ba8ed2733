namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// Recognizes LeNet-5 in an imported graph: conv 6@5×5 → ReLU → maxpool 2×2/2 → conv 16@5×5 → ReLU →
/// maxpool 2×2/2 → flatten (NCHW order) → fc 256→120 → ReLU → fc 120→84 → ReLU → fc 84→10 [→ Softmax] on a
/// [1,1,28,28] input, the network the int8 runtime (<c>EdgeDigits.Runtime.LeNet5</c>) implements.
/// Layout-only nodes (Flatten, Reshape, Identity, no-op Transpose) may sit anywhere in the chain.
/// </summary>
public static class LeNet5Structure
{
    private static readonly string[] Expected =
        { "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Dense", "Relu", "Dense", "Relu", "Dense" };

    /// <summary>Matches the graph against LeNet-5.</summary>
    /// <param name="graph">The imported graph.</param>
    /// <returns>The recognized layers.</returns>
    /// <exception cref="InvalidDataException">The graph is not that shape; the message names the file, the first
    /// node that differs and what was expected instead.</exception>
    public static LeNet5FloatModel Recognize(FloatGraph graph)
    {
        string prefix = $"{graph.SourceName}: the graph is not the LeNet-5 the int8 runtime implements";
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

        if (Shapes.ElementCount(graph.InputShape) != 784)
        {
            throw new InvalidDataException($"{prefix}: the input {Shapes.Format(graph.InputShape)} is not one 28×28 image.");
        }

        var compute = chain.Where(i => !graph.Nodes[i].IsLayoutOnly).ToList();
        bool hasSoftmax = compute.Count > 0 && graph.Nodes[compute[^1]] is SoftmaxNode;
        if (hasSoftmax)
        {
            compute.RemoveAt(compute.Count - 1);
        }

        for (int step = 0; step < Expected.Length; step++)
        {
            if (step >= compute.Count)
            {
                throw new InvalidDataException($"{prefix}: the graph ends after {compute.Count} computing nodes; expected {Describe(step)} next.");
            }

            FloatNode node = graph.Nodes[compute[step]];
            string kind = node is DenseNode ? "Dense" : node.OpType;
            if (kind != Expected[step])
            {
                throw new InvalidDataException($"{prefix}: layer {step + 1} should be {Describe(step)} but node {node} is there.");
            }
        }

        if (compute.Count > Expected.Length)
        {
            throw new InvalidDataException($"{prefix}: node {graph.Nodes[compute[Expected.Length]]} follows fc3; only a trailing Softmax may.");
        }

        var conv1 = (Conv2DNode)graph.Nodes[compute[0]];
        var conv2 = (Conv2DNode)graph.Nodes[compute[3]];
        var fc1 = (DenseNode)graph.Nodes[compute[6]];
        var fc2 = (DenseNode)graph.Nodes[compute[8]];
        var fc3 = (DenseNode)graph.Nodes[compute[10]];
        CheckConv(prefix, conv1, 1, 6, 28);
        CheckPool(prefix, (MaxPool2DNode)graph.Nodes[compute[2]]);
        CheckConv(prefix, conv2, 6, 16, 12);
        CheckPool(prefix, (MaxPool2DNode)graph.Nodes[compute[5]]);
        CheckDense(prefix, fc1, 256, 120);
        CheckDense(prefix, fc2, 120, 84);
        CheckDense(prefix, fc3, 84, 10);
        int[] activations = { compute[1], compute[4], compute[7], compute[9], compute[10] };
        return new LeNet5FloatModel(graph, conv1, conv2, fc1, fc2, fc3, activations, hasSoftmax);
    }

    private static string Describe(int step) => Expected[step] == "Dense" ? "a fully connected layer (Gemm or MatMul+Add)" : Expected[step];

    private static void CheckConv(string prefix, Conv2DNode conv, int inputChannels, int outputChannels, int inputSize)
    {
        if (conv.InputChannels != inputChannels || conv.OutputChannels != outputChannels || conv.KernelHeight != 5 || conv.KernelWidth != 5
            || conv.InputShape[2] != inputSize || conv.InputShape[3] != inputSize)
        {
            throw new InvalidDataException(
                $"{prefix}: node {conv} has weights [{conv.OutputChannels},{conv.InputChannels},{conv.KernelHeight},{conv.KernelWidth}] on input {Shapes.Format(conv.InputShape)}; " +
                $"expected [{outputChannels},{inputChannels},5,5] on [1,{inputChannels},{inputSize},{inputSize}].");
        }
    }

    private static void CheckPool(string prefix, MaxPool2DNode pool)
    {
        if (pool.KernelHeight != 2 || pool.KernelWidth != 2 || pool.StrideHeight != 2 || pool.StrideWidth != 2)
        {
            throw new InvalidDataException(
                $"{prefix}: node {pool} pools {pool.KernelHeight}×{pool.KernelWidth} with stride {pool.StrideHeight}×{pool.StrideWidth}; expected 2×2 with stride 2.");
        }
    }

    private static void CheckDense(string prefix, DenseNode dense, int inputFeatures, int outputFeatures)
    {
        if (dense.InputFeatures != inputFeatures || dense.OutputFeatures != outputFeatures)
        {
            throw new InvalidDataException(
                $"{prefix}: node {dense} maps {dense.InputFeatures} → {dense.OutputFeatures} features; expected {inputFeatures} → {outputFeatures}.");
        }
    }
}
