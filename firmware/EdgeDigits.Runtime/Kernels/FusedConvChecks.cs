using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// Construction-time validation shared by the fused 5×5 conv + ReLU + 2×2 max-pool kernels
    /// (<see cref="GatherConv5x5Pool2x2"/>, <see cref="ScatterConv5x5Pool2x2"/>).
    /// </summary>
    internal static class FusedConvChecks
    {
        /// <summary>Kernel size the fused kernels are unrolled for.</summary>
        internal const int KernelSize = 5;

        /// <summary>
        /// Checks that <paramref name="layer"/> fits a fused kernel over an input of H×W pixels and returns the number
        /// of taps per output, C_in·25.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="layer"/> or <paramref name="inputOffsets"/> is null.</exception>
        /// <exception cref="ArgumentException">The conv output is not even and at least 2×2, or the offsets' length is not C_in.</exception>
        /// <exception cref="NotSupportedException">K ≠ 5.</exception>
        /// <param name="layer">The conv layer.</param>
        /// <param name="height">Input height H, in pixels.</param>
        /// <param name="width">Input width W, in pixels.</param>
        /// <param name="inputOffsets">[C_in] input offsets.</param>
        /// <param name="name">Layer name for messages.</param>
        internal static int Validate(QuantizedConv2D layer, int height, int width, int[] inputOffsets, string name)
        {
            if (layer == null)
            {
                throw new ArgumentNullException("layer");
            }

            if (inputOffsets == null)
            {
                throw new ArgumentNullException("inputOffsets");
            }

            if (layer.KernelSize != KernelSize)
            {
                throw new NotSupportedException(name + ": kernel size " + layer.KernelSize + "; this kernel is unrolled for 5x5.");
            }

            if (height < KernelSize + 1 || width < KernelSize + 1 || (height - KernelSize + 1) % 2 != 0 || (width - KernelSize + 1) % 2 != 0)
            {
                throw new ArgumentException(name + ": input " + height + "x" + width + " must give an even conv output of at least 2x2 for the 2x2 pool.", "height");
            }

            if (inputOffsets.Length != layer.InputChannels)
            {
                throw new ArgumentException(name + ": " + inputOffsets.Length + " input offsets for " + layer.InputChannels + " input channels.", "inputOffsets");
            }

            return layer.InputChannels * KernelSize * KernelSize;
        }
    }
}
