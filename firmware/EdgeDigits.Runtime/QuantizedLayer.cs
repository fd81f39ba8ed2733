namespace EdgeDigits.Runtime
{
    /// <summary>
    /// One int8 layer of a <see cref="Int8Network"/>: <see cref="QuantizedConv2D"/>, <see cref="QuantizedMaxPool2D"/> or
    /// <see cref="QuantizedFullyConnected"/>. The parameters are shape-agnostic in H and W; the network fixes the spatial sizes.
    /// </summary>
    public abstract class QuantizedLayer
    {
        /// <summary>Which operator this layer is.</summary>
        public readonly LayerKind Kind;

        /// <summary>Sets the operator kind.</summary>
        /// <param name="kind">The operator.</param>
        protected QuantizedLayer(LayerKind kind)
        {
            Kind = kind;
        }
    }
}
