namespace EdgeDigits.App
{
    /// <summary>What the app is doing, as <see cref="DigitApp.State"/> reports it.</summary>
    public enum AppState
    {
        /// <summary>Boot screen: model name, accuracy, self-test running or just passed.</summary>
        Booting = 0,

        /// <summary>The boot self-test failed; the app refuses to recognize and shows why.</summary>
        SelfTestFailed = 1,

        /// <summary>Empty pad, waiting for a first stroke (a hint is shown).</summary>
        Ready = 2,

        /// <summary>A finger is on the pad: a stroke is being drawn.</summary>
        Drawing = 3,

        /// <summary>Pen is up and the ink changed: recognition starts when the idle delay has passed.</summary>
        WaitingForIdle = 4,

        /// <summary>Inference is running on the worker ("working…"); touch keeps being taken and queued.</summary>
        Recognizing = 5,

        /// <summary>A single digit recognized with enough confidence.</summary>
        Result = 6,

        /// <summary>A single digit below the confidence threshold ("not sure").</summary>
        NotSure = 7,

        /// <summary>Multi-digit mode: a sequence recognized, each digit's box drawn on the pad.</summary>
        MultiResult = 8,

        /// <summary>Recognition failed with an exception (shown on screen and logged).</summary>
        Error = 9,

        /// <summary>The teach keypad is shown: the next digit key labels the drawing (or the chosen digit of it).</summary>
        Teaching = 10,

        /// <summary>Collect mode: the panel asks for one digit (0–9 in turn); the drawing is recorded with that label.</summary>
        Collecting = 11,
    }
}
