// STAND-IN, not the real API: the minimal surface of nanoFramework.System.Device.Spi 1.3.82 and
// nanoFramework.System.Device.Gpio 1.1.57 that firmware/EdgeDigits.Device calls (these packages are not on the build
// machine's feed). Checked against the sources named in docs/hardware.md ("Package APIs checked against source"):
// nanoframework/System.Device.Spi SpiConnectionSettings.cs @1f4c426, SpiDevice.cs @506be10; nanoframework/System.Device.Gpio
// GpioController.cs @162ca3b, GpioPin.cs @3a608e1, PinMode.cs and PinValue.cs @5a27dd8. Bodies never run.
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

    public class SpiDevice : System.IDisposable
    {
        public void Dispose() => throw null;

        public static SpiDevice Create(SpiConnectionSettings settings) => throw null;
    }
}

namespace System.Device.Gpio
{
    // Same order as the real enum (the values are passed to native code).
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    // A readonly struct in the real package (not an enum): compared with ==, converted explicitly to int/byte/bool.
    public readonly struct PinValue
    {
        public static PinValue Low => throw null;

        public static PinValue High => throw null;

        public static implicit operator PinValue(int value) => throw null;

        public static explicit operator int(PinValue value) => throw null;

        public static bool operator ==(PinValue a, PinValue b) => throw null;

        public static bool operator !=(PinValue a, PinValue b) => throw null;

        public override bool Equals(object obj) => throw null;

        public override int GetHashCode() => throw null;
    }

    public sealed class GpioPin : System.IDisposable
    {
        public PinValue Read() => throw null;

        public void Dispose() => throw null;
    }

    public sealed class GpioController : System.IDisposable
    {
        public void Dispose() => throw null;

        public GpioPin OpenPin(int pinNumber, PinMode mode) => throw null;
    }
}
