namespace EdgeDigits.App
{
    /// <summary>Tunable behaviour of <see cref="DigitApp"/>; the defaults are what the device ships with.</summary>
    public sealed class AppSettings
    {
        /// <summary>Recognize this long after the last pen-up without touch, in ms.</summary>
        public int IdleDelayMs = 500;

        /// <summary>
        /// A stroke with no new point for this long is ended, in ms: covers touch drivers that lose the lift-up
        /// event (the M5Stack Core2 driver reports it only when the release position differs in both axes).
        /// </summary>
        public int PenUpTimeoutMs = 150;

        /// <summary>How long the boot screen stays after a passing self-test, in ms (a touch skips it).</summary>
        public int BootHoldMs = 1500;

        /// <summary>Capacity of the touch event queue (see <see cref="TouchQueue"/>).</summary>
        public int TouchQueueCapacity = 256;

        /// <summary>Maximum stored ink points (8 bytes each).</summary>
        public int MaxPoints = 1024;

        /// <summary>Maximum strokes per drawing.</summary>
        public int MaxStrokes = 32;

        /// <summary>
        /// Moves closer than this to the last stored point are not stored or drawn, in pixels; applied by the
        /// <see cref="EdgeDigits.Ink.StrokeBuffer"/> itself (<see cref="EdgeDigits.Ink.StrokeBuffer.MinPointSpacing"/>).
        /// </summary>
        public int MinPointSpacing = EdgeDigits.Ink.StrokeBuffer.DefaultMinPointSpacing;

        /// <summary>
        /// Writer part of the ids of teach lines, "&lt;board&gt;/&lt;session&gt;" (letters, digits, '-', '_', '.'; see
        /// <see cref="TeachLine.CheckId"/>): each drawing's id is this plus "/&lt;seq&gt;". The board host sets it per
        /// boot (e.g. "core2/s4f2a"), the simulator per browser session.
        /// </summary>
        public string TeachWriter = "edgedigits/s0000";

        /// <summary>
        /// Most bytes the teach file (<see cref="ITeachStore"/>) may hold, 64 KiB by default: about 60 to 100 drawings of
        /// 0.6 to 1 KB (a full 1,024-point drawing is about 11 KB). The first line that would take the file past it is not
        /// appended, and neither is any later one (one <c>teachfile full</c> line on the serial log says so); the serial
        /// log keeps every line. The bound also bounds how long the boot dump of the file takes on the serial port.
        /// </summary>
        public int TeachFileMaxBytes = 64 * 1024;

        /// <summary>Start in multi-digit mode.</summary>
        public bool MultiDigit;
    }
}
