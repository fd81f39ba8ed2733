using System;
using EdgeDigits.Runtime;

namespace EdgeDigits.App
{
    /// <summary>
    /// The boot self-test: runs the golden MNIST digit through the runtime the device will use and compares every
    /// layer's output with the quantizer's, exactly (int8 arithmetic is deterministic, so any difference is a bug:
    /// wrong weights deployed, a miscompiled kernel, a corrupted flash image).
    /// </summary>
    public static class SelfTest
    {
        /// <summary>The message of a passing self-test.</summary>
        public const string OkMessage = "model OK";

        /// <summary>Runs the golden vector and reports the first difference.</summary>
        /// <param name="engine">The engine to test (its buffers are overwritten).</param>
        /// <param name="golden">The expected values.</param>
        /// <returns>Passed with "model OK", or failed with the first mismatch ("fc1[3] = -5, expected 7"), a length
        /// error ("golden pool1 has 100 values, expected 864"; layer names as in <see cref="Int8Network.LayerNames"/>) or the exception the engine threw.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static SelfTestResult Run(Int8Engine engine, GoldenVector golden)
        {
            if (engine == null)
            {
                throw new ArgumentNullException("engine");
            }

            if (golden == null)
            {
                throw new ArgumentNullException("golden");
            }

            Int8Network network = engine.Network;
            if (golden.Input.Length != network.InputLength)
            {
                return Fail("golden input has " + golden.Input.Length + " values, expected " + network.InputLength);
            }

            if (golden.LayerOutputs.Length != network.LayerCount)
            {
                return Fail("golden vector has " + golden.LayerOutputs.Length + " layer outputs, the model " + network.LayerCount + " layers");
            }

            string difference = null;
            int predicted = -1;
            try
            {
                // Step by step: each step's output is compared before the next one overwrites the ping-pong buffers.
                for (int s = 0; s < engine.StepCount && difference == null; s++)
                {
                    int layer = engine.StepLastLayer(s);
                    difference = Compare(network.LayerNames[layer], engine.RunStep(golden.Input, s), network.OutputLength(layer), golden.LayerOutputs[layer]);
                }

                if (difference == null)
                {
                    predicted = engine.Run(golden.Input);
                }
            }
            catch (Exception e)
            {
                return Fail("inference threw " + e.GetType().Name + ": " + e.Message);
            }

            if (difference == null) { difference = Compare("confidence", engine.Confidences, golden.Confidences); }
            if (difference == null && predicted != golden.PredictedClass)
            {
                difference = "predicted " + predicted + ", expected " + golden.PredictedClass;
            }

            return difference == null ? new SelfTestResult(true, OkMessage) : Fail(difference);
        }

        private static SelfTestResult Fail(string message)
        {
            return new SelfTestResult(false, message);
        }

        private static string Compare(string layer, sbyte[] actual, int length, sbyte[] expected)
        {
            if (expected.Length != length)
            {
                return "golden " + layer + " has " + expected.Length + " values, expected " + length;
            }

            for (int i = 0; i < length; i++)
            {
                if (actual[i] != expected[i])
                {
                    return layer + "[" + i + "] = " + actual[i] + ", expected " + expected[i];
                }
            }

            return null;
        }

        private static string Compare(string layer, int[] actual, int[] expected)
        {
            if (expected.Length != actual.Length)
            {
                return "golden " + layer + " has " + expected.Length + " values, expected " + actual.Length;
            }

            for (int i = 0; i < actual.Length; i++)
            {
                if (actual[i] != expected[i])
                {
                    return layer + "[" + i + "] = " + actual[i] + ", expected " + expected[i];
                }
            }

            return null;
        }
    }
}
