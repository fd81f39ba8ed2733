using System;
using System.Threading;
using EdgeDigits.App;

namespace EdgeDigits.Device
{
    /// <summary>
    /// Runs recognition on its own thread, below the UI thread's priority, so touch keeps being drawn and queued
    /// while the interpreter grinds through the network. It times the inference with the device clock and reports
    /// the free managed heap after a garbage collection.
    /// </summary>
    public sealed class InferenceWorker
    {
        private readonly DigitApp _app;
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private Thread _thread;

        /// <summary>Creates the worker for <paramref name="app"/>.</summary>
        /// <param name="app">The app whose requests it serves.</param>
        public InferenceWorker(DigitApp app)
        {
            _app = app;
        }

        /// <summary>Starts the thread.</summary>
        public void Start()
        {
            _thread = new Thread(Run);
            _thread.Priority = ThreadPriority.BelowNormal;
            _thread.Start();
        }

        /// <summary>Called by the UI loop after each tick: wakes the worker when a recognition is pending.</summary>
        public void Poll()
        {
            if (_app.IsBusy)
            {
                _wake.Set();
            }
        }

        private void Run()
        {
            while (true)
            {
                _wake.WaitOne();
                if (!_app.TakeRecognitionRequest())
                {
                    continue;
                }

                long start = DateTime.UtcNow.Ticks;
                _app.RunRecognition();
                int elapsedMs = (int)((DateTime.UtcNow.Ticks - start) / TimeSpan.TicksPerMillisecond);
                long freeBytes = nanoFramework.Runtime.Native.GC.Run(false);
                _app.CompleteRecognition(elapsedMs, freeBytes);
            }
        }
    }
}
