using EdgeDigits.Tooling.Onnx.Proto;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// An independent float LeNet-5 for the PyTorch export's graph: reads the initializers by the node inputs of
/// the ONNX graph and computes each layer with plain float loops (not the tool's importer or nodes).
/// </summary>
internal sealed class NaiveLeNet5
{
    private readonly float[][] _weights = new float[5][];
    private readonly float[][] _biases = new float[5][];

    public NaiveLeNet5(ModelProto model)
    {
        var init = model.Graph.Initializer.ToDictionary(t => t.Name, t => t.RawData.ToByteArray().Chunk(4).Select(b => BitConverter.ToSingle(b)).ToArray());
        var layers = model.Graph.Node.Where(n => n.OpType is "Conv" or "Gemm").ToList();
        Assert.Equal(5, layers.Count);
        for (int l = 0; l < 5; l++)
        {
            _weights[l] = init[layers[l].Input[1]];
            _biases[l] = init[layers[l].Input[2]];
        }
    }

    public float[] Run(byte[] pixels)
    {
        float[] x = pixels.Select(p => (p / 255f - 0.5f) / 0.5f).ToArray();
        x = Pool(Relu(Conv(x, 1, 28, 6, _weights[0], _biases[0])), 6, 24);
        x = Pool(Relu(Conv(x, 6, 12, 16, _weights[1], _biases[1])), 16, 8);
        x = Relu(Linear(x, 120, _weights[2], _biases[2]));
        x = Relu(Linear(x, 84, _weights[3], _biases[3]));
        return Linear(x, 10, _weights[4], _biases[4]);
    }

    private static float[] Conv(float[] x, int cin, int size, int cout, float[] w, float[] b)
    {
        int o = size - 4;
        var y = new float[cout * o * o];
        for (int co = 0; co < cout; co++)
        for (int r = 0; r < o; r++)
        for (int c = 0; c < o; c++)
        {
            float s = b[co];
            for (int ci = 0; ci < cin; ci++)
            for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                s += w[((co * cin + ci) * 5 + i) * 5 + j] * x[(ci * size + r + i) * size + c + j];
            }

            y[(co * o + r) * o + c] = s;
        }

        return y;
    }

    private static float[] Relu(float[] x) => x.Select(v => Math.Max(v, 0f)).ToArray();

    private static float[] Pool(float[] x, int channels, int size)
    {
        int h = size / 2;
        var y = new float[channels * h * h];
        for (int ch = 0; ch < channels; ch++)
        for (int r = 0; r < h; r++)
        for (int c = 0; c < h; c++)
        {
            int a = (ch * size + 2 * r) * size + 2 * c;
            y[(ch * h + r) * h + c] = Math.Max(Math.Max(x[a], x[a + 1]), Math.Max(x[a + size], x[a + size + 1]));
        }

        return y;
    }

    private static float[] Linear(float[] x, int outputs, float[] w, float[] b)
    {
        var y = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            float s = b[o];
            for (int i = 0; i < x.Length; i++)
            {
                s += w[o * x.Length + i] * x[i];
            }

            y[o] = s;
        }

        return y;
    }
}
