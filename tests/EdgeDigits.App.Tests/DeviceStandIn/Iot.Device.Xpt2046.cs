// STAND-IN, not the real API: the minimal surface of nanoFramework.Iot.Device.XPT2046 that firmware/EdgeDigits.Device
// calls. Follows nanoframework/nanoFramework.IoT.Device: devices/XPT2046/XPT2046.cs (constructor, GetPoint),
// devices/XPT2046/TouchPoint.cs. Bodies never run.
namespace Iot.Device.Xpt2046
{
    public struct TouchPoint
    {
        public int X { get; set; }

        public int Y { get; set; }

        public int Weight { get; set; }
    }

    public class Xpt2046
    {
        public Xpt2046(System.Device.Spi.SpiDevice spiDevice, int xMax = 320, int yMax = 240) => throw null;

        public TouchPoint GetPoint() => throw null;
    }
}
