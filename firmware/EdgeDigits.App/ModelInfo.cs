namespace EdgeDigits.App
{
    /// <summary>What the boot screen says about the model (from <c>EdgeDigits.Model.LeNet5Model</c>'s constants).</summary>
    public sealed class ModelInfo
    {
        /// <summary>Display name, e.g. "LeNet-5 int8".</summary>
        public readonly string Name;

        /// <summary>Float model's MNIST test accuracy ×10000 (9934 = 99.34 %).</summary>
        public readonly int FloatAccuracyBasisPoints;

        /// <summary>Int8 model's MNIST test accuracy ×10000.</summary>
        public readonly int Int8AccuracyBasisPoints;

        /// <summary>Creates the description.</summary>
        /// <param name="name">Display name; null shows "LeNet-5".</param>
        /// <param name="floatAccuracyBasisPoints">Float accuracy ×10000.</param>
        /// <param name="int8AccuracyBasisPoints">Int8 accuracy ×10000.</param>
        public ModelInfo(string name, int floatAccuracyBasisPoints, int int8AccuracyBasisPoints)
        {
            Name = name == null ? "LeNet-5" : name;
            FloatAccuracyBasisPoints = floatAccuracyBasisPoints;
            Int8AccuracyBasisPoints = int8AccuracyBasisPoints;
        }
    }
}
