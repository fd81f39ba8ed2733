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
/// <param name="EffectiveMacs">MACs the fast kernels executed for this input after zero skipping (bench's count).</param>
/// <param name="IlInstructions">IL instructions LeNet5.Run executed for this input, or null while not available.</param>
/// <param name="Calls">Method calls LeNet5.Run executed for this input, or null while not available.</param>
public sealed record DigitView(int Digit, int Confidence, bool Unsure, int[] Top, int[] TopConfidence, int[] Box, int[] Confidences,
    string Input, long EffectiveMacs, long? IlInstructions, long? Calls);

/// <summary>The result of recognizing a drawing or an image.</summary>
/// <param name="Text">The digits left to right, e.g. "42"; empty for an empty drawing.</param>
/// <param name="Digits">One entry per digit (one inference each), left to right.</param>
/// <param name="MacsPerInference">Multiply-accumulates of one LeNet-5 inference from the layer shapes (281,640).</param>
/// <param name="Macs">Nominal MACs of this recognition (one inference per digit).</param>
/// <param name="HostMilliseconds">Wall time of the recognition on this host (not the device), ms.</param>
public sealed record RecognitionView(string Text, DigitView[] Digits, long MacsPerInference, long Macs, double HostMilliseconds);
