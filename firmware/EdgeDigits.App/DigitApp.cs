using System;
using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// The touch app: boot self-test screen, drawing pad with live ink, idle-timed and on-demand recognition,
    /// single- and multi-digit results, undo and clear. Portable: time, memory figures and inference timing come in
    /// as arguments, drawing goes out through <see cref="IScreen"/>.
    /// </summary>
    /// <remarks>
    /// <para>Threads. Touch drivers call <see cref="PostTouch"/>/<see cref="PostButton"/> from any thread; those
    /// only enqueue into a bounded <see cref="TouchQueue"/>. One UI thread calls <see cref="Tick"/> every 10–20 ms:
    /// it drains the queue, draws ink incrementally, runs the idle timer and draws results. Recognition runs on a
    /// worker: when the UI thread starts one, it copies the ink into a snapshot and sets a request; the worker calls
    /// <see cref="TakeRecognitionRequest"/>, <see cref="RunRecognition"/> (the slow part, reading only the snapshot)
    /// and <see cref="CompleteRecognition"/>; the next <see cref="Tick"/> shows the result. While the worker runs the
    /// app is <see cref="AppState.Recognizing"/> but keeps taking touch: new strokes are drawn and stored in the live
    /// ink, and are recognized once the worker is free. A result whose ink changed meanwhile (clear, undo, more
    /// strokes) is logged but not shown. Single-threaded hosts (tests, the simulator) make the three worker calls
    /// themselves.</para>
    /// <para>Strokes. A stroke begins with a Down (or a Move without one: some drivers lose pen-down) on the pad and
    /// ends with an Up, with a Move that leaves the pad (a finger sliding off the screen), or when no point arrives for
    /// <see cref="AppSettings.PenUpTimeoutMs"/> (drivers that lose lift-up). A contact that starts off the pad never
    /// draws; one that starts on a button presses it.</para>
    /// </remarks>
    public sealed class DigitApp : ITouchSink
    {
        private readonly object _sync = new object();
        private readonly IScreen _screen;
        private readonly AppRenderer _renderer;
        private readonly InkRecognizer _recognizer;
        private readonly ModelInfo _model;
        private readonly AppSettings _settings;
        private readonly IAppLog _log;
        private readonly TouchQueue _queue;
        private readonly StrokeBuffer _ink;
        private readonly StrokeBuffer _snapshot;

        // UI thread only.
        private AppState _panelState = AppState.Booting;
        private bool _multiDigit;
        private bool _penDown;
        private bool _contactIgnored;
        private long _lastPointMs;
        private long _lastPenUpMs;
        private bool _inkDirty;
        private bool _recognizeNow;
        private int _inkGeneration;
        private bool _busy;
        private int _busyGeneration;
        private bool _bootPassed;
        private long _bootEndsMs;
        private int _lastCount;
        private int _lastElapsedMs;
        private int _staleResults;

        // Worker side, handed over under _sync.
        private bool _snapshotMulti;
        private bool _requestPending;
        private int _workCount;
        private string _workError;
        private bool _doneReady;
        private int _doneMs;
        private long _doneFreeBytes;

        /// <summary>Creates the app; allocates its ink buffers and touch queue once.</summary>
        /// <param name="screen">Where to draw.</param>
        /// <param name="recognizer">Segmentation + normalization + network.</param>
        /// <param name="model">Shown on the boot screen.</param>
        /// <param name="settings">Behaviour; null for the defaults.</param>
        /// <param name="log">Serial log; null for none.</param>
        /// <exception cref="ArgumentNullException"><paramref name="screen"/>, <paramref name="recognizer"/> or <paramref name="model"/> is null.</exception>
        public DigitApp(IScreen screen, InkRecognizer recognizer, ModelInfo model, AppSettings settings, IAppLog log)
        {
            if (screen == null) { throw new ArgumentNullException("screen"); }
            if (recognizer == null) { throw new ArgumentNullException("recognizer"); }
            if (model == null) { throw new ArgumentNullException("model"); }

            _screen = screen;
            _renderer = new AppRenderer(screen);
            _recognizer = recognizer;
            _model = model;
            _settings = settings == null ? new AppSettings() : settings;
            _log = log;
            _queue = new TouchQueue(_settings.TouchQueueCapacity);
            _ink = new StrokeBuffer(_settings.MaxPoints, _settings.MaxStrokes);
            _ink.MinPointSpacing = _settings.MinPointSpacing;
            _snapshot = new StrokeBuffer(_settings.MaxPoints, _settings.MaxStrokes);
            _multiDigit = _settings.MultiDigit;
        }

        /// <summary>What the app is doing now (see <see cref="AppState"/>).</summary>
        public AppState State
        {
            get
            {
                if (_panelState == AppState.Booting || _panelState == AppState.SelfTestFailed)
                {
                    return _panelState;
                }

                if (_busy)
                {
                    return AppState.Recognizing;
                }

                if (_penDown)
                {
                    return AppState.Drawing;
                }

                if ((_inkDirty || _recognizeNow) && _ink.StrokeCount > 0)
                {
                    return AppState.WaitingForIdle;
                }

                return _panelState;
            }
        }

        /// <summary>True while a recognition is requested or running on the worker.</summary>
        public bool IsBusy
        {
            get { return _busy; }
        }

        /// <summary>Multi-digit mode is on.</summary>
        public bool MultiDigit
        {
            get { return _multiDigit; }
        }

        /// <summary>The live ink (read it on the UI thread only).</summary>
        public StrokeBuffer Ink
        {
            get { return _ink; }
        }

        /// <summary>The touch queue (for its counters).</summary>
        public TouchQueue Touches
        {
            get { return _queue; }
        }

        /// <summary>The recognizer whose digits the last shown result came from.</summary>
        public InkRecognizer Recognizer
        {
            get { return _recognizer; }
        }

        /// <summary>Number of digits in the last shown result (0 = nothing found).</summary>
        public int LastResultCount
        {
            get { return _lastCount; }
        }

        /// <summary>Inference time of the last shown result, ms.</summary>
        public int LastElapsedMs
        {
            get { return _lastElapsedMs; }
        }

        /// <summary>Results discarded because the ink changed while they were computed.</summary>
        public int StaleResultCount
        {
            get { return _staleResults; }
        }

        /// <inheritdoc />
        public void PostTouch(TouchKind kind, int x, int y, long timeMs)
        {
            _queue.Enqueue(kind, x, y, timeMs);
        }

        /// <inheritdoc />
        public void PostButton(AppButton button, long timeMs)
        {
            _queue.Enqueue(TouchKind.Button, (int)button, 0, timeMs);
        }

        /// <summary>Draws the boot screen (model name, accuracies, "self-test…"). Call before running the self-test.</summary>
        public void ShowBootScreen()
        {
            _panelState = AppState.Booting;
            _renderer.DrawBoot(_model);
            _screen.Flush();
            Log("boot model=" + Token(_model.Name) + " int8_acc_bp=" + _model.Int8AccuracyBasisPoints + " float_acc_bp=" + _model.FloatAccuracyBasisPoints);
        }

        /// <summary>Shows the self-test verdict. A pass leaves the boot screen after <see cref="AppSettings.BootHoldMs"/>
        /// (or the first touch); a failure stays on screen for good and the app never recognizes.</summary>
        /// <param name="result">What <see cref="SelfTest.Run"/> returned.</param>
        /// <param name="elapsedMs">How long the self-test inference took, ms.</param>
        /// <param name="nowMs">Current time, ms.</param>
        /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
        public void FinishBoot(SelfTestResult result, int elapsedMs, long nowMs)
        {
            if (result == null)
            {
                throw new ArgumentNullException("result");
            }

            _renderer.DrawSelfTest(result, elapsedMs);
            _screen.Flush();
            Log("selftest " + (result.Passed ? "ok" : "FAILED") + " ms=" + elapsedMs + " detail=" + Token(result.Message));
            if (result.Passed)
            {
                _bootPassed = true;
                _bootEndsMs = nowMs + _settings.BootHoldMs;
            }
            else
            {
                _panelState = AppState.SelfTestFailed;
            }
        }

        /// <summary>
        /// Advances the app to <paramref name="nowMs"/> on the UI thread: applies a finished recognition, handles
        /// queued touch, ends strokes whose lift-up was lost, starts recognition when the pen has been up for
        /// <see cref="AppSettings.IdleDelayMs"/>, and flushes the screen.
        /// </summary>
        /// <param name="nowMs">Current time, ms, on the same clock as the touch timestamps.</param>
        public void Tick(long nowMs)
        {
            if (_panelState == AppState.SelfTestFailed)
            {
                _queue.Clear();
                return;
            }

            if (_panelState == AppState.Booting)
            {
                if (!_bootPassed || (nowMs < _bootEndsMs && _queue.Count == 0))
                {
                    return;
                }

                _queue.Clear();   // a touch on the boot screen only dismisses it
                EnterMain();
            }

            ApplyFinishedRecognition();

            TouchKind kind;
            int x;
            int y;
            long timeMs;
            while (_queue.TryDequeue(out kind, out x, out y, out timeMs))
            {
                Handle(kind, x, y, timeMs);
            }

            if (_penDown && nowMs - _lastPointMs >= _settings.PenUpTimeoutMs)
            {
                EndStroke(_lastPointMs);
            }

            if (!_busy && !_penDown)
            {
                if (_recognizeNow || (_inkDirty && nowMs - _lastPenUpMs >= _settings.IdleDelayMs))
                {
                    StartRecognition();
                }
            }

            _screen.Flush();
        }

        /// <summary>Worker: takes the pending recognition request, if any (each request is taken once).</summary>
        /// <returns>True when the caller must now call <see cref="RunRecognition"/> and <see cref="CompleteRecognition"/>.</returns>
        public bool TakeRecognitionRequest()
        {
            lock (_sync)
            {
                if (!_requestPending)
                {
                    return false;
                }

                _requestPending = false;
                return true;
            }
        }

        /// <summary>Worker: recognizes the ink snapshot (the slow part). Exceptions are caught and shown as an error.</summary>
        public void RunRecognition()
        {
            int count = 0;
            string error = null;
            try
            {
                count = _recognizer.Recognize(_snapshot, _snapshotMulti);
            }
            catch (Exception e)
            {
                error = e.GetType().Name + ": " + e.Message;
            }

            lock (_sync)
            {
                _workCount = count;
                _workError = error;
            }
        }

        /// <summary>Worker: hands the result of <see cref="RunRecognition"/> back to the UI thread.</summary>
        /// <param name="elapsedMs">Inference time the device measured, ms.</param>
        /// <param name="freeBytes">Free managed memory after the run, bytes (−1 if unknown).</param>
        public void CompleteRecognition(int elapsedMs, long freeBytes)
        {
            lock (_sync)
            {
                _doneMs = elapsedMs;
                _doneFreeBytes = freeBytes;
                _doneReady = true;
            }
        }

        private void EnterMain()
        {
            _renderer.DrawMain(_multiDigit);
            ShowReady("DRAW A DIGIT ON THE PAD");
        }

        private void ShowReady(string hint)
        {
            _panelState = AppState.Ready;
            _renderer.DrawPanelMessage("READY", Palette.Dim, hint);
        }

        private void Handle(TouchKind kind, int x, int y, long timeMs)
        {
            switch (kind)
            {
                case TouchKind.Down:
                    if (_penDown)
                    {
                        EndStroke(_lastPointMs);
                    }

                    _contactIgnored = false;
                    if (ScreenLayout.IsOnPad(x, y))
                    {
                        BeginStroke(x, y, timeMs);
                    }
                    else
                    {
                        _contactIgnored = true;
                        AppButton button = ScreenLayout.ButtonAt(x, y);
                        if (button != AppButton.None)
                        {
                            Press(button, timeMs);
                        }
                    }

                    break;

                case TouchKind.Move:
                    if (_contactIgnored)
                    {
                        break;
                    }

                    if (_penDown)
                    {
                        if (ScreenLayout.IsOnPad(x, y))
                        {
                            AddPoint(x, y, timeMs);
                        }
                        else
                        {
                            EndStroke(timeMs);
                        }
                    }
                    else if (ScreenLayout.IsOnPad(x, y))
                    {
                        BeginStroke(x, y, timeMs);
                    }

                    break;

                case TouchKind.Up:
                    if (_penDown)
                    {
                        EndStroke(timeMs);
                    }

                    _contactIgnored = false;
                    break;

                case TouchKind.Button:
                    Press((AppButton)x, timeMs);
                    break;
            }
        }

        private void BeginStroke(int x, int y, long timeMs)
        {
            x = ClampToPad(x, ScreenLayout.PadWidth);
            y = ClampToPad(y, ScreenLayout.PadHeight);
            _ink.BeginStroke();
            int before = _ink.PointCount;
            if (_ink.AddPoint(x, y))
            {
                DrawStoredPoint(before);
            }

            _penDown = true;
            _lastPointMs = timeMs;
            _inkGeneration++;
            _inkDirty = true;
        }

        private void AddPoint(int x, int y, long timeMs)
        {
            x = ClampToPad(x, ScreenLayout.PadWidth);
            y = ClampToPad(y, ScreenLayout.PadHeight);
            _lastPointMs = timeMs;

            // The buffer owns the spacing rule; draw only what it stored, so the screen shows the polyline it reads.
            int before = _ink.PointCount;
            if (_ink.AddPoint(x, y))
            {
                DrawStoredPoint(before);
                _inkGeneration++;
            }
        }

        private void EndStroke(long timeMs)
        {
            int before = _ink.PointCount;
            if (_ink.EndStroke())
            {
                DrawStoredPoint(before);
                _inkGeneration++;
            }

            _penDown = false;
            _lastPenUpMs = timeMs;
        }

        /// <summary>Draws the point the buffer just stored, given its point count before it did.</summary>
        private void DrawStoredPoint(int pointCountBefore)
        {
            int last = _ink.PointCount - 1;
            if (last != pointCountBefore)
            {
                // The full buffer decimated, or moved the stroke's end instead of appending: redraw the whole ink.
                _renderer.DrawInk(_ink);
                return;
            }

            int stroke = _ink.StrokeCount - 1;
            if (_ink.GetStrokeLength(stroke) == 1)
            {
                _renderer.DrawDot(_ink.GetX(last), _ink.GetY(last));
                return;
            }

            _renderer.DrawSegment(_ink.GetX(last - 1), _ink.GetY(last - 1), _ink.GetX(last), _ink.GetY(last));
        }

        private void Press(AppButton button, long timeMs)
        {
            switch (button)
            {
                case AppButton.Clear:
                    _ink.Clear();
                    _penDown = false;
                    _inkGeneration++;
                    _inkDirty = false;
                    _recognizeNow = false;
                    _renderer.ClearPad();
                    ShowReady("DRAW A DIGIT ON THE PAD");
                    break;

                case AppButton.Undo:
                    if (_penDown)
                    {
                        EndStroke(timeMs);
                    }

                    if (_ink.UndoLastStroke())
                    {
                        _inkGeneration++;
                        _renderer.DrawInk(_ink);
                        if (_ink.StrokeCount == 0)
                        {
                            _inkDirty = false;
                            _recognizeNow = false;
                            ShowReady("DRAW A DIGIT ON THE PAD");
                        }
                        else
                        {
                            _inkDirty = true;
                            _lastPenUpMs = timeMs;
                        }
                    }

                    break;

                case AppButton.Recognize:
                    _recognizeNow = true;
                    break;

                case AppButton.Mode:
                    _multiDigit = !_multiDigit;
                    _renderer.DrawButtons(_multiDigit);
                    if (_ink.StrokeCount > 0)
                    {
                        _inkGeneration++;
                        _renderer.DrawInk(_ink);
                        _recognizeNow = true;
                    }

                    break;
            }
        }

        private void StartRecognition()
        {
            _recognizeNow = false;
            _inkDirty = false;
            if (_ink.StrokeCount == 0 || _ink.PointCount == 0)
            {
                _panelState = AppState.Ready;
                _renderer.DrawPanelMessage("EMPTY", Palette.Warn, "DRAW A DIGIT FIRST, THEN PRESS GO");
                return;
            }

            _snapshot.CopyFrom(_ink);

            _busy = true;
            _busyGeneration = _inkGeneration;
            _renderer.DrawWorking();
            lock (_sync)
            {
                _snapshotMulti = _multiDigit;
                _requestPending = true;
            }
        }

        private void ApplyFinishedRecognition()
        {
            int count;
            string error;
            int elapsedMs;
            long freeBytes;
            bool multi;
            lock (_sync)
            {
                if (!_doneReady)
                {
                    return;
                }

                _doneReady = false;
                count = _workCount;
                error = _workError;
                elapsedMs = _doneMs;
                freeBytes = _doneFreeBytes;
                multi = _snapshotMulti;
            }

            _busy = false;
            if (error != null)
            {
                Log(RecognitionLog.FormatError(error, elapsedMs, freeBytes));
                _panelState = AppState.Error;
                _renderer.DrawPanelMessage("ERROR", Palette.Error, error);
                return;
            }

            Log(RecognitionLog.Format(multi, _recognizer, count, elapsedMs, freeBytes));
            if (_busyGeneration != _inkGeneration || multi != _multiDigit)
            {
                _staleResults++;
                return;
            }

            _lastCount = count;
            _lastElapsedMs = elapsedMs;
            if (count == 0)
            {
                ShowReady("NOTHING TO READ - DRAW BIGGER");
                return;
            }

            if (!multi)
            {
                RecognizedDigit digit = _recognizer.GetDigit(0);
                _panelState = digit.IsUnsure ? AppState.NotSure : AppState.Result;
                _renderer.DrawSingleResult(digit, elapsedMs);
                return;
            }

            _panelState = AppState.MultiResult;
            _renderer.DrawInk(_ink);
            for (int i = 0; i < count; i++)
            {
                _renderer.DrawBox(_recognizer.GetDigit(i));
            }

            _renderer.DrawMultiResult(_recognizer, count, elapsedMs);
        }

        private static int ClampToPad(int value, int extent)
        {
            // Keep the pen's square inside the pad so ink never paints over the panel or the buttons.
            int half = ScreenLayout.PenWidth / 2;
            return value < half ? half : (value > extent - 1 - half ? extent - 1 - half : value);
        }

        private void Log(string line)
        {
            if (_log != null)
            {
                _log.WriteLine(line);
            }
        }

        private static string Token(string text)
        {
            if (text == null)
            {
                return "-";
            }

            string result = "";
            for (int i = 0; i < text.Length; i++)
            {
                result += text[i] == ' ' ? "_" : text[i].ToString();
            }

            return result;
        }
    }
}
