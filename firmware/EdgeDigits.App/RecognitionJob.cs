using System;
using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// One recognition at a time, handed between the UI thread and the worker: the UI thread <see cref="Start"/>s it
    /// with a snapshot of the ink (<see cref="StrokeBuffer.CopyFrom"/>, so the worker never reads the live buffer);
    /// the worker calls <see cref="TakeRequest"/>, <see cref="Run"/> (the slow part) and <see cref="Complete"/>; the
    /// UI thread collects the outcome with <see cref="TryFinish"/>. Only the fields handed over are locked.
    /// </summary>
    public sealed class RecognitionJob
    {
        private readonly object _sync = new object();
        private readonly InkRecognizer _recognizer;
        private readonly StrokeBuffer _snapshot;

        // UI thread only.
        private bool _busy;
        private int _generation = -1;

        // Handed over under _sync.
        private bool _multi;
        private bool _requestPending;
        private int _workCount;
        private string _workError;
        private bool _doneReady;
        private int _doneMs;
        private long _doneFreeBytes;

        /// <summary>Creates the job; allocates the snapshot buffer once.</summary>
        /// <param name="recognizer">Segmentation + normalization + network.</param>
        /// <param name="settings">Buffer sizes (the snapshot holds what the live ink can).</param>
        public RecognitionJob(InkRecognizer recognizer, AppSettings settings)
        {
            _recognizer = recognizer;
            _snapshot = new StrokeBuffer(settings.MaxPoints, settings.MaxStrokes);
        }

        /// <summary>A recognition is requested or running (UI thread).</summary>
        public bool IsBusy
        {
            get { return _busy; }
        }

        /// <summary>The ink generation (<see cref="StrokeCapture.Generation"/>) of the last recognition started; −1 before the first.</summary>
        public int StartedGeneration
        {
            get { return _generation; }
        }

        /// <summary>The recognizer holding the digits of the last finished run.</summary>
        public InkRecognizer Recognizer
        {
            get { return _recognizer; }
        }

        /// <summary>UI thread: snapshots <paramref name="ink"/> and requests a recognition from the worker.</summary>
        /// <param name="ink">The live ink.</param>
        /// <param name="multiDigit">Segment into several digits.</param>
        /// <param name="generation">The ink's generation, to tell a stale result later.</param>
        /// <exception cref="InvalidOperationException">A recognition is already in progress.</exception>
        public void Start(StrokeBuffer ink, bool multiDigit, int generation)
        {
            if (_busy)
            {
                throw new InvalidOperationException("A recognition is already in progress.");
            }

            _snapshot.CopyFrom(ink);
            _busy = true;
            _generation = generation;
            lock (_sync)
            {
                _multi = multiDigit;
                _requestPending = true;
            }
        }

        /// <summary>Worker: takes the pending request, if any (each request is taken once).</summary>
        /// <returns>True when the caller must now call <see cref="Run"/> and <see cref="Complete"/>.</returns>
        public bool TakeRequest()
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

        /// <summary>Worker: recognizes the snapshot. Exceptions are caught and reported as the outcome's error.</summary>
        public void Run()
        {
            bool multi;
            lock (_sync)
            {
                multi = _multi;
            }

            int count = 0;
            string error = null;
            try
            {
                count = _recognizer.Recognize(_snapshot, multi);
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

        /// <summary>Worker: hands the outcome of <see cref="Run"/> back to the UI thread.</summary>
        /// <param name="elapsedMs">Inference time the device measured, ms.</param>
        /// <param name="freeBytes">Free managed memory after the run, bytes (−1 if unknown).</param>
        public void Complete(int elapsedMs, long freeBytes)
        {
            lock (_sync)
            {
                _doneMs = elapsedMs;
                _doneFreeBytes = freeBytes;
                _doneReady = true;
            }
        }

        /// <summary>UI thread: collects a completed recognition, once.</summary>
        /// <param name="count">Digits found (0 = nothing to read).</param>
        /// <param name="error">The exception text, or null.</param>
        /// <param name="elapsedMs">Inference time, ms.</param>
        /// <param name="freeBytes">Free managed memory, bytes.</param>
        /// <param name="multiDigit">The mode it ran in.</param>
        /// <returns>False when nothing was completed since the last call.</returns>
        public bool TryFinish(out int count, out string error, out int elapsedMs, out long freeBytes, out bool multiDigit)
        {
            lock (_sync)
            {
                count = _workCount;
                error = _workError;
                elapsedMs = _doneMs;
                freeBytes = _doneFreeBytes;
                multiDigit = _multi;
                if (!_doneReady)
                {
                    return false;
                }

                _doneReady = false;
            }

            _busy = false;
            return true;
        }
    }
}
