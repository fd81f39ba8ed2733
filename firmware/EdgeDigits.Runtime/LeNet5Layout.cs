namespace EdgeDigits.Runtime
{
    /// <summary>
    /// The LeNet-5 layer sequence as an <see cref="Int8Network"/>: on a [1, 28, 28] image, conv1 [6,1,5,5] → maxpool 2×2/2 →
    /// conv2 [16,6,5,5] → maxpool 2×2/2 → fc1 [120,256] → fc2 [84,120] → fc3 [10,84] (LeCun et al., Proc. IEEE 1998, in its
    /// modern ReLU/max-pool form). A convenience for tools and tests that build LeNet-5 from its five parameter layers;
    /// <see cref="Int8Network"/> checks every shape and zero point.
    /// </summary>
    public static class LeNet5Layout
    {
        /// <summary>Input height and width, in pixels.</summary>
        public const int InputSize = 28;

        /// <summary>Builds the network.</summary>
        /// <param name="name">Model name for display.</param>
        /// <param name="conv1">conv1, [6,1,5,5].</param>
        /// <param name="conv2">conv2, [16,6,5,5].</param>
        /// <param name="fc1">fc1, [120,256].</param>
        /// <param name="fc2">fc2, [84,120].</param>
        /// <param name="fc3">fc3, [10,84].</param>
        /// <param name="softmaxTable">[256] exp table.</param>
        /// <returns>The validated network of seven layers.</returns>
        /// <exception cref="System.ArgumentException">A shape or zero point does not chain (see <see cref="Int8Network"/>).</exception>
        /// <exception cref="System.ArgumentNullException">A layer or the table is null.</exception>
        public static Int8Network Create(string name, QuantizedConv2D conv1, QuantizedConv2D conv2, QuantizedFullyConnected fc1,
            QuantizedFullyConnected fc2, QuantizedFullyConnected fc3, int[] softmaxTable)
        {
            return new Int8Network(name == null ? "LeNet-5" : name, 1, InputSize, InputSize, new QuantizedLayer[]
            {
                conv1, new QuantizedMaxPool2D(2, 2), conv2, new QuantizedMaxPool2D(2, 2), fc1, fc2, fc3,
            }, softmaxTable);
        }
    }
}
