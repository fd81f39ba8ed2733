namespace EdgeDigits.App
{
    /// <summary>The on-screen buttons, left to right (the value − 1 is the column of the four on-screen buttons).</summary>
    public enum AppButton
    {
        /// <summary>No button.</summary>
        None = 0,

        /// <summary>Erase the drawing.</summary>
        Clear = 1,

        /// <summary>Remove the last stroke.</summary>
        Undo = 2,

        /// <summary>Recognize now, without waiting for the idle timer.</summary>
        Recognize = 3,

        /// <summary>Toggle single-digit / multi-digit mode.</summary>
        Mode = 4,

        /// <summary>Enter or leave collect mode (no on-screen button: a tap on the empty panel does it; boards and
        /// the simulator may map a hardware button to it).</summary>
        Collect = 5,
    }
}
