namespace EdgeDigits.App
{
    /// <summary>The serial log: one line per event worth debugging (boot, each recognition). The device writes it
    /// with <c>Console.WriteLine</c>.</summary>
    public interface IAppLog
    {
        /// <summary>Writes one line.</summary>
        /// <param name="line">Text without a line terminator.</param>
        void WriteLine(string line);
    }
}
