using EdgeDigits.Simulator.Recognition;

namespace EdgeDigits.Simulator.Device;

/// <summary>Answer of <c>POST /api/device</c>.</summary>
/// <param name="Rects">What the app drew, as filled rectangles: [n·5] ints x, y, width, height, color 0xRRGGBB, in order.</param>
/// <param name="State">The app's state after the events (EdgeDigits.App.AppState name, e.g. "Ready", "Result").</param>
/// <param name="MultiDigit">Whether multi-digit mode is on.</param>
/// <param name="Busy">Whether a recognition is pending.</param>
/// <param name="Booted">True when this request booted the board (new session, or the old one was evicted).</param>
/// <param name="Log">Serial log lines written during the events.</param>
/// <param name="Recognition">The result the app showed during these events, or null.</param>
/// <param name="Teach">Labelled drawings the app logged during these events (teach: confirmed or corrected results;
/// collect), each one line of the stroke format <c>edgedigits recognize</c> reads, oldest first (see SimulatorLog for the bounds).</param>
public sealed record DeviceResponse(int[] Rects, string State, bool MultiDigit, bool Busy, bool Booted, string[] Log, RecognitionView? Recognition, string[] Teach);
