using System.Device.Gpio;
using System.Threading;
using EdgeDigits.App;
using Iot.Device.Xpt2046;

namespace EdgeDigits.Device.Input
{
    /// <summary>
    /// Polls the XPT2046 resistive controller on its own thread and posts calibrated touch events.
    /// </summary>
    /// <remarks>
    /// PENIRQ (active low) says whether the panel is pressed. SPI traffic disturbs that line, so the pin is read
    /// between conversions, never as an interrupt, and a sample counts only if the pin is still low after it
    /// (readings taken while the finger lifts are garbage). Samples arrive every <see cref="SampleIntervalMs"/>.
    /// </remarks>
    public sealed class Xpt2046TouchPoller
    {
        /// <summary>Time between samples while pressed, ms.</summary>
        public const int SampleIntervalMs = 10;

        /// <summary>Time between PENIRQ checks while idle, ms.</summary>
        public const int IdleIntervalMs = 20;

        private readonly Xpt2046 _controller;
        private readonly GpioPin _penIrq;
        private readonly TouchCalibration _calibration;
        private readonly ITouchSink _sink;
        private Thread _thread;

        /// <summary>Creates the poller; call <see cref="Start"/> to run it.</summary>
        /// <param name="controller">The XPT2046 binding, configured for the raw 12-bit range.</param>
        /// <param name="penIrq">The PENIRQ input pin.</param>
        /// <param name="calibration">Raw → screen mapping.</param>
        /// <param name="sink">Where events go.</param>
        public Xpt2046TouchPoller(Xpt2046 controller, GpioPin penIrq, TouchCalibration calibration, ITouchSink sink)
        {
            _controller = controller;
            _penIrq = penIrq;
            _calibration = calibration;
            _sink = sink;
        }

        /// <summary>Starts the polling thread.</summary>
        public void Start()
        {
            _thread = new Thread(Poll);
            _thread.Start();
        }

        private void Poll()
        {
            bool touching = false;
            int x = 0;
            int y = 0;
            while (true)
            {
                if (_penIrq.Read() == PinValue.Low)
                {
                    TouchPoint point = _controller.GetPoint();
                    if (_penIrq.Read() == PinValue.Low)
                    {
                        x = _calibration.MapX(point.X, point.Y);
                        y = _calibration.MapY(point.X, point.Y);
                        _sink.PostTouch(touching ? TouchKind.Move : TouchKind.Down, x, y, DeviceClock.NowMs());
                        touching = true;
                    }

                    Thread.Sleep(SampleIntervalMs);
                    continue;
                }

                if (touching)
                {
                    _sink.PostTouch(TouchKind.Up, x, y, DeviceClock.NowMs());
                    touching = false;
                }

                Thread.Sleep(IdleIntervalMs);
            }
        }
    }
}
