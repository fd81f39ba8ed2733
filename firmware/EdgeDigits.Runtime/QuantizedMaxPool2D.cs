using System;

namespace EdgeDigits.Runtime
{
    /// <summary>
    /// An int8 MaxPool2D (ONNX MaxPool with a square <c>kernel_shape</c>, equal <c>strides</c>, no padding, no dilation):
    /// <c>y[c, oy, ox] = max over dy, dx &lt; K of x[c, S·oy + dy, S·ox + dx]</c>, output [C, (H − K)/S + 1, (W − K)/S + 1]
    /// (floor, as ONNX with <c>ceil_mode = 0</c>).
    /// </summary>
    /// <remarks>
    /// Max pooling commutes with any monotone requantization, so TFLite requires (and EdgeDigits keeps) the output scale
    /// and zero point equal to the input's: the layer has no quantization parameters of its own.
    /// </remarks>
    public sealed class QuantizedMaxPool2D : QuantizedLayer
    {
        /// <summary>Window height and width K, in pixels.</summary>
        public readonly int KernelSize;

        /// <summary>Stride S in both directions, in pixels.</summary>
        public readonly int Stride;

        /// <summary>Creates a max pool layer.</summary>
        /// <param name="kernelSize">K, 1..64.</param>
        /// <param name="stride">S, 1..64.</param>
        /// <exception cref="ArgumentOutOfRangeException">K or S is outside 1..64.</exception>
        public QuantizedMaxPool2D(int kernelSize, int stride)
            : base(LayerKind.MaxPool2D)
        {
            if (kernelSize < 1 || kernelSize > 64)
            {
                throw new ArgumentOutOfRangeException("kernelSize", "MaxPool2D window " + kernelSize + " is outside 1..64.");
            }

            if (stride < 1 || stride > 64)
            {
                throw new ArgumentOutOfRangeException("stride", "MaxPool2D stride " + stride + " is outside 1..64.");
            }

            KernelSize = kernelSize;
            Stride = stride;
        }
    }
}
