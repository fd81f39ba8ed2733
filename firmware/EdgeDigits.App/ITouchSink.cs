namespace EdgeDigits.App
{
    /// <summary>
    /// Where a board's touch driver delivers events. Safe to call from any thread (touch callbacks, polling
    /// threads); implementations only enqueue.
    /// </summary>
    public interface ITouchSink
    {
        /// <summary>Queues one touch event.</summary>
        /// <param name="kind">Down, Move or Up.</param>
        /// <param name="x">Screen x in pixels (may lie off screen).</param>
        /// <param name="y">Screen y in pixels (may lie off screen).</param>
        /// <param name="timeMs">When it happened, in milliseconds on the device clock.</param>
        void PostTouch(TouchKind kind, int x, int y, long timeMs);

        /// <summary>Queues one touch event of one contact (finger) of a multi-touch controller. The first contact to
        /// go down draws; other contacts are ignored until they lift (see <see cref="StrokeCapture"/>).</summary>
        /// <param name="kind">Down, Move or Up.</param>
        /// <param name="x">Screen x in pixels (may lie off screen).</param>
        /// <param name="y">Screen y in pixels (may lie off screen).</param>
        /// <param name="contact">The controller's contact id (any int; boards reporting one contact use 0, which is
        /// what the overload without it posts).</param>
        /// <param name="timeMs">When it happened, in milliseconds on the device clock.</param>
        void PostTouch(TouchKind kind, int x, int y, int contact, long timeMs);

        /// <summary>Queues a press of a hardware button mapped to an app function.</summary>
        /// <param name="button">The function.</param>
        /// <param name="timeMs">When it happened, in milliseconds on the device clock.</param>
        void PostButton(AppButton button, long timeMs);
    }
}
