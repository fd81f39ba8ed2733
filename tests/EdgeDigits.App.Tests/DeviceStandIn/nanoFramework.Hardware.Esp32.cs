// STAND-IN, not the real API: the minimal surface of nanoFramework.Hardware.Esp32 1.6.40 that
// firmware/EdgeDigits.Device calls. Follows nanoframework/nanoFramework.Hardware.Esp32:
// nanoFramework.Hardware.Esp32/Configuration.cs, DeviceFunction (DeviceTypePins.cs). Bodies never run.
namespace nanoFramework.Hardware.Esp32
{
    public static class Configuration
    {
        public static void SetPinFunction(int gpioNumber, DeviceFunction function) => throw null;
    }

    public enum DeviceFunction
    {
        SPI1_MOSI,
        SPI1_MISO,
        SPI1_CLOCK,
        SPI2_MOSI,
        SPI2_MISO,
        SPI2_CLOCK,
    }
}
