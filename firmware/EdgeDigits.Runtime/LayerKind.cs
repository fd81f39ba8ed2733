namespace EdgeDigits.Runtime
{
    /// <summary>The int8 operators a <see cref="Int8Network"/> is built from (TFLite names: CONV_2D, MAX_POOL_2D, FULLY_CONNECTED).</summary>
    public enum LayerKind
    {
        /// <summary>Conv2D, stride 1, valid padding, fused bias, requantization and activation clamp (<see cref="QuantizedConv2D"/>).</summary>
        Conv2D = 0,

        /// <summary>MaxPool2D, square window and stride, valid padding; keeps its input's quantization (<see cref="QuantizedMaxPool2D"/>).</summary>
        MaxPool2D = 1,

        /// <summary>FullyConnected on the NCHW-flattened input, fused bias, requantization and activation clamp (<see cref="QuantizedFullyConnected"/>).</summary>
        FullyConnected = 2,
    }
}
