using System.Diagnostics;
using System.Reflection;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Bench;

/// <summary>Runs the measurements behind <c>edgedigits bench</c>.</summary>
public static class BenchRunner
{
    /// <summary>
    /// Runs of <c>Int8Engine.Run</c> over which allocation is measured, each configuration, after as many warm-up runs
    /// (the images cycled): enough for .NET's tiered JIT to have finished with the engine, whatever <c>--limit</c> is.
    /// </summary>
    public const int AllocationRuns = 2000;

    /// <summary>
    /// The trained model generated into firmware/EdgeDigits.Model (<c>LeNet5Model.Create()</c>), compiled here with
    /// Roslyn from the files its projitems lists, against this tool's EdgeDigits.Runtime; null when the repository
    /// has no generated model yet.
    /// </summary>
    /// <param name="repositoryRoot">The repository root.</param>
    /// <returns>The model, or null.</returns>
    /// <exception cref="InvalidOperationException">The generated model does not compile; the message lists the errors.</exception>
    public static Int8Network? TryLoadTrainedModel(string repositoryRoot)
    {
        string projitems = Path.Combine(repositoryRoot, "firmware", "EdgeDigits.Model", "EdgeDigits.Model.projitems");
        if (!File.Exists(projitems))
        {
            return null;
        }

        var files = RuntimeCompiler.ListedSources(File.ReadAllText(projitems))
            .Select(f => Path.Combine(Path.GetDirectoryName(projitems)!, f))
            .ToList();
        if (files.Count == 0 || !files.Any(f => f.EndsWith("LeNet5Model.g.cs", StringComparison.Ordinal)))
        {
            return null;
        }

        var image = RuntimeCompiler.Compile("EdgeDigits.Model", files.ToDictionary(f => f, File.ReadAllText), typeof(Int8Engine).Assembly.Location);
        var type = Assembly.Load(image).GetType("EdgeDigits.Model.LeNet5Model", throwOnError: true)!;
        return (Int8Network)type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
    }

    /// <summary>Measures <paramref name="model"/> on <paramref name="images"/> in every <see cref="EngineMemory"/> configuration.</summary>
    /// <param name="model">The model.</param>
    /// <param name="modelIsTrained">Whether it is the trained model (reported).</param>
    /// <param name="images">Input images, [784] each.</param>
    /// <param name="progress">Called with the number of images done.</param>
    /// <returns>The report.</returns>
    public static BenchReport Run(Int8Network model, bool modelIsTrained, IReadOnlyList<byte[]> images, Action<int>? progress = null)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("no images to measure", nameof(images));
        }

        var memories = Enum.GetValues<EngineMemory>();
        var engines = memories.Select(m => new Int8Engine(model, m)).ToArray();
        var reference = new NetworkReference(model);
        using var counted = new InstrumentedRuntime(model);
        int configurations = memories.Length;
        var il = new long[configurations];
        var calls = new long[configurations];
        var maxIl = new long[configurations];
        var mismatches = new int[configurations];
        int steps = engines[0].StepCount;
        var layerIl = new long[configurations, steps];
        long refIl = 0, refCalls = 0, refMax = 0;
        for (int n = 0; n < images.Count; n++)
        {
            var (refClass, ril, rcalls) = counted.RunReference(images[n]);
            refIl += ril;
            refCalls += rcalls;
            refMax = Math.Max(refMax, ril);
            reference.Run(images[n]);
            for (int c = 0; c < configurations; c++)
            {
                var (predicted, count, callCount) = counted.Run(memories[c], images[n]);
                il[c] += count;
                calls[c] += callCount;
                maxIl[c] = Math.Max(maxIl[c], count);
                long[] layers = counted.StepCounts(memories[c], images[n]);
                for (int l = 0; l < layers.Length; l++)
                {
                    layerIl[c, l] += layers[l];
                }

                var engine = engines[c];
                if (predicted != refClass || !SameOutputs(engine, reference, images[n]))
                {
                    mismatches[c]++;
                }
            }

            if (n % 500 == 499)
            {
                progress?.Invoke(n + 1);
            }
        }

        int count2 = images.Count;
        var reports = new List<ConfigurationReport>();
        for (int c = 0; c < configurations; c++)
        {
            var engine = engines[c];

            // Allocation: over AllocationRuns warm runs (the images cycled), after AllocationRuns runs of warm-up, so the
            // JIT's tiering (call counting, re-compilation) is over whatever --limit is: a short run no longer sees a few
            // bytes of the runtime's own bookkeeping and fails for it.
            for (int r = 0; r < AllocationRuns; r++)
            {
                engine.Run(images[r % count2]);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < AllocationRuns; r++)
            {
                engine.Run(images[r % count2]);
            }

            double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)AllocationRuns;

            // Host speed: this engine and the reference over the same images in this process, alternating rounds.
            double seconds = 0, refSeconds = 0;
            int rounds = 0;
            var clock = Stopwatch.StartNew();
            while (rounds < 2 || clock.Elapsed.TotalSeconds < 2)
            {
                seconds += Time(engine.Run, images);
                refSeconds += Time(reference.Run, images);
                rounds++;
            }

            var layers = Enumerable.Range(0, steps).Select(l => layerIl[c, l] / (double)count2).ToArray();
            reports.Add(new ConfigurationReport(memories[c], new EngineCost(il[c] / (double)count2, calls[c] / (double)count2, maxIl[c]),
                StepNames(engine), layers, engine.BufferBytes, engine.PreparedBytes, allocated,
                refSeconds / seconds, rounds * count2 / seconds, mismatches[c]));
        }

        return new BenchReport(model.Name, modelIsTrained, count2, MacCount.Nominal(model),
            new EngineCost(refIl / (double)count2, refCalls / (double)count2, refMax), WeightBytes(model), reports);
    }

    /// <summary>The engine's steps as "conv1+pool1 ScatterConv5x5Pool2x2", in order.</summary>
    /// <param name="engine">The engine.</param>
    /// <returns>One label per step.</returns>
    public static string[] StepNames(Int8Engine engine)
    {
        var names = new string[engine.StepCount];
        int first = 0;
        for (int s = 0; s < names.Length; s++)
        {
            int last = engine.StepLastLayer(s);
            string layers = string.Join("+", Enumerable.Range(first, last - first + 1).Select(l => engine.Network.LayerNames[l]));
            names[s] = layers + " " + engine.StepKernel(s);
            first = last + 1;
        }

        return names;
    }

    /// <summary>Whether every step of <paramref name="engine"/> reproduces the reference's layer output on <paramref name="pixels"/> (the reference has run on them).</summary>
    private static bool SameOutputs(Int8Engine engine, NetworkReference reference, byte[] pixels)
    {
        for (int s = 0; s < engine.StepCount; s++)
        {
            int layer = engine.StepLastLayer(s);
            sbyte[] expected = reference.LayerOutputs[layer];
            if (!engine.RunStep(pixels, s).AsSpan(0, expected.Length).SequenceEqual(expected))
            {
                return false;
            }
        }

        return true;
    }

    private static double Time(Func<byte[], int> run, IReadOnlyList<byte[]> images)
    {
        var watch = Stopwatch.StartNew();
        foreach (var image in images)
        {
            run(image);
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Bytes of the model's arrays: int8 weights, int32 biases, multipliers and shifts, and the softmax table.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Bytes.</returns>
    public static long WeightBytes(Int8Network model)
    {
        long bytes = 4L * model.SoftmaxTable.Length;
        foreach (QuantizedLayer layer in model.Layers)
        {
            bytes += layer switch
            {
                QuantizedConv2D l => l.Weights.Length + 12L * l.OutputChannels,
                QuantizedFullyConnected l => l.Weights.Length + 12L * l.OutputFeatures,
                _ => 0,
            };
        }

        return bytes;
    }

    /// <summary>
    /// The first <paramref name="limit"/> MNIST test images of <paramref name="directory"/>, loaded as <c>evaluate</c> loads
    /// them (<see cref="MnistDataset.Load(string, MnistSplit)"/>): the whole image and label files are checked first (the
    /// count the header declares against the data, labels present and 0..9, the gzip CRC, decompression bounded by the
    /// header, regular files only), so a damaged file fails whatever <paramref name="limit"/> is.
    /// </summary>
    /// <param name="directory">Folder with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or .gz.</param>
    /// <param name="limit">Maximum number of images, at least 0.</param>
    /// <param name="imagesPath">The image file read (its real name, .gz or raw), for messages.</param>
    /// <returns>Up to <paramref name="limit"/> images, [784] pixels each; empty when the file holds none.</returns>
    /// <exception cref="FileNotFoundException">The image or label file is missing.</exception>
    /// <exception cref="IdxFormatException">A file cannot be read, is not a regular file, or is malformed; the message names it.</exception>
    public static List<byte[]> ReadMnistTestImages(string directory, int limit, out string imagesPath)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        MnistDataset test = MnistDataset.Load(directory, MnistSplit.Test);
        imagesPath = test.Name;
        return Enumerable.Range(0, Math.Min(limit, test.Count)).Select(test.CopyImage).ToList();
    }

    /// <summary>The first <paramref name="limit"/> MNIST test images of <paramref name="directory"/>, checked as
    /// <see cref="ReadMnistTestImages(string, int, out string)"/> checks them.</summary>
    /// <param name="directory">Folder with the MNIST test image and label files.</param>
    /// <param name="limit">Maximum number of images, at least 0.</param>
    /// <returns>The images, [784] pixels each.</returns>
    /// <exception cref="FileNotFoundException">The image or label file is missing.</exception>
    /// <exception cref="IdxFormatException">A file cannot be read, is not a regular file, or is malformed; the message names it.</exception>
    public static List<byte[]> ReadMnistTestImages(string directory, int limit) => ReadMnistTestImages(directory, limit, out _);
}
