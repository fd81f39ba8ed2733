namespace EdgeDigits.Simulator.Recognition;

/// <summary>What the developer panel shows about one recognized digit (one inference).</summary>
/// <param name="Digit">Predicted digit, 0..9.</param>
/// <param name="Confidence">Its confidence, permille.</param>
/// <param name="Unsure">True when the ink pipeline flags it "not sure".</param>
/// <param name="Top">The three most likely digits, best first.</param>
/// <param name="TopConfidence">Their confidences, permille.</param>
/// <param name="Box">Bounding box in canvas (or image) pixels, inclusive: [left, top, right, bottom].</param>
/// <param name="Confidences">All ten confidences, permille, index = digit.</param>
/// <param name="Input">The 28×28 input the network saw, row-major, 0 = background, 255 = ink, base64.</param>
/// <param name="IlInstructions">IL instructions Int8Engine.Run executed for this input, or null while not available.</param>
/// <param name="Calls">Method calls Int8Engine.Run executed for this input, or null while not available.</param>
public sealed record DigitView(int Digit, int Confidence, bool Unsure, int[] Top, int[] TopConfidence, int[] Box, int[] Confidences,
    string Input, long? IlInstructions, long? Calls);

/// <summary>The result of recognizing a drawing or an image.</summary>
/// <param name="Text">The digits left to right, e.g. "42"; empty for an empty drawing.</param>
/// <param name="Digits">One entry per digit (one inference each), left to right.</param>
/// <param name="MacsPerInference">Multiply-accumulates of one LeNet-5 inference from the layer shapes (281,640).</param>
/// <param name="Macs">Nominal MACs of this recognition (one inference per digit).</param>
/// <param name="HostMilliseconds">Wall time of the recognition on this host (not the device), ms.</param>
/// <param name="DeviceEstimate">The ESP32's estimated inference time for this recognition, or null while IL counts are not available.</param>
public sealed record RecognitionView(string Text, DigitView[] Digits, long MacsPerInference, long Macs, double HostMilliseconds,
    DeviceEstimateView? DeviceEstimate = null);

/// <summary>
/// An <b>estimate</b> of how long the ESP32 would take for the inferences of one recognition: their IL count times the
/// per-IL cost of <see cref="EdgeDigits.Tooling.Bench.Esp32Estimate"/> (54 native instructions per IL measured on the
/// nanoFramework interpreter, Xtensa ratio, IPC and clock assumed). Inference only: segmentation, normalization and
/// drawing the result are not counted.
/// </summary>
/// <param name="IlInstructions">IL instructions of all the recognition's inferences (one per digit).</param>
/// <param name="LowMilliseconds">Low end of the estimate, ms.</param>
/// <param name="HighMilliseconds">High end of the estimate, ms.</param>
/// <param name="MicrosecondsPerIlLow">Assumed fastest cost of one IL instruction, µs.</param>
/// <param name="MicrosecondsPerIlHigh">Assumed slowest cost of one IL instruction, µs.</param>
/// <param name="Assumption">The estimate's model in one sentence.</param>
public sealed record DeviceEstimateView(long IlInstructions, double LowMilliseconds, double HighMilliseconds,
    double MicrosecondsPerIlLow, double MicrosecondsPerIlHigh, string Assumption)
{
    /// <summary>Estimates the device time of <paramref name="digits"/>' inferences.</summary>
    /// <param name="digits">The digits of one recognition.</param>
    /// <returns>The estimate, or null when there are no digits or a digit has no IL count yet.</returns>
    public static DeviceEstimateView? Of(IReadOnlyList<DigitView> digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Count == 0)
        {
            return null;
        }

        long total = 0;
        foreach (DigitView digit in digits)
        {
            if (digit.IlInstructions is not { } il)
            {
                return null;
            }

            total += il;
        }

        (double low, double high) = EdgeDigits.Tooling.Bench.Esp32Estimate.Milliseconds(total);
        (double perLow, double perHigh) = EdgeDigits.Tooling.Bench.Esp32Estimate.Milliseconds(1000);
        return new DeviceEstimateView(total, Math.Round(low, 1), Math.Round(high, 1), perLow, perHigh,
            EdgeDigits.Tooling.Bench.Esp32Estimate.Assumption);
    }
}
