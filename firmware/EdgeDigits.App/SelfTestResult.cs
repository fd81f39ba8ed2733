namespace EdgeDigits.App
{
    /// <summary>Outcome of <see cref="SelfTest.Run"/>.</summary>
    public sealed class SelfTestResult
    {
        /// <summary>True when every layer matched the golden vector exactly.</summary>
        public readonly bool Passed;

        /// <summary>"model OK" or what differed first, e.g. "pool1[37] = 12, expected 13".</summary>
        public readonly string Message;

        /// <summary>Creates a result.</summary>
        /// <param name="passed">Whether the test passed.</param>
        /// <param name="message">Human-readable outcome.</param>
        public SelfTestResult(bool passed, string message)
        {
            Passed = passed;
            Message = message;
        }
    }
}
