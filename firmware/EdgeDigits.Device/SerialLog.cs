using System;
using EdgeDigits.App;

namespace EdgeDigits.Device
{
    /// <summary>
    /// The serial log: <see cref="Console.WriteLine(string)"/> reaches the USB serial port (921600 baud) when no debugger is
    /// attached and the debugger's output window when one is; unlike Debug.WriteLine it survives Release builds.
    /// </summary>
    public sealed class SerialLog : IAppLog
    {
        /// <inheritdoc />
        public void WriteLine(string line)
        {
            Console.WriteLine(line);
        }
    }
}
