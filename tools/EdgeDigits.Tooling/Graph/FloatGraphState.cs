namespace EdgeDigits.Tooling.Graph;

/// <summary>The buffers of one <see cref="FloatGraph"/> execution: an input buffer and one output per node.</summary>
public sealed class FloatGraphState
{
    internal FloatGraphState(FloatGraph graph)
    {
        Input = new float[graph.InputLength];
        Outputs = new float[graph.Nodes.Count][];
        for (int i = 0; i < Outputs.Length; i++)
        {
            Outputs[i] = new float[graph.Nodes[i].OutputLength];
        }
    }

    /// <summary>Scratch input buffer used by <see cref="FloatGraph.RunPixels"/>.</summary>
    public float[] Input { get; }

    /// <summary>Output of node i after the last run, row-major.</summary>
    public float[][] Outputs { get; }
}
