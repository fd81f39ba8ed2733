// STAND-IN, not the real API: the minimal surface of nanoFramework.Hardware.Esp32 1.6.40 that
// firmware/EdgeDigits.Device calls. Checked against nanoframework/nanoFramework.Hardware.Esp32 sources
// (nanoFramework.Hardware.Esp32/Configuration.cs, DeviceTypePins.cs; commits in docs/hardware.md): Configuration is a
// plain (non-static) class with static members, and a DeviceFunction value encodes device type << 16, bus index << 8
// and the signal, so SPI1_MOSI is 0x10100, not 0. Bodies never run.
namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) => throw null;

        public static int GetFunctionPin(DeviceFunction function) => throw null;
    }

    public enum DeviceFunction
    {
        SPI1_MOSI = 0x10100,
        SPI1_MISO = 0x10101,
        SPI1_CLOCK = 0x10102,
        SPI2_MOSI = 0x10200,
        SPI2_MISO = 0x10201,
        SPI2_CLOCK = 0x10202,
    }
}
