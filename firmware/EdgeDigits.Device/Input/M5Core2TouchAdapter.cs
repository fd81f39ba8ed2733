using EdgeDigits.App;
using nanoFramework.M5Core2;

namespace EdgeDigits.Device.Input
{
    /// <summary>
    /// Turns nanoFramework.M5Core2 touch events into app touch events.
    /// </summary>
    /// <remarks>
    /// The package raises <c>TouchEvent</c> from two threads (its I2C polling thread while a finger is down, every
    /// ~10 ms, and the GPIO39 interrupt thread on release), and raises LiftUp only when the release position differs
    /// from the last polled one in both axes, so lift-ups go missing. Hence: one lock around the handler; a contact
    /// begins (Down) after a LiftUp, after <see cref="ContactGapMs"/> without events, or on a jump of more than
    /// <see cref="JumpPixels"/>; strokes whose LiftUp never comes are ended by the app's pen-up timeout. Touches on
    /// the three capacitive buttons under the screen (y ≥ 240) map to Clear, Undo and Recognize, once per contact.
    /// The handler only enqueues.
    /// </remarks>
    public sealed class M5Core2TouchAdapter
    {
        /// <summary>Silence after which the next event starts a new contact, ms (the driver polls every ~10 ms).</summary>
        public const int ContactGapMs = 60;

        /// <summary>A jump this far between consecutive events is a new contact, pixels (Chebyshev distance).</summary>
        public const int JumpPixels = 48;

        private readonly object _sync = new object();
        private readonly ITouchSink _sink;
        private bool _touching;
        private long _lastEventMs;
        private int _lastX;
        private int _lastY;

        /// <summary>Creates the adapter.</summary>
        /// <param name="sink">Where events go.</param>
        public M5Core2TouchAdapter(ITouchSink sink)
        {
            _sink = sink;
        }

        /// <summary>Handler for <c>M5Core2.TouchEvent</c>.</summary>
        /// <param name="sender">The touch controller.</param>
        /// <param name="e">Position and category flags.</param>
        public void OnTouch(object sender, TouchEventArgs e)
        {
            lock (_sync)
            {
                long now = DeviceClock.NowMs();
                TouchEventCategory category = e.TouchEventCategory;
                if ((category & TouchEventCategory.LiftUp) != 0)
                {
                    if (_touching)
                    {
                        _sink.PostTouch(TouchKind.Up, _lastX, _lastY, now);
                        _touching = false;
                    }

                    return;
                }

                int dx = e.X - _lastX;
                int dy = e.Y - _lastY;
                bool jumped = dx > JumpPixels || dx < -JumpPixels || dy > JumpPixels || dy < -JumpPixels;
                bool newContact = !_touching || now - _lastEventMs > ContactGapMs || jumped;
                _touching = true;
                _lastEventMs = now;
                _lastX = e.X;
                _lastY = e.Y;

                AppButton button = HardwareButton(category);
                if (button != AppButton.None)
                {
                    if (newContact)
                    {
                        _sink.PostButton(button, now);
                    }

                    return;
                }

                _sink.PostTouch(newContact ? TouchKind.Down : TouchKind.Move, e.X, e.Y, now);
            }
        }

        private static AppButton HardwareButton(TouchEventCategory category)
        {
            if ((category & TouchEventCategory.LeftButton) != 0)
            {
                return AppButton.Clear;
            }

            if ((category & TouchEventCategory.MiddleButton) != 0)
            {
                return AppButton.Undo;
            }

            if ((category & TouchEventCategory.RightButton) != 0)
            {
                return AppButton.Recognize;
            }

            return AppButton.None;
        }
    }
}
