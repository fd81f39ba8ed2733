using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Bench;

/// <summary>MAC counts of LeNet-5: nominal from the shapes, and effective as executed by the fast kernels' zero skipping.</summary>
public static class MacCount
{
    /// <summary>Nominal MACs: Σ over layers of outputs × terms per output.</summary>
    /// <param name="model">The model.</param>
    /// <returns>281,640 for LeNet-5 (conv1 86,400 + conv2 153,600 + fc1 30,720 + fc2 10,080 + fc3 840).</returns>
    public static long Nominal(LeNet5Parameters model) =>
        (long)model.Conv1.OutputChannels * 24 * 24 * model.Conv1.InputChannels * 25
        + (long)model.Conv2.OutputChannels * 8 * 8 * model.Conv2.InputChannels * 25
        + (long)model.Fc1.OutputFeatures * model.Fc1.InputFeatures
        + (long)model.Fc2.OutputFeatures * model.Fc2.InputFeatures
        + (long)model.Fc3.OutputFeatures * model.Fc3.InputFeatures;

    /// <summary>
    /// MACs the kernels of <paramref name="engine"/>'s configuration execute for the inference whose outputs it holds:
    /// each packed 64-bit multiply-add counts as two (padding lanes included), zero inputs cost none.
    /// </summary>
    /// <param name="engine">An engine right after <see cref="LeNet5.Run"/> on <paramref name="pixels"/>.</param>
    /// <param name="pixels">The input.</param>
    /// <param name="pool1Background">pool1 of a blank image, [6·144]: conv2's input offsets.</param>
    /// <returns>Effective MACs.</returns>
    public static long Effective(LeNet5 engine, byte[] pixels, sbyte[] pool1Background)
    {
        long macs = 0;
        bool lean = engine.Memory == LeNet5Memory.Lean;
        for (int y = 0; y < 28; y++)
        {
            // Fast conv1 (scatter): every non-zero pixel, every kernel row that lands on an output row, 5 taps, 3 pairs.
            // Lean conv1 (gather): every output position, every non-zero tap, 3 pairs — the same products.
            int rows = Math.Min(y, 4) - Math.Max(0, y - 23) + 1;
            for (int x = 0; x < 28; x++)
            {
                if (pixels[y * 28 + x] != 0)
                {
                    int columns = Math.Min(x, 4) - Math.Max(0, x - 23) + 1;
                    macs += lean ? 2L * 3 * rows * columns : 2L * 3 * rows * 5;
                }
            }
        }

        // conv2 (gather, both): every output position, every non-zero window element, 8 pairs.
        var model = engine.Model;
        for (int oy = 0; oy < 8; oy++)
        {
            for (int ox = 0; ox < 8; ox++)
            {
                for (int ic = 0; ic < 6; ic++)
                {
                    for (int ky = 0; ky < 5; ky++)
                    {
                        for (int kx = 0; kx < 5; kx++)
                        {
                            int i = (ic * 12 + oy + ky) * 12 + ox + kx;
                            if (engine.Pool1Output[i] != pool1Background[i])
                            {
                                macs += 2L * 8;
                            }
                        }
                    }
                }
            }
        }

        // Fully connected: per non-zero input, one MAC per lane of every pass (fast: 16 lanes, lean: 12 outputs).
        int lanes = lean ? 12 : 16;
        macs += FullyConnectedMacs(engine.Pool2Output, model.Fc1, lanes);
        macs += FullyConnectedMacs(engine.Fc1Output, model.Fc2, lanes);
        macs += FullyConnectedMacs(engine.Fc2Output, model.Fc3, lanes);
        return macs;
    }

    private static long FullyConnectedMacs(sbyte[] input, QuantizedFullyConnected layer, int lanesPerPass)
    {
        int passes = (layer.OutputFeatures + lanesPerPass - 1) / lanesPerPass;
        return input.Count(q => q != layer.InputZeroPoint) * (long)passes * lanesPerPass;
    }
}
