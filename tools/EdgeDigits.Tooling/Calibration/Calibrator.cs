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
    /// <summary>
    /// First training image held out from calibration (50,000: MNIST's last 10,000 are used to compare methods);
    /// calibration chooses among the images before it (<see cref="PoolSize"/>).
    /// </summary>
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
    /// Fewest calibration images a training file must hold when more are asked for (100): below it the observed ranges
    /// say little about the other images, so a smaller file is refused rather than calibrated on.
    /// </summary>
    public const int MinimumImages = 100;

    /// <summary>
    /// The deterministic calibration selection: <paramref name="count"/> training images evenly spaced over the first
    /// <paramref name="pool"/> (index i·⌊pool/count⌋), so every part of the training file is represented and the images
    /// from <see cref="ValidationStart"/> on stay unseen for validation.
    /// </summary>
    /// <param name="count">Number of images, 1..<paramref name="pool"/>.</param>
    /// <param name="pool">Images to choose from, 1..50,000: <see cref="PoolSize"/> of the training file (50,000 for MNIST).</param>
    /// <returns>Ascending training-set indices, each below <paramref name="pool"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">pool is outside 1..50,000 or count outside 1..pool.</exception>
    public static int[] SelectImages(int count, int pool = ValidationStart)
    {
        if (pool < 1 || pool > ValidationStart)
        {
            throw new ArgumentOutOfRangeException(nameof(pool), pool, $"The calibration pool must lie in 1..{ValidationStart}.");
        }

        if (count < 1 || count > pool)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The calibration image count must lie in 1..{pool}.");
        }

        int stride = pool / count;
        return Enumerable.Range(0, count).Select(i => i * stride).ToArray();
    }

    /// <summary>Training images calibration chooses from: the first 50,000, or all of a smaller file.</summary>
    /// <param name="train">The training split.</param>
    /// <returns>min(<see cref="MnistDataset.Count"/>, <see cref="ValidationStart"/>).</returns>
    public static int PoolSize(MnistDataset train) => Math.Min(train.Count, ValidationStart);

    /// <summary>
    /// How many images calibration runs on when <paramref name="requested"/> are asked for: all of them when the
    /// training file holds them in its first 50,000, else every image of <see cref="PoolSize"/>, provided that is at
    /// least min(<paramref name="requested"/>, <see cref="MinimumImages"/>).
    /// </summary>
    /// <param name="train">The training split; its <see cref="MnistDataset.Name"/> (the image file) names it in the error.</param>
    /// <param name="requested">Images asked for (<c>--calibration-images</c>), 1..50,000.</param>
    /// <returns>The number of images, 1..<paramref name="requested"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requested"/> is outside 1..50,000.</exception>
    /// <exception cref="IdxFormatException">The training file holds fewer images than the minimum; the message names
    /// the file, the count it holds and the count needed.</exception>
    public static int ImagesFor(MnistDataset train, int requested)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (requested < 1 || requested > ValidationStart)
        {
            throw new ArgumentOutOfRangeException(nameof(requested), requested, $"The calibration image count must lie in 1..{ValidationStart}.");
        }

        int needed = Math.Min(requested, MinimumImages);
        if (train.Count < needed)
        {
            throw new IdxFormatException(
                $"{train.Name}: the training file holds {train.Count:N0} image{(train.Count == 1 ? "" : "s")}, too few to calibrate on (at least {needed:N0} are needed).");
        }

        return Math.Min(requested, PoolSize(train));
    }

    /// <summary>
    /// The training images held out from calibration, those from <see cref="ValidationStart"/> on (the last 10,000 of
    /// MNIST); empty when the file holds no more than 50,000.
    /// </summary>
    /// <param name="train">The training split.</param>
    /// <returns>A copy of images [50,000, Count), possibly empty.</returns>
    public static MnistDataset HeldOut(MnistDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        int start = PoolSize(train);
        return train.Slice(start, train.Count - start);
    }

    /// <summary>Runs the float model over the selected training images and collects the statistics.</summary>
    /// <param name="model">Recognized sequential network.</param>
    /// <param name="train">MNIST training split.</param>
    /// <param name="imageCount">Number of calibration images asked for, 1..50,000; fewer are run when the file holds
    /// fewer (<see cref="ImagesFor"/>; <see cref="ImageCount"/> says how many).</param>
    /// <param name="progress">Receives the number of images processed (both passes count, 2·<see cref="ImagesFor"/> in total).</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="IdxFormatException">The training file holds fewer than min(imageCount, <see cref="MinimumImages"/>) images.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="imageCount"/> is outside 1..50,000.</exception>
    public static Calibrator Run(SequentialFloatModel model, MnistDataset train, int imageCount, Action<int>? progress = null)
    {
        int[] indices = SelectImages(ImagesFor(train, imageCount), PoolSize(train));
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
