using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Calibration;

/// <summary>
/// Runs the float network over calibration images and records, for each quantized activation tensor, its
/// observed range and a histogram of its values (two passes: the histogram range is the observed range).
/// From those statistics <see cref="Select"/> derives ranges with any <see cref="CalibrationMethod"/> without
/// running the network again.
/// </summary>
/// <remarks>
/// The logits always use min/max whatever the method: clipping them saturates the largest logits at 127 and
/// creates ties the argmax resolves arbitrarily, which costs accuracy for nothing. The result is independent of
/// thread scheduling (min, max and integer counts commute).
/// </remarks>
public sealed class Calibrator
{
    /// <summary>Training images held out from calibration (the last 10,000), used to compare methods.</summary>
    public const int ValidationStart = 50_000;

    private readonly ActivationHistogram[] _histograms;
    private readonly string[] _names;

    private Calibrator(int imageCount, ActivationHistogram[] histograms, string[] names)
    {
        _names = names;
        ImageCount = imageCount;
        _histograms = histograms;
    }

    /// <summary>Number of images run.</summary>
    public int ImageCount { get; }

    /// <summary>Histograms of every quantized activation (conv1, …, fc1, …, logits), in layer order.</summary>
    public IReadOnlyList<ActivationHistogram> Histograms => _histograms;

    /// <summary>
    /// The deterministic calibration selection: <paramref name="count"/> training images evenly spaced over the
    /// first 50,000 (index i·⌊50000/count⌋), so every part of the training file is represented and the last
    /// 10,000 stay unseen for validation.
    /// </summary>
    /// <param name="count">Number of images, 1..50,000.</param>
    /// <returns>Ascending training-set indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException">count is outside 1..50,000.</exception>
    public static int[] SelectImages(int count)
    {
        if (count < 1 || count > ValidationStart)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The calibration image count must lie in 1..{ValidationStart}.");
        }

        int stride = ValidationStart / count;
        return Enumerable.Range(0, count).Select(i => i * stride).ToArray();
    }

    /// <summary>Runs the float model over the selected training images and collects the statistics.</summary>
    /// <param name="model">Recognized sequential network.</param>
    /// <param name="train">MNIST training split.</param>
    /// <param name="imageCount">Number of calibration images.</param>
    /// <param name="progress">Receives the number of images processed (both passes count, 2·imageCount in total).</param>
    /// <returns>The statistics.</returns>
    public static Calibrator Run(SequentialFloatModel model, MnistDataset train, int imageCount, Action<int>? progress = null)
    {
        int[] indices = SelectImages(Math.Min(imageCount, train.Count));
        int tensors = model.ActivationNodes.Length;
        FloatGraph graph = model.Graph;
        var min = Enumerable.Repeat(float.PositiveInfinity, tensors).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, tensors).ToArray();
        object gate = new();
        int done = 0;
        Parallel.For(0, indices.Length, graph.CreateState, (i, _, state) =>
        {
            graph.RunPixels(train.Image(indices[i]), state);
            var localMin = new float[tensors];
            var localMax = new float[tensors];
            for (int t = 0; t < tensors; t++)
            {
                float[] values = state.Outputs[model.ActivationNodes[t]];
                localMin[t] = values.Min();
                localMax[t] = values.Max();
            }

            lock (gate)
            {
                for (int t = 0; t < tensors; t++)
                {
                    min[t] = Math.Min(min[t], localMin[t]);
                    max[t] = Math.Max(max[t], localMax[t]);
                }

                progress?.Invoke(++done);
            }

            return state;
        }, _ => { });

        var histograms = Enumerable.Range(0, tensors).Select(t => new ActivationHistogram(min[t], max[t])).ToArray();
        Parallel.For(0, indices.Length,
            () => (State: graph.CreateState(), Local: Enumerable.Range(0, tensors).Select(t => new ActivationHistogram(min[t], max[t])).ToArray()),
            (i, _, local) =>
            {
                graph.RunPixels(train.Image(indices[i]), local.State);
                for (int t = 0; t < tensors; t++)
                {
                    local.Local[t].Add(local.State.Outputs[model.ActivationNodes[t]]);
                }

                lock (gate)
                {
                    progress?.Invoke(++done);
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (int t = 0; t < tensors; t++)
                    {
                        histograms[t].Merge(local.Local[t]);
                    }
                }
            });

        return new Calibrator(indices.Length, histograms, model.ActivationNames);
    }

    /// <summary>Chooses the ranges with <paramref name="method"/> (logits: always min/max).</summary>
    /// <param name="method">Method for conv1, conv2, fc1 and fc2.</param>
    /// <returns>The calibration result.</returns>
    public CalibrationResult Select(CalibrationMethod method)
    {
        var ranges = new List<ActivationRange>();
        for (int t = 0; t < _histograms.Length; t++)
        {
            ActivationHistogram h = _histograms[t];
            bool logits = t == _histograms.Length - 1;
            (float lo, float hi) = RangeSelection.Select(h, logits ? CalibrationMethod.MinMax : method);
            ranges.Add(new ActivationRange(_names[t], lo, hi, h.Min, h.Max));
        }

        return new CalibrationResult(method, ImageCount, ranges);
    }
}
