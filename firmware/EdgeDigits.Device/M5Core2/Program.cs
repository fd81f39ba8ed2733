using EdgeDigits.Device.Boards;

namespace EdgeDigits.Device
{
    /// <summary>Entry point of the M5Stack Core2 firmware app.</summary>
    public static class M5Core2Program
    {
        /// <summary>Starts EdgeDigits on the Core2.</summary>
        public static void Main()
        {
            DeviceHost.Run(new M5Core2Board());
        }
    }
}
