using System;

namespace EdgeDigits.Runtime
{
    /// <summary>
    /// A quantized sequential network: an ordered list of int8 layers (Conv2D, MaxPool2D, FullyConnected) from a
    /// [C, H, W] image to class logits, plus the table that turns those logits into confidences. Produced by
    /// <c>edgedigits quantize</c> as generated C# (see <c>firmware/EdgeDigits.Model</c>) and run by <see cref="Int8Engine"/>.
    /// </summary>
    /// <remarks>
    /// Input: raw pixels 0..255 (0 = background, 255 = ink), [C, H, W] NCHW without the batch, flat (c·H + y)·W + x. The
    /// float models normalize with <c>(p/255 − 0.5)/0.5</c>; the quantizer folds that exactly into the input quantization
    /// <c>scale = 2/255, zero point = −128</c> (<see cref="InputZeroPoint"/>), so the int8 input is <c>p − 128</c> with no rounding.
    /// A FullyConnected layer reads its input flattened in NCHW order (c·H·W + y·W + x), as PyTorch and ONNX Flatten do.
    /// Every layer's input zero point is the previous layer's output zero point: max pooling and flatten keep their
    /// input's quantization (TFLite requires it). Shapes are checked here once, at construction, so the engine's kernels
    /// can trust them.
    /// </remarks>
    public sealed class Int8Network
    {
        /// <summary>Zero point of the int8 input; the quantizer fixes it at −128 (scale 2/255).</summary>
        public const int InputZeroPoint = -128;

        /// <summary>Most layers a network may have.</summary>
        public const int MaxLayers = 64;

        /// <summary>Most classes a network may output (the softmax sums stay below 2^31 far beyond this).</summary>
        public const int MaxClasses = 1000;

        /// <summary>Human-readable model name shown on the device, e.g. "LeNet-5 int8".</summary>
        public readonly string Name;

        /// <summary>The layers in execution order.</summary>
        public readonly QuantizedLayer[] Layers;

        /// <summary>Layer names, [layers]: conv1, conv2, … pool1, … fc1, … numbered per kind in order.</summary>
        public readonly string[] LayerNames;

        /// <summary>
        /// Softmax table, [256]: <c>SoftmaxTable[d] = round(2^16 · exp(−s · d))</c> where s is the logit scale (divided by the
        /// softmax temperature) and d = max logit − logit, in int8 steps. Confidences are ratios of its entries.
        /// </summary>
        public readonly int[] SoftmaxTable;

        private readonly int[] _channels;
        private readonly int[] _heights;
        private readonly int[] _widths;
        private readonly int[] _zeroPoints;

        /// <summary>Creates and validates a network.</summary>
        /// <param name="name">Model name for display; null gives "int8 network".</param>
        /// <param name="inputChannels">C of the input image, at least 1.</param>
        /// <param name="inputHeight">H of the input image, in pixels, at least 1.</param>
        /// <param name="inputWidth">W of the input image, in pixels, at least 1.</param>
        /// <param name="layers">The layers in order, 1..<see cref="MaxLayers"/>; the last one yields the logits.</param>
        /// <param name="softmaxTable">[256] exp table, non-increasing, non-negative, entry 0 = 65536.</param>
        /// <exception cref="ArgumentNullException"><paramref name="layers"/>, a layer or the table is null.</exception>
        /// <exception cref="ArgumentException">The input size is not positive, there are no or too many layers, a layer's
        /// shape or zero point does not chain to the previous one, the output is not 3..<see cref="MaxClasses"/> values,
        /// or the table is malformed; the message names the layer.</exception>
        public Int8Network(string name, int inputChannels, int inputHeight, int inputWidth, QuantizedLayer[] layers, int[] softmaxTable)
        {
            if (layers == null)
            {
                throw new ArgumentNullException("layers");
            }

            if (softmaxTable == null)
            {
                throw new ArgumentNullException("softmaxTable");
            }

            if (inputChannels < 1 || inputHeight < 1 || inputWidth < 1 || inputChannels > 4096 || inputHeight > 4096 || inputWidth > 4096)
            {
                throw new ArgumentException("input [" + inputChannels + "," + inputHeight + "," + inputWidth + "] must be 1..4096 in every dimension.", "inputChannels");
            }

            if (layers.Length < 1 || layers.Length > MaxLayers)
            {
                throw new ArgumentException("a network has 1.." + MaxLayers + " layers, not " + layers.Length + ".", "layers");
            }

            int count = layers.Length;
            _channels = new int[count + 1];
            _heights = new int[count + 1];
            _widths = new int[count + 1];
            _zeroPoints = new int[count + 1];
            _channels[0] = inputChannels;
            _heights[0] = inputHeight;
            _widths[0] = inputWidth;
            _zeroPoints[0] = InputZeroPoint;
            LayerNames = new string[count];
            int convs = 0;
            int pools = 0;
            int denses = 0;
            for (int i = 0; i < count; i++)
            {
                QuantizedLayer layer = layers[i];
                if (layer == null)
                {
                    throw new ArgumentNullException("layers", "layer " + i + " is null.");
                }

                int c = _channels[i];
                int h = _heights[i];
                int w = _widths[i];
                string where;
                if (layer.Kind == LayerKind.Conv2D)
                {
                    var conv = (QuantizedConv2D)layer;
                    convs++;
                    where = "conv" + convs;
                    if (conv.InputChannels != c || conv.KernelSize > h || conv.KernelSize > w)
                    {
                        throw new ArgumentException(where + " (layer " + i + ") has weights [" + conv.OutputChannels + "," + conv.InputChannels + "," + conv.KernelSize
                            + "," + conv.KernelSize + "] but its input is [" + c + "," + h + "," + w + "].", "layers");
                    }

                    CheckChain(_zeroPoints[i], conv.InputZeroPoint, where);
                    _channels[i + 1] = conv.OutputChannels;
                    _heights[i + 1] = h - conv.KernelSize + 1;
                    _widths[i + 1] = w - conv.KernelSize + 1;
                    _zeroPoints[i + 1] = conv.OutputZeroPoint;
                }
                else if (layer.Kind == LayerKind.MaxPool2D)
                {
                    var pool = (QuantizedMaxPool2D)layer;
                    pools++;
                    where = "pool" + pools;
                    if (pool.KernelSize > h || pool.KernelSize > w)
                    {
                        throw new ArgumentException(where + " (layer " + i + ") pools " + pool.KernelSize + "x" + pool.KernelSize + " over an input of [" + c + "," + h + "," + w + "].", "layers");
                    }

                    _channels[i + 1] = c;
                    _heights[i + 1] = (h - pool.KernelSize) / pool.Stride + 1;
                    _widths[i + 1] = (w - pool.KernelSize) / pool.Stride + 1;
                    _zeroPoints[i + 1] = _zeroPoints[i];
                }
                else if (layer.Kind == LayerKind.FullyConnected)
                {
                    var dense = (QuantizedFullyConnected)layer;
                    denses++;
                    where = "fc" + denses;
                    if ((long)c * h * w != dense.InputFeatures)
                    {
                        throw new ArgumentException(where + " (layer " + i + ") takes " + dense.InputFeatures + " inputs but its input [" + c + "," + h + "," + w
                            + "] flattens to " + ((long)c * h * w) + ".", "layers");
                    }

                    CheckChain(_zeroPoints[i], dense.InputZeroPoint, where);
                    _channels[i + 1] = dense.OutputFeatures;
                    _heights[i + 1] = 1;
                    _widths[i + 1] = 1;
                    _zeroPoints[i + 1] = dense.OutputZeroPoint;
                }
                else
                {
                    throw new ArgumentException("layer " + i + " has unknown kind " + (int)layer.Kind + ".", "layers");
                }

                if ((long)_channels[i + 1] * _heights[i + 1] * _widths[i + 1] > 1 << 24)
                {
                    throw new ArgumentException(where + " (layer " + i + ") outputs more than 2^24 values.", "layers");
                }

                LayerNames[i] = where;
            }

            int classes = OutputLength(count - 1);
            if (classes < 3 || classes > MaxClasses)
            {
                throw new ArgumentException("the last layer yields " + classes + " logits; a classifier here has 3.." + MaxClasses + ".", "layers");
            }

            if (softmaxTable.Length != 256 || softmaxTable[0] != 65536)
            {
                throw new ArgumentException("softmaxTable must have 256 entries starting with 65536.", "softmaxTable");
            }

            for (int d = 1; d < 256; d++)
            {
                if (softmaxTable[d] < 0 || softmaxTable[d] > softmaxTable[d - 1])
                {
                    throw new ArgumentException("softmaxTable must be non-increasing and non-negative; entry " + d + " is " + softmaxTable[d] + ".", "softmaxTable");
                }
            }

            Name = name == null ? "int8 network" : name;
            Layers = layers;
            SoftmaxTable = softmaxTable;
        }

        /// <summary>Number of layers.</summary>
        public int LayerCount
        {
            get { return Layers.Length; }
        }

        /// <summary>Channels C of the input image.</summary>
        public int InputChannels
        {
            get { return _channels[0]; }
        }

        /// <summary>Height H of the input image, in pixels.</summary>
        public int InputHeight
        {
            get { return _heights[0]; }
        }

        /// <summary>Width W of the input image, in pixels.</summary>
        public int InputWidth
        {
            get { return _widths[0]; }
        }

        /// <summary>Input values C·H·W (784 for a 28×28 digit).</summary>
        public int InputLength
        {
            get { return _channels[0] * _heights[0] * _widths[0]; }
        }

        /// <summary>Number of classes: the length of the last layer's output.</summary>
        public int ClassCount
        {
            get { return OutputLength(Layers.Length - 1); }
        }

        /// <summary>Channels of layer <paramref name="layer"/>'s output (features for a FullyConnected layer).</summary>
        /// <param name="layer">Layer index, 0-based.</param>
        /// <returns>C of the output [C, H, W].</returns>
        public int OutputChannels(int layer)
        {
            return _channels[layer + 1];
        }

        /// <summary>Height of layer <paramref name="layer"/>'s output, in pixels (1 after a FullyConnected layer).</summary>
        /// <param name="layer">Layer index.</param>
        /// <returns>H of the output.</returns>
        public int OutputHeight(int layer)
        {
            return _heights[layer + 1];
        }

        /// <summary>Width of layer <paramref name="layer"/>'s output, in pixels (1 after a FullyConnected layer).</summary>
        /// <param name="layer">Layer index.</param>
        /// <returns>W of the output.</returns>
        public int OutputWidth(int layer)
        {
            return _widths[layer + 1];
        }

        /// <summary>Values in layer <paramref name="layer"/>'s output, C·H·W.</summary>
        /// <param name="layer">Layer index.</param>
        /// <returns>The output length.</returns>
        public int OutputLength(int layer)
        {
            return _channels[layer + 1] * _heights[layer + 1] * _widths[layer + 1];
        }

        /// <summary>Channels of layer <paramref name="layer"/>'s input.</summary>
        /// <param name="layer">Layer index.</param>
        /// <returns>C of the input [C, H, W].</returns>
        public int InputChannelsOf(int layer)
        {
            return _channels[layer];
        }

        /// <summary>Height of layer <paramref name="layer"/>'s input, in pixels.</summary>
        /// <param name="layer">Layer index.</param>
        /// <returns>H of the input.</returns>
        public int InputHeightOf(int layer)
        {
            return _heights[layer];
        }

        /// <summary>Width of layer <paramref name="layer"/>'s input, in pixels.</summary>
        /// <param name="layer">Layer index.</param>
        /// <returns>W of the input.</returns>
        public int InputWidthOf(int layer)
        {
            return _widths[layer];
        }

        /// <summary>Zero point of layer <paramref name="layer"/>'s output (a pool's is its input's).</summary>
        /// <param name="layer">Layer index.</param>
        /// <returns>The int8 zero point.</returns>
        public int OutputZeroPoint(int layer)
        {
            return _zeroPoints[layer + 1];
        }

        private static void CheckChain(int producerZeroPoint, int consumerZeroPoint, string consumer)
        {
            if (producerZeroPoint != consumerZeroPoint)
            {
                throw new ArgumentException(consumer + " expects input zero point " + consumerZeroPoint + " but its input has zero point " + producerZeroPoint + ".", "layers");
            }
        }
    }
}
