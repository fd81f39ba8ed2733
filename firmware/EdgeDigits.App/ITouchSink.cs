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

        /// <summary>Queues a press of a hardware button mapped to an app function.</summary>
        /// <param name="button">The function.</param>
        /// <param name="timeMs">When it happened, in milliseconds on the device clock.</param>
        void PostButton(AppButton button, long timeMs);
    }
}
