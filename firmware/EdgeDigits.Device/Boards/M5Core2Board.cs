using System;
using EdgeDigits.App;
using EdgeDigits.Device.Display;
using EdgeDigits.Device.Input;
using EdgeDigits.Runtime;
using nanoFramework.M5Stack;
using nanoFramework.UI;

namespace EdgeDigits.Device.Boards
{
    /// <summary>
    /// M5Stack Core2 (ESP32-D0WDQ6-V3, 16 MB flash, 8 MB PSRAM, ILI9342C 320×240, FT6336U capacitive touch, AXP192
    /// power) through the nanoFramework.M5Core2 package; firmware image <c>M5Core2</c>.
    /// </summary>
    /// <remarks>
    /// The package's static constructor runs the AXP192 power-up and routes the SPI/I2C pins; InitializeScreen
    /// initializes the native ILI9342 driver (its default graphics buffer holds a full 320×240 bitmap in PSRAM) and
    /// starts the touch polling thread. Drawing goes to <see cref="DisplayControl.FullScreen"/> and is flushed by
    /// dirty region.
    /// </remarks>
    public sealed class M5Core2Board : IBoard
    {
        private M5Core2TouchAdapter _touch;

        /// <inheritdoc />
        public string Name
        {
            get { return "M5Stack Core2"; }
        }

        /// <inheritdoc />
        public string ShortName
        {
            get { return "core2"; }
        }

        /// <inheritdoc />
        public EngineMemory EngineMemory
        {
            get { return EngineMemory.Fast; }   // ~3 MB PSRAM heap: spend ~114 KB on packed weights for the fewest IL per digit
        }

        /// <inheritdoc />
        public AppSettings CreateSettings()
        {
            return new AppSettings();   // ~3 MB of PSRAM heap: the defaults are small change
        }

        /// <inheritdoc />
        public IScreen InitializeDisplay()
        {
            M5Core2.InitializeScreen();
            M5Core2.Vibrate = false;   // the vibration motor is on LDO3; make sure a previous app did not leave it running
            Bitmap fullScreen = DisplayControl.FullScreen;
            if (fullScreen == null)
            {
                throw new InvalidOperationException("The graphics heap cannot hold a 320x240 bitmap; check the M5Core2 firmware image.");
            }

            return new BitmapScreen(fullScreen);
        }

        /// <inheritdoc />
        public void StartTouch(ITouchSink sink)
        {
            _touch = new M5Core2TouchAdapter(sink);
            M5Core2.TouchEvent += _touch.OnTouch;
        }
    }
}
