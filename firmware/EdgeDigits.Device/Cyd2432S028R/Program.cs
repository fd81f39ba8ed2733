using EdgeDigits.Device.Boards;

namespace EdgeDigits.Device
{
    /// <summary>Entry point of the ESP32-2432S028R ("CYD") firmware app.</summary>
    public static class Cyd2432S028RProgram
    {
        /// <summary>Starts EdgeDigits on the CYD.</summary>
        public static void Main()
        {
            DeviceHost.Run(new Cyd2432S028RBoard());
        }
    }
}
