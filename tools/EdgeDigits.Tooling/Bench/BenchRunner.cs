using System.Diagnostics;
using System.Reflection;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;

namespace EdgeDigits.Tooling.Bench;

/// <summary>Runs the measurements behind <c>edgedigits bench</c>.</summary>
public static class BenchRunner
{
    /// <summary>
    /// Runs of <c>LeNet5.Run</c> over which allocation is measured, each configuration, after as many warm-up runs
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
    public static LeNet5Parameters? TryLoadTrainedModel(string repositoryRoot)
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

        var image = RuntimeCompiler.Compile("EdgeDigits.Model", files.ToDictionary(f => f, File.ReadAllText), typeof(LeNet5).Assembly.Location);
        var type = Assembly.Load(image).GetType("EdgeDigits.Model.LeNet5Model", throwOnError: true)!;
        return (LeNet5Parameters)type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
    }

    /// <summary>Measures <paramref name="model"/> on <paramref name="images"/> in every <see cref="LeNet5Memory"/> configuration.</summary>
    /// <param name="model">The model.</param>
    /// <param name="modelIsTrained">Whether it is the trained model (reported).</param>
    /// <param name="images">Input images, [784] each.</param>
    /// <param name="progress">Called with the number of images done.</param>
    /// <returns>The report.</returns>
    public static BenchReport Run(LeNet5Parameters model, bool modelIsTrained, IReadOnlyList<byte[]> images, Action<int>? progress = null)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("no images to measure", nameof(images));
        }

        var memories = Enum.GetValues<LeNet5Memory>();
        var engines = memories.Select(m => new LeNet5(model, m)).ToArray();
        var reference = new LeNet5Reference(model);
        engines[0].Run(new byte[784]);
        var pool1Background = (sbyte[])engines[0].Pool1Output.Clone();
        using var counted = new InstrumentedRuntime(model);
        int configurations = memories.Length;
        var il = new long[configurations];
        var calls = new long[configurations];
        var maxIl = new long[configurations];
        var effective = new long[configurations];
        var mismatches = new int[configurations];
        var layerIl = new long[configurations, InstrumentedRuntime.LayerNames.Length];
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
                long[] layers = counted.LayerCounts(memories[c], images[n]);
                for (int l = 0; l < layers.Length; l++)
                {
                    layerIl[c, l] += layers[l];
                }

                var engine = engines[c];
                engine.Run(images[n]);
                effective[c] += MacCount.Effective(engine, images[n], pool1Background);
                if (predicted != refClass || !SameOutputs(engine, reference))
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

            var layers = Enumerable.Range(0, InstrumentedRuntime.LayerNames.Length).Select(l => layerIl[c, l] / (double)count2).ToArray();
            reports.Add(new ConfigurationReport(memories[c], new EngineCost(il[c] / (double)count2, calls[c] / (double)count2, maxIl[c]),
                layers, effective[c] / (double)count2, engine.BufferBytes, engine.PreparedBytes, allocated,
                refSeconds / seconds, rounds * count2 / seconds, mismatches[c]));
        }

        return new BenchReport(model.Name, modelIsTrained, count2, MacCount.Nominal(model),
            new EngineCost(refIl / (double)count2, refCalls / (double)count2, refMax), WeightBytes(model), reports);
    }

    private static bool SameOutputs(LeNet5 engine, LeNet5Reference reference) =>
        engine.Logits.AsSpan().SequenceEqual(reference.Logits)
        && engine.Pool1Output.AsSpan().SequenceEqual(reference.Pool1Output) && engine.Pool2Output.AsSpan().SequenceEqual(reference.Pool2Output)
        && engine.Fc1Output.AsSpan().SequenceEqual(reference.Fc1Output) && engine.Fc2Output.AsSpan().SequenceEqual(reference.Fc2Output);

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
    public static long WeightBytes(LeNet5Parameters model)
    {
        long Conv(QuantizedConv2D l) => l.Weights.Length + 12L * l.OutputChannels;
        long Fc(QuantizedFullyConnected l) => l.Weights.Length + 12L * l.OutputFeatures;
        return Conv(model.Conv1) + Conv(model.Conv2) + Fc(model.Fc1) + Fc(model.Fc2) + Fc(model.Fc3) + 4L * model.SoftmaxTable.Length;
    }

    /// <summary>Reads up to <paramref name="limit"/> MNIST test images from <paramref name="directory"/>.</summary>
    /// <param name="directory">Folder with t10k-images-idx3-ubyte(.gz).</param>
    /// <param name="limit">Maximum number of images.</param>
    /// <returns>The images.</returns>
    public static List<byte[]> ReadMnistTestImages(string directory, int limit) => MnistTestImages.Read(directory, limit);
}
