using EdgeDigits.Model;
using EdgeDigits.Runtime;
using nanoFramework.TestFramework;

namespace EdgeDigits.Device.Tests
{
    /// <summary>
    /// On the device (or nanoclr): the generated model must reproduce the tool's golden vectors exactly, layer by layer,
    /// with the same kernels the host tests run.
    /// </summary>
    [TestClass]
    public class GoldenVectorTests
    {
        /// <summary>The fast engine (Core2 configuration) reproduces every golden layer output bit for bit.</summary>
        [TestMethod]
        public void LeNet5ReproducesTheGoldenVectors()
        {
            Check(new Int8Engine(LeNet5Model.Create(), EngineMemory.Fast));
        }

        /// <summary>The lean engine (CYD configuration, 8 KB of prepared data) reproduces the same golden outputs.</summary>
        [TestMethod]
        public void LeanLeNet5ReproducesTheGoldenVectors()
        {
            Check(new Int8Engine(LeNet5Model.Create(), EngineMemory.Lean));
        }

        private static void Check(Int8Engine engine)
        {
            // Step by step: each step's output is checked before the next one reuses its ping-pong buffer.
            for (int s = 0; s < engine.StepCount; s++)
            {
                int layer = engine.StepLastLayer(s);
                AssertSame(LeNet5Golden.LayerOutputs[layer], engine.RunStep(LeNet5Golden.Input, s), engine.Network.LayerNames[layer]);
            }

            int predicted = engine.Run(LeNet5Golden.Input);
            for (int i = 0; i < LeNet5Golden.Confidences.Length; i++)
            {
                Assert.AreEqual(LeNet5Golden.Confidences[i], engine.Confidences[i], "confidence " + i);
            }

            Assert.AreEqual(LeNet5Golden.PredictedClass, predicted, "predicted class");
        }

        private static void AssertSame(sbyte[] expected, sbyte[] actual, string layer)
        {
            Assert.IsTrue(actual.Length >= expected.Length, layer + " length");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], actual[i], layer + "[" + i + "]");
            }
        }
    }
}
