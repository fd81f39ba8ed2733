using System.Diagnostics;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Bench;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Recognition;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>
/// Recognizes the digits of an uploaded image with the ink pipeline's host image path
/// (<see cref="DigitRecognitionService"/>: ink map, segmentation, normalization to 28×28, int8 LeNet-5).
/// Calls are serialized with a lock.
/// </summary>
public sealed class ImageReader
{
    private readonly object _gate = new();
    private readonly ModelHost _model;
    private readonly DigitRecognitionService _service;
    private readonly Int8Engine _engine;

    /// <summary>Creates the reader.</summary>
    /// <param name="model">The shared model.</param>
    public ImageReader(ModelHost model)
    {
        _model = model;
        _service = new DigitRecognitionService(model.Parameters, SimulatorLimits.MaxDigits);
        _engine = new Int8Engine(model.Parameters);
    }

    /// <summary>Recognizes an image.</summary>
    /// <param name="image">The decoded image, any polarity.</param>
    /// <param name="multiDigit">True: one digit per ink group; false: all ink is one digit.</param>
    /// <returns>The result; boxes are in image pixels.</returns>
    public RecognitionView Recognize(GrayImage image, bool multiDigit)
    {
        lock (_gate)
        {
            long start = Stopwatch.GetTimestamp();
            RecognitionResult result = _service.Recognize(image, "upload", null, multiDigit);
            var digits = new DigitView[result.Digits.Count];
            for (int i = 0; i < digits.Length; i++)
            {
                DigitResult d = result.Digits[i];
                _engine.Run(d.Input);
                (long Instructions, long Calls)? counted = _model.Counter?.TryCount(d.Input);
                digits[i] = new DigitView(d.Digit, d.Confidence, d.Unsure, d.Top, d.TopConfidence,
                    [(int)d.Left, (int)d.Top0, (int)d.Right, (int)d.Bottom], (int[])_engine.Confidences.Clone(),
                    Convert.ToBase64String(d.Input),
                    counted?.Instructions, counted?.Calls);
            }

            return _model.View(digits, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
