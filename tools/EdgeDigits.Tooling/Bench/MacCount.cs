using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Bench;

/// <summary>Nominal multiply-accumulate counts of an int8 network, from its layer shapes.</summary>
public static class MacCount
{
    /// <summary>Nominal MACs: Σ over Conv2D and FullyConnected layers of outputs × terms per output (pools cost none).</summary>
    /// <param name="model">The network.</param>
    /// <returns>281,640 for LeNet-5 (conv1 86,400 + conv2 153,600 + fc1 30,720 + fc2 10,080 + fc3 840).</returns>
    public static long Nominal(Int8Network model)
    {
        long macs = 0;
        for (int i = 0; i < model.LayerCount; i++)
        {
            macs += Layer(model, i);
        }

        return macs;
    }

    /// <summary>Nominal MACs of one layer.</summary>
    /// <param name="model">The network.</param>
    /// <param name="layer">Layer index.</param>
    /// <returns>C_out·OH·OW·C_in·K² for a Conv2D, N_out·N_in for a FullyConnected layer, 0 for a pool.</returns>
    public static long Layer(Int8Network model, int layer) => model.Layers[layer] switch
    {
        QuantizedConv2D c => (long)model.OutputLength(layer) * c.InputChannels * c.KernelSize * c.KernelSize,
        QuantizedFullyConnected f => (long)f.OutputFeatures * f.InputFeatures,
        _ => 0,
    };
}
