using System;

namespace EdgeDigits.Runtime
{
    /// <summary>
    /// A quantized LeNet-5: conv1 → ReLU → maxpool 2 → conv2 → ReLU → maxpool 2 → flatten → fc1 → ReLU → fc2 →
    /// ReLU → fc3, plus the table that turns its int8 logits into confidences. Produced by
    /// <c>edgedigits quantize</c> as generated C# (see <c>firmware/EdgeDigits.Model</c>).
    /// </summary>
    /// <remarks>
    /// Input: 28×28 raw pixels 0..255 (0 = background, 255 = ink), row-major. The float model normalizes
    /// with <c>(p/255 − 0.5)/0.5</c>; the quantizer folds that exactly into the input quantization
    /// <c>scale = 2/255, zero point = −128</c>, so the int8 input is <c>p − 128</c> with no rounding.
    /// Shapes are fixed by the architecture: conv1 [6,1,5,5], conv2 [16,6,5,5], fc1 [120,256],
    /// fc2 [84,120], fc3 [10,84]; the flatten order is NCHW (c·16 + y·4 + x), as PyTorch and ONNX flatten.
    /// </remarks>
    public sealed class LeNet5Parameters
    {
        /// <summary>Zero point of the int8 input; the quantizer fixes it at −128 (scale 2/255).</summary>
        public const int InputZeroPoint = -128;

        /// <summary>conv1: 1 → 6 channels, 5×5, ReLU fused.</summary>
        public readonly QuantizedConv2D Conv1;

        /// <summary>conv2: 6 → 16 channels, 5×5, ReLU fused.</summary>
        public readonly QuantizedConv2D Conv2;

        /// <summary>fc1: 256 → 120, ReLU fused.</summary>
        public readonly QuantizedFullyConnected Fc1;

        /// <summary>fc2: 120 → 84, ReLU fused.</summary>
        public readonly QuantizedFullyConnected Fc2;

        /// <summary>fc3: 84 → 10 logits, no activation.</summary>
        public readonly QuantizedFullyConnected Fc3;

        /// <summary>
        /// Softmax table, [256]: <c>SoftmaxTable[d] = round(2^16 · exp(−s · d))</c> where s is the logit scale and
        /// d = max logit − logit, in int8 steps. Confidences are ratios of its entries, so no floating point runs on the device.
        /// </summary>
        public readonly int[] SoftmaxTable;

        /// <summary>Human-readable model name shown on the device, e.g. "LeNet-5 int8".</summary>
        public readonly string Name;

        /// <summary>Creates and validates a LeNet-5 parameter set.</summary>
        /// <param name="name">Model name for display.</param>
        /// <param name="conv1">conv1 parameters, shape [6,1,5,5].</param>
        /// <param name="conv2">conv2 parameters, shape [16,6,5,5].</param>
        /// <param name="fc1">fc1 parameters, shape [120,256].</param>
        /// <param name="fc2">fc2 parameters, shape [84,120].</param>
        /// <param name="fc3">fc3 parameters, shape [10,84].</param>
        /// <param name="softmaxTable">[256] exp table, non-increasing, entry 0 = 65536.</param>
        /// <exception cref="ArgumentNullException">A layer or the table is null.</exception>
        /// <exception cref="ArgumentException">A layer shape or zero point does not chain to the next layer, or the table is malformed.</exception>
        public LeNet5Parameters(string name, QuantizedConv2D conv1, QuantizedConv2D conv2, QuantizedFullyConnected fc1,
            QuantizedFullyConnected fc2, QuantizedFullyConnected fc3, int[] softmaxTable)
        {
            if (conv1 == null) { throw new ArgumentNullException("conv1"); }
            if (conv2 == null) { throw new ArgumentNullException("conv2"); }
            if (fc1 == null) { throw new ArgumentNullException("fc1"); }
            if (fc2 == null) { throw new ArgumentNullException("fc2"); }
            if (fc3 == null) { throw new ArgumentNullException("fc3"); }
            if (softmaxTable == null) { throw new ArgumentNullException("softmaxTable"); }

            CheckConv(conv1, 1, 6, "conv1");
            CheckConv(conv2, 6, 16, "conv2");
            CheckFc(fc1, 256, 120, "fc1");
            CheckFc(fc2, 120, 84, "fc2");
            CheckFc(fc3, 84, 10, "fc3");
            CheckChain(InputZeroPoint, conv1.InputZeroPoint, "input", "conv1");
            CheckChain(conv1.OutputZeroPoint, conv2.InputZeroPoint, "conv1", "conv2");
            CheckChain(conv2.OutputZeroPoint, fc1.InputZeroPoint, "conv2", "fc1");
            CheckChain(fc1.OutputZeroPoint, fc2.InputZeroPoint, "fc1", "fc2");
            CheckChain(fc2.OutputZeroPoint, fc3.InputZeroPoint, "fc2", "fc3");
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

            Name = name == null ? "LeNet-5" : name;
            Conv1 = conv1;
            Conv2 = conv2;
            Fc1 = fc1;
            Fc2 = fc2;
            Fc3 = fc3;
            SoftmaxTable = softmaxTable;
        }

        private static void CheckConv(QuantizedConv2D layer, int inputChannels, int outputChannels, string name)
        {
            if (layer.InputChannels != inputChannels || layer.OutputChannels != outputChannels || layer.KernelSize != 5)
            {
                throw new ArgumentException(name + " must be [" + outputChannels + "," + inputChannels + ",5,5] but is [" + layer.OutputChannels + "," + layer.InputChannels + "," + layer.KernelSize + "," + layer.KernelSize + "].", name);
            }
        }

        private static void CheckFc(QuantizedFullyConnected layer, int inputFeatures, int outputFeatures, string name)
        {
            if (layer.InputFeatures != inputFeatures || layer.OutputFeatures != outputFeatures)
            {
                throw new ArgumentException(name + " must be [" + outputFeatures + "," + inputFeatures + "] but is [" + layer.OutputFeatures + "," + layer.InputFeatures + "].", name);
            }
        }

        private static void CheckChain(int producerZeroPoint, int consumerZeroPoint, string producer, string consumer)
        {
            // Max pooling and flatten keep the quantization of their input (TFLite requires it), so every
            // layer's input zero point is the previous layer's output zero point.
            if (producerZeroPoint != consumerZeroPoint)
            {
                throw new ArgumentException(consumer + " expects input zero point " + consumerZeroPoint + " but " + producer + " produces " + producerZeroPoint + ".", consumer);
            }
        }
    }
}
