using System;

namespace EdgeDigits.Runtime.Reference
{
    /// <summary>
    /// The straightforward run of an <see cref="Int8Network"/>: one reference kernel per layer, every intermediate tensor
    /// materialized. It defines the int8 result that <see cref="Int8Engine"/> must reproduce bit for bit, the golden
    /// vectors, and the "before" column of <c>edgedigits bench</c>.
    /// </summary>
    public sealed class NetworkReference
    {
        private readonly Int8Network _network;
        private readonly sbyte[] _input;

        /// <summary>
        /// Output of every layer of the last run, [layers][C·H·W], NCHW flat (c·H + y)·W + x; the last entry holds the int8 logits.
        /// A FullyConnected layer's output is [N].
        /// </summary>
        public readonly sbyte[][] LayerOutputs;

        /// <summary>Creates the run over preallocated buffers.</summary>
        /// <param name="network">The quantized network.</param>
        /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
        public NetworkReference(Int8Network network)
        {
            if (network == null)
            {
                throw new ArgumentNullException("network");
            }

            _network = network;
            _input = new sbyte[network.InputLength];
            LayerOutputs = new sbyte[network.LayerCount][];
            for (int i = 0; i < network.LayerCount; i++)
            {
                LayerOutputs[i] = new sbyte[network.OutputLength(i)];
            }
        }

        /// <summary>The int8 logits of the last run, [classes] (the last layer's output).</summary>
        public sbyte[] Logits
        {
            get { return LayerOutputs[LayerOutputs.Length - 1]; }
        }

        /// <summary>Runs one inference and returns the predicted class (the first index of the largest logit).</summary>
        /// <param name="pixels">[C·H·W] pixels, 0 = background, 255 = ink; q = p − 128.</param>
        /// <returns>The predicted class.</returns>
        /// <exception cref="ArgumentException"><paramref name="pixels"/> is null or not the network's input length.</exception>
        public int Run(byte[] pixels)
        {
            if (pixels == null || pixels.Length != _network.InputLength)
            {
                throw new ArgumentException("pixels must hold the network's " + _network.InputLength + " input values.", "pixels");
            }

            for (int i = 0; i < pixels.Length; i++)
            {
                _input[i] = (sbyte)(pixels[i] + Int8Network.InputZeroPoint);
            }

            sbyte[] input = _input;
            for (int i = 0; i < _network.LayerCount; i++)
            {
                QuantizedLayer layer = _network.Layers[i];
                int c = _network.InputChannelsOf(i);
                int h = _network.InputHeightOf(i);
                int w = _network.InputWidthOf(i);
                if (layer.Kind == LayerKind.Conv2D)
                {
                    Conv2DReference.Run((QuantizedConv2D)layer, input, h, w, LayerOutputs[i]);
                }
                else if (layer.Kind == LayerKind.MaxPool2D)
                {
                    var pool = (QuantizedMaxPool2D)layer;
                    MaxPool2DReference.Run(input, c, h, w, pool.KernelSize, pool.Stride, LayerOutputs[i]);
                }
                else
                {
                    FullyConnectedReference.Run((QuantizedFullyConnected)layer, input, LayerOutputs[i]);
                }

                input = LayerOutputs[i];
            }

            sbyte[] logits = Logits;
            int best = 0;
            for (int i = 1; i < logits.Length; i++)
            {
                if (logits[i] > logits[best])
                {
                    best = i;
                }
            }

            return best;
        }
    }
}
