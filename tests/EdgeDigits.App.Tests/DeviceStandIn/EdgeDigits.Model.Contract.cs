// STAND-IN for the GENERATED model (firmware/EdgeDigits.Model/*.g.cs), used by the device compile test only while
// `edgedigits quantize` has not produced it yet; the test skips this file as soon as the generated LeNet5Model exists.
// Follows the contract in BRIEF.md ("Generated model").
namespace EdgeDigits.Model
{
    public static class LeNet5Model
    {
        public const string Name = "LeNet-5 int8";
        public const int FloatAccuracyBasisPoints = 0;
        public const int Int8AccuracyBasisPoints = 0;

        public static EdgeDigits.Runtime.Int8Network Create() => throw null;
    }

    public static class LeNet5Golden
    {
        public const int Index = 0;
        public const int Label = 0;
        public const int PredictedClass = 0;
        public static readonly byte[] Input = new byte[784];
        public static readonly sbyte[][] LayerOutputs = new sbyte[7][];
        public static readonly int[] Confidences = new int[10];
    }
}
