namespace EdgeDigits.Runtime
{
    /// <summary>
    /// How much RAM <see cref="Int8Engine"/> may spend on prepared kernel data (packed weights, folded biases, scratch)
    /// on top of the model's own arrays, chosen once at construction. Both configurations give bit-identical results.
    /// </summary>
    /// <remarks>Figures per network over the MNIST test set are printed by <c>edgedigits bench</c> and listed in docs/runtime.md.</remarks>
    public enum EngineMemory
    {
        /// <summary>
        /// Fewest IL instructions: fully connected weights of layers with at most 259 inputs repacked three channels per
        /// int64 (≈ 81 KB for LeNet-5), conv weights likewise, scatter lists for a first 5×5 conv. For boards with PSRAM
        /// (M5Stack Core2, ≈ 3 MB heap).
        /// </summary>
        Fast = 0,

        /// <summary>
        /// Little prepared data (≈ 8 KB for LeNet-5): fully connected kernels read the model's int8 weights in place, fused
        /// convs keep only int32 channel-pair packing and read their input in place. For boards without PSRAM
        /// (ESP32-2432S028R, ≈ 100 KB heap), at the price of more IL per inference.
        /// </summary>
        Lean = 1,
    }
}
