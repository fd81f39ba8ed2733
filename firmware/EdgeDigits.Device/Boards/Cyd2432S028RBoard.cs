using System.Device.Gpio;
using System.Device.Spi;
using EdgeDigits.App;
using EdgeDigits.Device.Display;
using EdgeDigits.Device.Input;
using EdgeDigits.Runtime;
using Iot.Device.Xpt2046;
using nanoFramework.Hardware.Esp32;
using nanoFramework.UI;
using nanoFramework.UI.GraphicDrivers;

namespace EdgeDigits.Device.Boards
{
    /// <summary>
    /// ESP32-2432S028R ("Cheap Yellow Display": ESP32-WROOM-32, 4 MB flash, no PSRAM, ILI9341 2.8" 320×240, XPT2046
    /// resistive touch); firmware image <c>ESP32_GenericDisplay_REV0</c> with the managed ILI9341 driver.
    /// </summary>
    /// <remarks>
    /// Pins as wired on the board (display on HSPI, touch on VSPI; the same mapping nanoFramework's XPT2046 sample
    /// uses). No PSRAM means no room for a 150 KB full-screen bitmap, so drawing goes straight to the panel
    /// (<see cref="DirectScreen"/>). The XPT2046 binding scales raw readings linearly without offsets; we ask it for
    /// the 12-bit range and map with a three-point <see cref="TouchCalibration"/>. The constants below are a starting
    /// point: panels vary, calibrate yours (docs/hardware.md).
    /// </remarks>
    public sealed class Cyd2432S028RBoard : IBoard
    {
        private const int DisplayMosi = 13;
        private const int DisplayMiso = 12;
        private const int DisplayClock = 14;
        private const int DisplayChipSelect = 15;
        private const int DisplayDataCommand = 2;
        private const int DisplayBacklight = 21;
        private const int TouchMosi = 32;
        private const int TouchMiso = 39;
        private const int TouchClock = 25;
        private const int TouchChipSelect = 33;
        private const int TouchInterrupt = 36;
        private const int TouchSpiHz = 1000000;
        private const int RawFullScale = 4095;
        private const uint GraphicsBufferBytes = 16 * 1024;

        // Three targets (screen pixels) and the raw XPT2046 readings measured on them. Replace with your panel's values.
        private static readonly int[] CalibrationScreenX = { 32, 288, 160 };
        private static readonly int[] CalibrationScreenY = { 24, 120, 216 };
        private static readonly int[] CalibrationRawX = { 650, 3450, 2050 };
        private static readonly int[] CalibrationRawY = { 650, 2050, 3450 };

        private Xpt2046TouchPoller _poller;

        /// <inheritdoc />
        public string Name
        {
            get { return "ESP32-2432S028R"; }
        }

        /// <inheritdoc />
        public string ShortName
        {
            get { return "cyd"; }
        }

        /// <inheritdoc />
        public EngineMemory EngineMemory
        {
            get { return EngineMemory.Lean; }   // no PSRAM, ~100 KB heap: the fast engine's ~114 KB of packed weights would not fit
        }

        /// <inheritdoc />
        public AppSettings CreateSettings()
        {
            // ~100 KB of managed heap without PSRAM, half of it weights (lean engine): halve the ink and touch buffers
            // (2 × 4 KB instead of 2 × 8 KB of points; the stroke buffer decimates long drawings anyway).
            var settings = new AppSettings();
            settings.MaxPoints = 512;
            settings.TouchQueueCapacity = 128;
            return settings;
        }

        /// <inheritdoc />
        public IScreen InitializeDisplay()
        {
            // MISO must be routed even though the panel is never read.
            Configuration.SetPinFunction(DisplayMosi, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(DisplayMiso, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(DisplayClock, DeviceFunction.SPI1_CLOCK);
            DisplayControl.Initialize(
                new SpiConfiguration(1, DisplayChipSelect, DisplayDataCommand, -1, DisplayBacklight),
                new ScreenConfiguration(0, 0, ScreenLayout.ScreenWidth, ScreenLayout.ScreenHeight, Ili9341.GraphicDriver),
                GraphicsBufferBytes);
            return new DirectScreen();
        }

        /// <inheritdoc />
        public void StartTouch(ITouchSink sink)
        {
            Configuration.SetPinFunction(TouchMosi, DeviceFunction.SPI2_MOSI);
            Configuration.SetPinFunction(TouchMiso, DeviceFunction.SPI2_MISO);
            Configuration.SetPinFunction(TouchClock, DeviceFunction.SPI2_CLOCK);
            var settings = new SpiConnectionSettings(2, TouchChipSelect);
            settings.ClockFrequency = TouchSpiHz;
            settings.DataBitLength = 8;
            settings.Mode = SpiMode.Mode0;
            var controller = new Xpt2046(SpiDevice.Create(settings), RawFullScale, RawFullScale);
            GpioPin penIrq = new GpioController().OpenPin(TouchInterrupt, PinMode.Input);
            var calibration = new TouchCalibration(CalibrationScreenX, CalibrationScreenY, CalibrationRawX, CalibrationRawY);
            _poller = new Xpt2046TouchPoller(controller, penIrq, calibration, sink);
            _poller.Start();
        }
    }
}
