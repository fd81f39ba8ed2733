using System;

namespace EdgeDigits.Runtime
{
    /// <summary>Validation shared by the layer parameter types; runs once, when a model is built.</summary>
    internal static class QuantizationChecks
    {
        internal static void CheckWeights(sbyte[] weights, int expectedLength, string name)
        {
            if (weights == null)
            {
                throw new ArgumentNullException(name);
            }

            if (weights.Length != expectedLength)
            {
                throw new ArgumentException(name + " has " + weights.Length + " elements; the shape needs " + expectedLength + ".", name);
            }

            for (int i = 0; i < weights.Length; i++)
            {
                if (weights[i] == -128)
                {
                    throw new ArgumentException(name + "[" + i + "] is -128; symmetric int8 weights lie in [-127, 127].", name);
                }
            }
        }

        internal static void CheckPerChannel(int[] bias, int[] multiplier, int[] shift, int channels)
        {
            CheckLength(bias, channels, "bias");
            CheckLength(multiplier, channels, "outputMultiplier");
            CheckLength(shift, channels, "outputShift");
            for (int c = 0; c < channels; c++)
            {
                if (multiplier[c] < 0)
                {
                    throw new ArgumentException("outputMultiplier[" + c + "] is negative (" + multiplier[c] + ").", "outputMultiplier");
                }

                if (shift[c] < -31 || shift[c] > 30)
                {
                    throw new ArgumentException("outputShift[" + c + "] is " + shift[c] + "; it must lie in [-31, 30].", "outputShift");
                }
            }
        }

        internal static void CheckActivation(int inputZeroPoint, int outputZeroPoint, int activationMin, int activationMax)
        {
            CheckInt8(inputZeroPoint, "inputZeroPoint");
            CheckInt8(outputZeroPoint, "outputZeroPoint");
            CheckInt8(activationMin, "activationMin");
            CheckInt8(activationMax, "activationMax");
            if (activationMin > activationMax)
            {
                throw new ArgumentException("activationMin " + activationMin + " exceeds activationMax " + activationMax + ".", "activationMin");
            }
        }

        private static void CheckLength(int[] values, int expectedLength, string name)
        {
            if (values == null)
            {
                throw new ArgumentNullException(name);
            }

            if (values.Length != expectedLength)
            {
                throw new ArgumentException(name + " has " + values.Length + " elements; expected " + expectedLength + " (one per output channel).", name);
            }
        }

        private static void CheckInt8(int value, string name)
        {
            if (value < -128 || value > 127)
            {
                throw new ArgumentOutOfRangeException(name, name + " is " + value + "; it must lie in [-128, 127].");
            }
        }
    }
}
