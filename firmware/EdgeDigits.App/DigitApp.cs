using System;
using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// The touch app, as a coordinator: boot self-test, then a drawing pad whose ink is recognized after an idle delay
    /// or on GO, single- and multi-digit results, undo and clear, teach mode (confirm or correct a result) and collect
    /// mode. Portable: time, memory figures and inference timing come in as arguments, drawing goes out through
    /// <see cref="IScreen"/>, labelled drawings go out as <c>teach</c> lines through <see cref="IAppLog"/> and, on a
    /// board with a file, <see cref="ITeachStore"/>.
    /// </summary>
    /// <remarks>
    /// <para>Parts. <see cref="StrokeCapture"/> turns touch into ink (contacts, pen-up, lost lift versus resting
    /// finger); <see cref="RecognitionJob"/> snapshots the ink and hands it to the worker; the screens draw the panel:
    /// <see cref="DrawScreen"/>, <see cref="ResultScreen"/>, <see cref="TeachScreen"/> (keypad),
    /// <see cref="CollectScreen"/>; <see cref="TeachRecorder"/> writes labelled drawings. This class routes events
    /// between them and owns the few rules that join them, all in <see cref="Tick"/>, <see cref="Tap"/> and
    /// <see cref="Press"/>.</para>
    /// <para>Threads. Touch drivers call <see cref="PostTouch(TouchKind,int,int,long)"/>/<see cref="PostButton"/> from
    /// any thread; those only enqueue into a bounded <see cref="TouchQueue"/>. One UI thread calls <see cref="Tick"/>
    /// every 10–20 ms. The worker calls <see cref="TakeRecognitionRequest"/>, <see cref="RunRecognition"/> and
    /// <see cref="CompleteRecognition"/>; the next <see cref="Tick"/> shows the result. While the worker runs, touch is
    /// still drawn and stored; a result whose ink changed meanwhile (clear, undo, more strokes, mode) is logged but not
    /// shown. Single-threaded hosts (tests, the simulator) make the three worker calls themselves.</para>
    /// <para>Drawings. A shown result finishes the drawing: the next pen-down on the pad clears it and starts a new
    /// one (in multi-digit mode the user adds digits until GO or the idle delay, then the same holds). Undo keeps
    /// editing the drawing instead. Teach: tap the result panel (in multi-digit mode, the digit in the result row) and
    /// the keypad covers the panel; a key labels that digit (multi-digit: its box on the pad is framed in
    /// <see cref="Palette.Selected"/> and the frame moves to the next digit, which the next key labels; GO saves the rest as
    /// read, UNDO leaves the keypad), and the labelled drawing is logged. Collect: tap the panel of an empty pad (or
    /// <see cref="AppButton.Collect"/>); each drawing is logged with the digit asked for.</para>
    /// </remarks>
    public sealed class DigitApp : ITouchSink
    {
        private readonly IScreen _screen;
        private readonly AppRenderer _renderer;
        private readonly ModelInfo _model;
        private readonly AppSettings _settings;
        private readonly IAppLog _log;
        private readonly TouchQueue _queue;
        private readonly StrokeCapture _capture;
        private readonly RecognitionJob _job;
        private readonly TeachRecorder _teach;
        private readonly DrawScreen _draw;
        private readonly ResultScreen _result;
        private readonly TeachScreen _keypad;
        private readonly CollectScreen _collect;

        // UI thread only.
        private AppState _panelState = AppState.Booting;
        private bool _multiDigit;
        private bool _recognizeNow;
        private bool _bootPassed;
        private long _bootEndsMs;
        private int _staleResults;

        /// <summary>Creates the app; allocates its ink buffers and touch queue once.</summary>
        /// <param name="screen">Where to draw.</param>
        /// <param name="recognizer">Segmentation + normalization + network.</param>
        /// <param name="model">Shown on the boot screen.</param>
        /// <param name="settings">Behaviour; null for the defaults.</param>
        /// <param name="log">Serial log; null for none.</param>
        /// <exception cref="ArgumentNullException"><paramref name="screen"/>, <paramref name="recognizer"/> or <paramref name="model"/> is null.</exception>
        /// <exception cref="ArgumentException"><see cref="AppSettings.TeachWriter"/> is malformed.</exception>
        public DigitApp(IScreen screen, InkRecognizer recognizer, ModelInfo model, AppSettings settings, IAppLog log)
            : this(screen, recognizer, model, settings, log, null)
        {
        }

        /// <summary>Creates the app with a teach store; allocates its ink buffers and touch queue once.</summary>
        /// <param name="screen">Where to draw.</param>
        /// <param name="recognizer">Segmentation + normalization + network.</param>
        /// <param name="model">Shown on the boot screen.</param>
        /// <param name="settings">Behaviour; null for the defaults.</param>
        /// <param name="log">Serial log; null for none.</param>
        /// <param name="teachStore">Where teach lines are appended besides the log (a file on the board), within
        /// <see cref="AppSettings.TeachFileMaxBytes"/>; null for none.</param>
        /// <exception cref="ArgumentNullException"><paramref name="screen"/>, <paramref name="recognizer"/> or <paramref name="model"/> is null.</exception>
        /// <exception cref="ArgumentException"><see cref="AppSettings.TeachWriter"/> is malformed.</exception>
        public DigitApp(IScreen screen, InkRecognizer recognizer, ModelInfo model, AppSettings settings, IAppLog log, ITeachStore teachStore)
        {
            if (screen == null) { throw new ArgumentNullException("screen"); }
            if (recognizer == null) { throw new ArgumentNullException("recognizer"); }
            if (model == null) { throw new ArgumentNullException("model"); }

            _screen = screen;
            _renderer = new AppRenderer(screen);
            _model = model;
            _settings = settings == null ? new AppSettings() : settings;
            _log = log;
            _queue = new TouchQueue(_settings.TouchQueueCapacity);
            _capture = new StrokeCapture(_settings, _renderer);
            _job = new RecognitionJob(recognizer, _settings);
            _teach = new TeachRecorder(_settings.TeachWriter, log, teachStore, _settings.TeachFileMaxBytes);
            _draw = new DrawScreen(_renderer);
            _result = new ResultScreen(_renderer);
            _keypad = new TeachScreen(_renderer);
            _collect = new CollectScreen(_renderer);
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

                if (_job.IsBusy)
                {
                    return AppState.Recognizing;
                }

                if (_capture.IsPenDown)
                {
                    return AppState.Drawing;
                }

                return InkWaiting ? AppState.WaitingForIdle : _panelState;
            }
        }

        /// <summary>True while a recognition is requested or running on the worker.</summary>
        public bool IsBusy
        {
            get { return _job.IsBusy; }
        }

        /// <summary>Multi-digit mode is on.</summary>
        public bool MultiDigit
        {
            get { return _multiDigit; }
        }

        /// <summary>Collect mode is on.</summary>
        public bool Collecting
        {
            get { return _collect.IsActive; }
        }

        /// <summary>Collect mode: the digit asked for now, 0..9.</summary>
        public int CollectPrompt
        {
            get { return _collect.Prompt; }
        }

        /// <summary>Labelled drawings logged since boot (teach and collect).</summary>
        public int TeachCount
        {
            get { return _teach.Count; }
        }

        /// <summary>Labelled drawings appended to the teach store since boot (0 without one).</summary>
        public int TeachStoredCount
        {
            get { return _teach.StoredCount; }
        }

        /// <summary>The live ink (read it on the UI thread only).</summary>
        public StrokeBuffer Ink
        {
            get { return _capture.Ink; }
        }

        /// <summary>The touch queue (for its counters).</summary>
        public TouchQueue Touches
        {
            get { return _queue; }
        }

        /// <summary>The recognizer whose digits the last shown result came from.</summary>
        public InkRecognizer Recognizer
        {
            get { return _job.Recognizer; }
        }

        /// <summary>Number of digits in the last shown result (0 = nothing found).</summary>
        public int LastResultCount
        {
            get { return _result.Count; }
        }

        /// <summary>Inference time of the last shown result, ms.</summary>
        public int LastElapsedMs
        {
            get { return _result.ElapsedMs; }
        }

        /// <summary>Results discarded because the ink changed while they were computed.</summary>
        public int StaleResultCount
        {
            get { return _staleResults; }
        }

        /// <summary>The ink is waiting to be recognized (or, in collect mode, recorded): it changed since the last
        /// recognition started, or GO was pressed.</summary>
        private bool InkWaiting
        {
            get { return _capture.Ink.StrokeCount > 0 && (_recognizeNow || _capture.Generation != _job.StartedGeneration); }
        }

        /// <inheritdoc />
        public void PostTouch(TouchKind kind, int x, int y, long timeMs)
        {
            _queue.Enqueue(kind, x, y, 0, timeMs);
        }

        /// <inheritdoc />
        public void PostTouch(TouchKind kind, int x, int y, int contact, long timeMs)
        {
            _queue.Enqueue(kind, x, y, contact, timeMs);
        }

        /// <inheritdoc />
        public void PostButton(AppButton button, long timeMs)
        {
            _queue.Enqueue(TouchKind.Button, (int)button, 0, 0, timeMs);
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
        /// queued touch, ends a stroke whose lift was lost, recognizes (or in collect mode records) the ink once the
        /// pen has been up for <see cref="AppSettings.IdleDelayMs"/> or GO was pressed, and flushes the screen.
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
                _renderer.DrawMain(_multiDigit);
                _panelState = _draw.ShowReady(DrawScreen.DrawHint);
            }

            ApplyFinishedRecognition();

            TouchKind kind;
            int x;
            int y;
            int contact;
            long timeMs;
            while (_queue.TryDequeue(out kind, out x, out y, out contact, out timeMs))
            {
                if (kind == TouchKind.Button)
                {
                    Press((AppButton)x, timeMs);
                    continue;
                }

                TouchOutcome outcome = _capture.Handle(kind, x, y, contact, timeMs);
                if (outcome == TouchOutcome.NewDrawing)
                {
                    _keypad.Close();
                    _panelState = _draw.ShowReady(DrawScreen.DrawHint);
                }
                else if (outcome == TouchOutcome.Tap)
                {
                    Tap(_capture.TapX, _capture.TapY, timeMs);
                }
            }

            _capture.EndLostLift(nowMs);
            if (!_job.IsBusy && !_capture.IsPenDown)
            {
                if (InkWaiting && (_recognizeNow || nowMs - _capture.LastPenUpMs >= _settings.IdleDelayMs))
                {
                    FinishDrawing();
                }
                else if (_recognizeNow)
                {
                    _recognizeNow = false;   // GO on an empty pad
                    _panelState = _collect.IsActive ? _collect.Show() : _draw.ShowEmpty();
                }
            }

            _screen.Flush();
        }

        /// <summary>Worker: takes the pending recognition request, if any (each request is taken once).</summary>
        /// <returns>True when the caller must now call <see cref="RunRecognition"/> and <see cref="CompleteRecognition"/>.</returns>
        public bool TakeRecognitionRequest()
        {
            return _job.TakeRequest();
        }

        /// <summary>Worker: recognizes the ink snapshot (the slow part). Exceptions are caught and shown as an error.</summary>
        public void RunRecognition()
        {
            _job.Run();
        }

        /// <summary>Worker: hands the result of <see cref="RunRecognition"/> back to the UI thread.</summary>
        /// <param name="elapsedMs">Inference time the device measured, ms.</param>
        /// <param name="freeBytes">Free managed memory after the run, bytes (−1 if unknown).</param>
        public void CompleteRecognition(int elapsedMs, long freeBytes)
        {
            _job.Complete(elapsedMs, freeBytes);
        }

        /// <summary>The pen has been up long enough (or GO): recognize the ink, or in collect mode record it.</summary>
        private void FinishDrawing()
        {
            _recognizeNow = false;
            StrokeBuffer ink = _capture.Ink;
            if (_collect.IsActive)
            {
                _teach.Record(ink, _collect.Prompt.ToString());
                _capture.Clear();
                _panelState = _collect.Advance();
                return;
            }

            _job.Start(ink, _multiDigit, _capture.Generation);
            _draw.ShowWorking();
        }

        /// <summary>A contact began off the pad: a button, a teach key, or the panel.</summary>
        private void Tap(int x, int y, long timeMs)
        {
            AppButton button = ScreenLayout.ButtonAt(x, y);
            if (button != AppButton.None)
            {
                Press(button, timeMs);
                return;
            }

            if (!ScreenLayout.IsOnPanel(x, y))
            {
                return;
            }

            if (_keypad.IsOpen)
            {
                int key = ScreenLayout.KeyAt(x, y);
                _result.SetLabel(_keypad.DigitIndex, key);
                if (_result.MultiDigit && _keypad.DigitIndex + 1 < _result.Count)
                {
                    OpenKeypad(_keypad.DigitIndex + 1);   // the frame moves on to the next digit's box
                    return;
                }

                SaveTeach();
            }
            else if (_collect.IsActive)
            {
                _collect.Exit();
                _capture.Clear();
                _panelState = _draw.ShowReady(DrawScreen.DrawHint);
            }
            else if (ResultOnScreen)
            {
                OpenKeypad(_result.DigitAt(x, y));
                _panelState = AppState.Teaching;
            }
            else if (_capture.Ink.StrokeCount == 0 && !_job.IsBusy)
            {
                _panelState = _collect.Enter();
            }
        }

        /// <summary>A current result is on the panel: shown, and the ink has not changed since.</summary>
        private bool ResultOnScreen
        {
            get
            {
                return (_panelState == AppState.Result || _panelState == AppState.NotSure || _panelState == AppState.MultiResult)
                    && !_job.IsBusy && !_capture.IsPenDown && !InkWaiting && _result.Count > 0;
            }
        }

        /// <summary>Shows the keypad for digit <paramref name="index"/> and frames that digit's box on the pad, so the
        /// user sees which digit the next key labels.</summary>
        private void OpenKeypad(int index)
        {
            _keypad.Open(index, _result.LabelAt(index));
            _result.Select(index, _capture.Ink);
        }

        private void SaveTeach()
        {
            string label = _result.Label();
            _teach.Record(_capture.Ink, label);
            CloseKeypad("SAVED AS " + label);
        }

        private void CloseKeypad(string note)
        {
            _keypad.Close();
            _panelState = _result.State;
            _result.Draw(_capture.Ink, note);
        }

        private void Press(AppButton button, long timeMs)
        {
            switch (button)
            {
                case AppButton.Clear:
                    _keypad.Close();
                    _capture.Clear();
                    _recognizeNow = false;
                    _panelState = _collect.IsActive ? _collect.Show() : _draw.ShowReady(DrawScreen.DrawHint);
                    break;

                case AppButton.Undo:
                    if (_keypad.IsOpen)
                    {
                        CloseKeypad("TAP TO TEACH");   // back to the result, nothing saved
                        break;
                    }

                    if (_capture.Undo(timeMs) && _capture.Ink.StrokeCount == 0)
                    {
                        _recognizeNow = false;
                        _panelState = _collect.IsActive ? _collect.Show() : _draw.ShowReady(DrawScreen.DrawHint);
                    }

                    break;

                case AppButton.Recognize:
                    if (_keypad.IsOpen)
                    {
                        SaveTeach();   // the remaining digits as read
                        break;
                    }

                    _recognizeNow = true;
                    break;

                case AppButton.Mode:
                    _multiDigit = !_multiDigit;
                    _renderer.DrawButtons(_multiDigit);
                    if (_keypad.IsOpen)
                    {
                        CloseKeypad("TAP TO TEACH");
                    }

                    if (_capture.Ink.StrokeCount > 0 && !_collect.IsActive)
                    {
                        _capture.EndOpenStroke(timeMs);
                        _capture.Invalidate();
                        _recognizeNow = true;
                    }

                    break;

                case AppButton.Collect:
                    _keypad.Close();
                    _capture.Clear();
                    _recognizeNow = false;
                    if (_collect.IsActive)
                    {
                        _collect.Exit();
                        _panelState = _draw.ShowReady(DrawScreen.DrawHint);
                    }
                    else
                    {
                        _panelState = _collect.Enter();
                    }

                    break;
            }
        }

        private void ApplyFinishedRecognition()
        {
            int count;
            string error;
            int elapsedMs;
            long freeBytes;
            bool multi;
            if (!_job.TryFinish(out count, out error, out elapsedMs, out freeBytes, out multi))
            {
                return;
            }

            if (error != null)
            {
                Log(RecognitionLog.FormatError(error, elapsedMs, freeBytes));
                _panelState = _draw.ShowError(error);
                return;
            }

            Log(RecognitionLog.Format(multi, _job.Recognizer, count, elapsedMs, freeBytes));
            if (_job.StartedGeneration != _capture.Generation || multi != _multiDigit || _collect.IsActive)
            {
                _staleResults++;
                return;
            }

            if (count == 0)
            {
                _result.ShowNothing(elapsedMs);
                _panelState = _draw.ShowReady("NOTHING TO READ - DRAW BIGGER");
                return;
            }

            _panelState = _result.Show(_job.Recognizer, count, multi, elapsedMs, _capture.Ink);
            _capture.NewDrawingOnPenDown = true;
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
