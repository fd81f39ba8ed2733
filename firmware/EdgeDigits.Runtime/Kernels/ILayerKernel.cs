namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>One prepared layer of <see cref="Int8Engine"/>: int8 in, int8 out, allocation-free.</summary>
    public interface ILayerKernel
    {
        /// <summary>Bytes of RAM the kernel prepared: packed weights, folded biases, requantization tables, scratch it owns.</summary>
        int Bytes { get; }

        /// <summary>Runs the layer.</summary>
        /// <param name="input">The layer's int8 input (layout documented by the kernel).</param>
        /// <param name="output">The layer's int8 output (layout documented by the kernel).</param>
        void Run(sbyte[] input, sbyte[] output);
    }
}
