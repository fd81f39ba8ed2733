using EdgeDigits.App;
using EdgeDigits.Runtime;

namespace EdgeDigits.Device.Boards
{
    /// <summary>
    /// Everything board-specific: power-up, pins, display driver and touch controller. One class per supported board;
    /// the rest of the firmware is the portable app.
    /// </summary>
    public interface IBoard
    {
        /// <summary>Board name for the serial log, e.g. "M5Stack Core2".</summary>
        string Name { get; }

        /// <summary>Board part of teach-line ids, e.g. "core2" (letters and digits only).</summary>
        string ShortName { get; }

        /// <summary>
        /// How much RAM the engine may spend on prepared kernel data: <see cref="EngineMemory.Fast"/> (≈ 114 KB)
        /// on boards with PSRAM, <see cref="EngineMemory.Lean"/> (≈ 8 KB, more IL per inference) on boards without.
        /// </summary>
        EngineMemory EngineMemory { get; }

        /// <summary>App settings sized for this board's memory.</summary>
        /// <returns>A fresh settings object.</returns>
        AppSettings CreateSettings();

        /// <summary>Powers and initializes the 320×240 landscape display.</summary>
        /// <returns>The draw-command adapter for it.</returns>
        IScreen InitializeDisplay();

        /// <summary>Starts delivering touch events (calibrated to screen pixels) to <paramref name="sink"/>.</summary>
        /// <param name="sink">Receives Down/Move/Up events; called from driver threads.</param>
        void StartTouch(ITouchSink sink);
    }
}
