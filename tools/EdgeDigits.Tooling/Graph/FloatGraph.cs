namespace EdgeDigits.Tooling.Graph;

/// <summary>
/// An imported float network: nodes in topological order, each with one dynamic input (the graph input or an
/// earlier node's output). Execution is generic over the node list; per-thread buffers live in a
/// <see cref="FloatGraphState"/>.
/// </summary>
public sealed class FloatGraph
{
    /// <summary>Creates the graph.</summary>
    /// <param name="sourceName">The file it came from, for messages.</param>
    /// <param name="inputName">Name of the graph input.</param>
    /// <param name="inputShape">Input shape, batch first, e.g. [1,1,28,28].</param>
    /// <param name="nodes">Nodes in execution order, <see cref="FloatNode.InputIndex"/> set.</param>
    /// <param name="outputIndex">Index of the node that produces the graph output.</param>
    public FloatGraph(string sourceName, string inputName, int[] inputShape, IReadOnlyList<FloatNode> nodes, int outputIndex)
    {
        SourceName = sourceName;
        InputName = inputName;
        InputShape = inputShape;
        Nodes = nodes;
        OutputIndex = outputIndex;
        InputLength = Shapes.ElementCount(inputShape);
    }

    /// <summary>The file this graph was read from.</summary>
    public string SourceName { get; }

    /// <summary>Graph input name.</summary>
    public string InputName { get; }

    /// <summary>Input shape, batch first.</summary>
    public int[] InputShape { get; }

    /// <summary>Number of input elements.</summary>
    public int InputLength { get; }

    /// <summary>Nodes in execution order.</summary>
    public IReadOnlyList<FloatNode> Nodes { get; }

    /// <summary>Index of the node producing the graph output.</summary>
    public int OutputIndex { get; }

    /// <summary>Allocates the buffers one thread needs to run this graph.</summary>
    /// <returns>A fresh state.</returns>
    public FloatGraphState CreateState() => new(this);

    /// <summary>Runs the graph on one input; every node's output stays in <paramref name="state"/>.</summary>
    /// <param name="input">Input values, row-major over <see cref="InputShape"/>.</param>
    /// <param name="state">Buffers from <see cref="CreateState"/> (one per thread).</param>
    /// <returns>The graph output buffer (owned by the state; overwritten by the next run).</returns>
    /// <exception cref="ArgumentException">The input length does not match <see cref="InputShape"/>.</exception>
    public float[] Run(float[] input, FloatGraphState state)
    {
        if (input.Length != InputLength)
        {
            throw new ArgumentException($"Input has {input.Length} values; the graph input {Shapes.Format(InputShape)} needs {InputLength}.", nameof(input));
        }

        for (int i = 0; i < Nodes.Count; i++)
        {
            FloatNode node = Nodes[i];
            float[] source = node.InputIndex < 0 ? input : state.Outputs[node.InputIndex];
            node.Run(source, state.Outputs[i]);
        }

        return state.Outputs[OutputIndex];
    }

    /// <summary>
    /// Runs the graph on raw MNIST pixels after the training normalization <c>x = (p/255 − 0.5)/0.5</c>.
    /// </summary>
    /// <param name="pixels">[784] pixels 0..255, row-major.</param>
    /// <param name="state">Buffers of this thread.</param>
    /// <returns>The graph output buffer (owned by the state).</returns>
    public float[] RunPixels(ReadOnlySpan<byte> pixels, FloatGraphState state)
    {
        for (int i = 0; i < pixels.Length; i++)
        {
            state.Input[i] = (pixels[i] / 255f - 0.5f) / 0.5f;
        }

        return Run(state.Input, state);
    }
}
