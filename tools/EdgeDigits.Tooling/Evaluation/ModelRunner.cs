using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Evaluation;

/// <summary>Runs the float graph and the int8 runtime over MNIST images, in parallel, with order-independent results.</summary>
public static class ModelRunner
{
    /// <summary>Float predictions: argmax of the logits node (before any softmax).</summary>
    /// <param name="model">Recognized float network.</param>
    /// <param name="data">Images.</param>
    /// <param name="progress">Receives the number of images done so far (called under a lock).</param>
    /// <returns>Predicted classes and confidences (softmax of the float logits, ×1000, rounded).</returns>
    public static Predictions RunFloat(SequentialFloatModel model, MnistDataset data, Action<int>? progress = null)
    {
        var classes = new int[data.Count];
        var confidences = new int[data.Count];
        object gate = new();
        int done = 0;
        Parallel.For(0, data.Count, model.Graph.CreateState, (i, _, state) =>
        {
            model.Graph.RunPixels(data.Image(i), state);
            float[] logits = state.Outputs[model.LogitsNode];
            int best = ArgMax(logits);
            double sum = 0;
            foreach (float l in logits)
            {
                sum += Math.Exp(l - logits[best]);
            }

            classes[i] = best;
            confidences[i] = (int)Math.Round(1000 / sum);
            if (progress != null)
            {
                lock (gate)
                {
                    progress(++done);
                }
            }

            return state;
        }, _ => { });
        return new Predictions(classes, confidences);
    }

    /// <summary>Int8 predictions by the product engine, <see cref="Int8Engine"/> (one instance per thread).</summary>
    /// <param name="parameters">The quantized model.</param>
    /// <param name="data">Images.</param>
    /// <param name="progress">Receives the number of images done so far (called under a lock).</param>
    /// <returns>Predicted classes and the runtime's permille confidences.</returns>
    public static Predictions RunInt8(Int8Network parameters, MnistDataset data, Action<int>? progress = null)
    {
        var classes = new int[data.Count];
        var confidences = new int[data.Count];
        object gate = new();
        int done = 0;
        Parallel.For(0, data.Count, () => (Engine: new Int8Engine(parameters), Pixels: new byte[MnistDataset.PixelCount]), (i, _, local) =>
        {
            data.Image(i).CopyTo(local.Pixels);
            classes[i] = local.Engine.Run(local.Pixels);
            confidences[i] = local.Engine.TopConfidence;
            if (progress != null)
            {
                lock (gate)
                {
                    progress(++done);
                }
            }

            return local;
        }, _ => { });
        return new Predictions(classes, confidences);
    }

    /// <summary>First index of the largest value.</summary>
    /// <param name="values">Values.</param>
    /// <returns>Index.</returns>
    public static int ArgMax(float[] values)
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
