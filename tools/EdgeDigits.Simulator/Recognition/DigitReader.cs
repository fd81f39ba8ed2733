using System.Diagnostics;
using EdgeDigits.Ink;
using EdgeDigits.Runtime;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>
/// Runs the firmware's own ink pipeline (<see cref="InkRecognizer"/> over <see cref="StrokeBuffer"/>) and int8
/// LeNet-5 on strokes sent by a client, and turns the result into a <see cref="RecognitionView"/>.
/// One instance owns one engine; calls are serialized with a lock (the pipeline is single-threaded by design).
/// </summary>
public sealed class DigitReader
{
    private readonly object _gate = new();
    private readonly ModelHost _model;
    private readonly Int8Engine _engine;
    private readonly InkRecognizer _recognizer;
    private readonly StrokeBuffer _ink;

    /// <summary>Creates a reader with its own engine and buffers.</summary>
    /// <param name="model">The shared model.</param>
    public DigitReader(ModelHost model)
    {
        _model = model;
        _engine = new Int8Engine(model.Parameters);
        _recognizer = new InkRecognizer(_engine, SimulatorLimits.MaxDigits, SimulatorLimits.MaxStrokes);
        _ink = new StrokeBuffer(SimulatorLimits.MaxPoints, SimulatorLimits.MaxStrokes, SimulatorLimits.ScreenWidth, SimulatorLimits.ScreenHeight);
    }

    /// <summary>Recognizes a drawing.</summary>
    /// <param name="strokes">Validated strokes: each an array of [x, y] points in canvas pixels (see <see cref="Api.StrokeRequest"/>).</param>
    /// <param name="multiDigit">True: split into several digits; false: one digit.</param>
    /// <returns>The result.</returns>
    public RecognitionView Recognize(int[][][] strokes, bool multiDigit)
    {
        lock (_gate)
        {
            long start = Stopwatch.GetTimestamp();
            _ink.Clear();
            foreach (int[][] stroke in strokes)
            {
                _ink.BeginStroke();
                foreach (int[] point in stroke)
                {
                    _ink.AddPoint(point[0], point[1]);
                }

                _ink.EndStroke();
            }

            int count = _recognizer.Recognize(_ink, multiDigit);
            var digits = new DigitView[count];
            for (int i = 0; i < count; i++)
            {
                digits[i] = DigitViews.Describe(_engine, _recognizer.GetDigit(i), _model);
            }

            return _model.View(digits, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
