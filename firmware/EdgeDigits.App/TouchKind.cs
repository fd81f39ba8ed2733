namespace EdgeDigits.App
{
    /// <summary>What a queued touch event means.</summary>
    public enum TouchKind
    {
        /// <summary>A finger touched the screen (pen-down).</summary>
        Down = 0,

        /// <summary>The finger moved while touching.</summary>
        Move = 1,

        /// <summary>The finger lifted (pen-up); the coordinates are not used.</summary>
        Up = 2,

        /// <summary>A hardware button was pressed; the x coordinate holds the <see cref="AppButton"/>.</summary>
        Button = 3,
    }
}
