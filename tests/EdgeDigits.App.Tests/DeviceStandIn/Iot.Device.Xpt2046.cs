// STAND-IN, not the real API: the minimal surface of nanoFramework.Iot.Device.XPT2046 1.0.x (stable track, built against
// CoreLibrary 1.17.11) that firmware/EdgeDigits.Device calls. Checked against nanoframework/nanoFramework.IoT.Device
// @c98d05e: devices/XPT2046/XPT2046.cs (GetVersion() "1.0", namespace Iot.Device.Xpt2046, GetPoint() returns TouchPoint,
// scaling ((raw >> 3) & 4095) * max / 4095), TouchPoint.cs, XPT2046.nfproj (assembly Iot.Device.XPT2046).
// Older stable-track sources (@367cc7c, GetVersion() "0.2") use namespace Iot.Device.XPT2046 and return Point instead:
// a package with that API fails the firmware build at the using directive, not at run time. Bodies never run.
namespace Iot.Device.Xpt2046
{
    public struct TouchPoint
    {
        public int X { get; set; }

        public int Y { get; set; }

        public int Weight { get; set; }
    }

    public class Xpt2046 : System.IDisposable
    {
        public string GetVersion() => throw null;

        public void Dispose() => throw null;

        public Xpt2046(System.Device.Spi.SpiDevice spiDevice, int xMax = 320, int yMax = 240) => throw null;

        public TouchPoint GetPoint() => throw null;
    }
}
