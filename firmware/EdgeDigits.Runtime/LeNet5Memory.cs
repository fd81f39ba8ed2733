namespace EdgeDigits.Runtime
{
    /// <summary>
    /// How much RAM <see cref="LeNet5"/> may spend on prepared kernel data (packed weights, folded biases, scratch)
    /// on top of the model's own arrays, chosen once at construction. Both configurations give bit-identical results.
    /// </summary>
    /// <remarks>Figures for the trained LeNet-5 over the MNIST test set are in docs/runtime.md ("Measured cost").</remarks>
    public enum LeNet5Memory
    {
        /// <summary>
        /// Fewest IL instructions: fully connected weights repacked as int32 channel pairs (≈ 81 KB), conv weights as
        /// int64 pairs, scatter lists for conv1. For boards with PSRAM (M5Stack Core2, ≈ 3 MB heap).
        /// </summary>
        Fast = 0,

        /// <summary>
        /// At most ≈ 8 KB of prepared data: fully connected kernels read the model's int8 weights in place, convs keep
        /// only int32 channel-pair packing (≈ 5 KB) and read their input in place. For boards without PSRAM
        /// (ESP32-2432S028R, ≈ 100 KB heap), at the price of more IL per inference.
        /// </summary>
        Lean = 1,
    }
}
