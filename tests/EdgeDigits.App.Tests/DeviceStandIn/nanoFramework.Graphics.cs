// STAND-IN, not the real API: the minimal surface of nanoFramework.Graphics 1.2.53 + nanoFramework.Graphics.Core that
// firmware/EdgeDigits.Device calls, so CI can compile the device code without nanoFramework packages. Checked against
// nanoframework/nanoFramework.Graphics sources (commits and files in docs/hardware.md, "Package APIs checked against
// source"): SpiConfiguration and ScreenConfiguration are structs, Bitmap is a sealed disposable class, Color a readonly
// struct, Ili9341 a static class. Bodies never run.
namespace nanoFramework.UI
{
    public sealed class Bitmap : System.IDisposable
    {
        public const ushort OpacityOpaque = 256;

        public void FillRectangle(int x, int y, int width, int height, System.Drawing.Color color, ushort opacity = OpacityOpaque) => throw null;

        public void Flush(int x, int y, int width, int height) => throw null;

        public void Dispose() => throw null;
    }

    public static class DisplayControl
    {
        public static Bitmap FullScreen => throw null;

        public static uint Initialize(SpiConfiguration spi, ScreenConfiguration screen, uint bufferSize = 20 * 1024) => throw null;

        public static void Write(ushort x, ushort y, ushort width, ushort height, ushort[] colors) => throw null;
    }

    public class GraphicDriver
    {
    }

    public struct SpiConfiguration
    {
        public SpiConfiguration(byte spiBus, int chipSelect, int dataCommand, int reset, int backLight) => throw null;
    }

    public struct ScreenConfiguration
    {
        public ScreenConfiguration(ushort x, ushort y, ushort width, ushort height, GraphicDriver graphicDriver = null) => throw null;
    }
}

namespace nanoFramework.UI.GraphicDrivers
{
    public static class Ili9341
    {
        public static GraphicDriver GraphicDriver => throw null;
    }
}

namespace System.Drawing
{
    public readonly struct Color
    {
        public static Color FromArgb(int argb) => throw null;

        public ushort ToBgr565() => throw null;
    }
}
