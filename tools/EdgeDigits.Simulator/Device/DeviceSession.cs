using System.Diagnostics;
using EdgeDigits.App;
using EdgeDigits.Ink;
using EdgeDigits.Runtime;
using EdgeDigits.Simulator.Api;
using EdgeDigits.Simulator.Recognition;

namespace EdgeDigits.Simulator.Device;

/// <summary>
/// One simulated board for one browser session: the firmware's <see cref="DigitApp"/>, composed as the device's
/// DeviceHost composes it (LeNet-5 engine, <see cref="InkRecognizer"/> for up to <see cref="MaxDigits"/> digits, default
/// <see cref="AppSettings"/>, boot screen and golden-vector self-test), drawing on a <see cref="RectScreen"/>.
/// The page's events drive it; the worker's three calls run inline after each tick, as on a single-threaded host.
/// </summary>
/// <remarks>Not thread-safe: callers hold <see cref="Gate"/> while calling <see cref="Process"/>.</remarks>
public sealed class DeviceSession
{
    /// <summary>Digits per drawing, as on the device (DeviceHost.MaxDigits).</summary>
    public const int MaxDigits = 6;

    private readonly ModelHost _model;
    private readonly RectScreen _screen = new();
    private readonly Int8Engine _engine;
    private readonly InkRecognizer _recognizer;
    private readonly DigitApp _app;
    private readonly SimulatorLog _log = new();
    private bool _booted;
    private long _clockMs;
    private int _recognitionsThisRequest;

    /// <summary>Creates the board (not booted: the first <see cref="Process"/> boots it).</summary>
    /// <param name="model">The shared model.</param>
    public DeviceSession(ModelHost model)
    {
        _model = model;
        _engine = new Int8Engine(model.Parameters);
        _recognizer = new InkRecognizer(_engine, MaxDigits);
        // Teach lines of this board are written by "sim/<random>": each browser session (and each reboot) is one writer.
        Writer = "sim/" + Guid.NewGuid().ToString("N")[..12];
        _app = new DigitApp(_screen, _recognizer, model.Info, new AppSettings { TeachWriter = Writer }, _log);
    }

    /// <summary>The writer part of this board's teach-line ids, "sim/&lt;12 hex digits&gt;".</summary>
    public string Writer { get; }

    /// <summary>Lock to hold around <see cref="Process"/>.</summary>
    public object Gate { get; } = new();

    /// <summary>Recognitions run by the last <see cref="Process"/> call (at most <see cref="SimulatorLimits.MaxRecognitionsPerRequest"/>).</summary>
    public int RecognitionsLastRequest => _recognitionsThisRequest;

    /// <summary>The app (tests read its state).</summary>
    public DigitApp App => _app;

    /// <summary>
    /// Feeds the events to the app in order and returns what it drew. Touches and buttons are queued as the board's
    /// drivers queue them; a tick runs <see cref="DigitApp.Tick"/> and, when a recognition was requested, the
    /// worker (take, run, complete) followed by a second tick at the same instant so the result is drawn at once.
    /// </summary>
    /// <param name="events">Validated events (see <see cref="DeviceRequest.Validate"/>).</param>
    /// <returns>The draw commands and the developer-panel data.</returns>
    /// <remarks>Work per call is bounded: at most <see cref="SimulatorLimits.MaxRecognitionsPerRequest"/> recognitions
    /// run (later ones stay pending for the next call) and at most <see cref="SimulatorLimits.MaxResponseRects"/>
    /// rectangles are drawn.</remarks>
    /// <exception cref="BadRequestException">The first event is earlier than the session's clock or too far after it
    /// (400; the session is unchanged), or the events draw too much (413).</exception>
    public DeviceResponse Process(DeviceEvent[] events)
    {
        if (events.Length > 0 && _booted && events[0].T < _clockMs)
        {
            throw new BadRequestException("events[0].t = " + events[0].T + " ms is earlier than the session's clock (" + _clockMs + " ms).");
        }

        // Checked before anything runs: a refused time leaves the session as it was, so a bad t cannot brick it.
        if (events.Length > 0 && _booted && events[0].T - _clockMs > SimulatorLimits.MaxEventStepMs)
        {
            throw new BadRequestException("events[0].t = " + events[0].T + " ms is " + (events[0].T - _clockMs) + " ms after the session's clock ("
                + _clockMs + " ms); the limit is " + SimulatorLimits.MaxEventStepMs + " ms per step.");
        }

        bool bootedNow = false;
        if (!_booted)
        {
            Boot(events.Length > 0 ? events[0].T : 0);
            bootedNow = true;
        }

        RecognitionView? recognition = null;
        _recognitionsThisRequest = 0;
        // The rectangles are taken after every event so that a request drawing too much is stopped at once.
        var rects = new List<int[]> { _screen.Take() };
        int rectInts = rects[0].Length;
        for (int i = 0; i < events.Length; i++)
        {
            DeviceEvent e = events[i];
            _clockMs = e.T;
            switch (e.Type)
            {
                case "down": _app.PostTouch(TouchKind.Down, e.X, e.Y, e.Id, e.T); break;
                case "move": _app.PostTouch(TouchKind.Move, e.X, e.Y, e.Id, e.T); break;
                case "up": _app.PostTouch(TouchKind.Up, e.X, e.Y, e.Id, e.T); break;
                case "button": _app.PostButton((AppButton)DeviceRequest.ParseButton(e.Button), e.T); break;
                case "tick": recognition = Tick(e.T) ?? recognition; break;
            }

            int[] drawn = _screen.Take();
            rectInts += drawn.Length;
            rects.Add(drawn);
            if (rectInts > SimulatorLimits.MaxResponseRects * RectScreen.IntsPerRect)
            {
                _log.Take();
                throw new BadRequestException("The response would hold more than " + SimulatorLimits.MaxResponseRects + " rectangles (the limit per device request); "
                    + "stopped at events[" + i + "]. Send fewer events per request.", StatusCodes.Status413PayloadTooLarge);
            }
        }

        int[] all = new int[rectInts];
        int at = 0;
        foreach (int[] part in rects)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return new DeviceResponse(all, _app.State.ToString(), _app.MultiDigit, _app.IsBusy, bootedNow, _log.Take(), recognition, _log.TakeTeach());
    }

    private void Boot(long nowMs)
    {
        _app.ShowBootScreen();
        long start = Stopwatch.GetTimestamp();
        SelfTestResult result = SelfTest.Run(_engine, _model.Golden);
        int elapsedMs = (int)Math.Ceiling(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        _app.FinishBoot(result, elapsedMs, nowMs);
        _clockMs = nowMs;
        _booted = true;
    }

    /// <summary>One UI tick, plus the inline worker; returns the result shown by this tick, if any.</summary>
    private RecognitionView? Tick(long nowMs)
    {
        _app.Tick(nowMs);
        // Past the per-request budget the request stays pending, as behind a busy worker: the next request runs it.
        if (_recognitionsThisRequest >= SimulatorLimits.MaxRecognitionsPerRequest || !_app.TakeRecognitionRequest())
        {
            return null;
        }

        _recognitionsThisRequest++;

        long start = Stopwatch.GetTimestamp();
        _app.RunRecognition();
        double hostMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        // The device reports its own inference time; here it is this host's (shown on the simulated screen as such).
        _app.CompleteRecognition((int)Math.Ceiling(hostMs), -1);
        int staleBefore = _app.StaleResultCount;
        _app.Tick(nowMs);
        if (_app.StaleResultCount != staleBefore)
        {
            return null;
        }

        AppState state = _app.State;
        if (state != AppState.Result && state != AppState.NotSure && state != AppState.MultiResult)
        {
            return null;
        }

        InkRecognizer shown = _app.Recognizer;
        var digits = new DigitView[_app.LastResultCount];
        for (int i = 0; i < digits.Length; i++)
        {
            digits[i] = DigitViews.Describe(_engine, shown.GetDigit(i), _model);
        }

        return _model.View(digits, hostMs);
    }
}
