// STAND-IN, not the real API: the minimal surface of nanoFramework.System.Device.Spi and nanoFramework.System.Device.Gpio
// that firmware/EdgeDigits.Device calls. Follows nanoframework/System.Device.Spi (SpiDevice.cs, SpiConnectionSettings.cs,
// SpiMode.cs) and nanoframework/System.Device.Gpio (GpioController.cs, GpioPin.cs, PinMode.cs, PinValue.cs). Bodies never run.
namespace System.Device.Spi
{
    public enum SpiMode
    {
        Mode0,
        Mode1,
        Mode2,
        Mode3,
    }

    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine) => throw null;

        public int ClockFrequency { get => throw null; set => throw null; }

        public int DataBitLength { get => throw null; set => throw null; }

        public SpiMode Mode { get => throw null; set => throw null; }
    }

    public class SpiDevice
    {
        public static SpiDevice Create(SpiConnectionSettings settings) => throw null;
    }
}

namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        Output,
        InputPullDown,
        InputPullUp,
    }

    public enum PinValue
    {
        Low = 0,
        High = 1,
    }

    public class GpioPin
    {
        public PinValue Read() => throw null;
    }

    public class GpioController
    {
        public GpioPin OpenPin(int pinNumber, PinMode mode) => throw null;
    }
}
