namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// Turns an IL count into an ESP32 latency range from one measured factor and three stated assumptions. It is an
/// estimate, not a device measurement.
/// </summary>
/// <remarks>
/// <para>Measured (outside the project, docs/runtime.md "Device time"): the portable assemblies ran on the
/// nanoFramework interpreter itself (nf-interpreter's POSIX host build, commit a3e8139, with nanoFramework.CoreLibrary
/// 1.17.11's mscorlib.pe), golden vectors bit-exact for both engines. It executed <b>54 native x86-64 instructions per
/// IL instruction</b> built -Os, as the ESP32 images are (41 built -O2), the same within 1 % for the Fast and Lean
/// engines and every input. So the bench's IL count is a faithful proxy, and the per-call cost is inside that
/// average for these engines (≈ 10 calls per inference); the factor was not measured on the call-heavy reference.</para>
/// <para>Assumptions (not measured), each a range:</para>
/// <list type="bullet">
/// <item>Clock: 240 MHz Xtensa LX6 (both boards' ESP32 at its nominal maximum).</item>
/// <item>Instruction-count ratio Xtensa / x86-64 for the same interpreter code: 1.1–1.8. Both are compiled from the
/// same C++; x86-64 folds memory operands and 64-bit operations into single instructions, Xtensa LX6 is a 32-bit
/// load/store RISC (64-bit adds, multiplies and shifts — 6 % of the interpreter's native time is 64/32-bit adds and
/// multiplies — take several instructions), partly offset by its compact addressing and register windows.</item>
/// <item>Instructions per cycle: 0.4–0.8. The LX6 is single-issue and in order (IPC ≤ 1); the interpreter's dispatch
/// loop (73 % of native time) is branchy and runs from flash through a 32 KB cache, and array data on the Core2 sits
/// in PSRAM, so stalls are frequent.</item>
/// </list>
/// <para>Cycles per IL instruction = 54 · ratio / IPC = 74–243, i.e. 0.31–1.01 µs at 240 MHz.</para>
/// </remarks>
public static class Esp32Estimate
{
    /// <summary>Measured native x86-64 instructions per IL instruction, nf-interpreter built -Os.</summary>
    public const double NativeInstructionsPerIl = 54;

    /// <summary>Assumed clock, MHz.</summary>
    public const double ClockMegahertz = 240;

    /// <summary>Assumed lower bound of the Xtensa/x86-64 instruction-count ratio.</summary>
    public const double XtensaRatioLow = 1.1;

    /// <summary>Assumed upper bound of the Xtensa/x86-64 instruction-count ratio.</summary>
    public const double XtensaRatioHigh = 1.8;

    /// <summary>Assumed lower bound of instructions per cycle.</summary>
    public const double IpcLow = 0.4;

    /// <summary>Assumed upper bound of instructions per cycle.</summary>
    public const double IpcHigh = 0.8;

    /// <summary>Fewest assumed cycles per IL instruction: 54 · 1.1 / 0.8.</summary>
    public const double CyclesPerIlLow = NativeInstructionsPerIl * XtensaRatioLow / IpcHigh;

    /// <summary>Most assumed cycles per IL instruction: 54 · 1.8 / 0.4.</summary>
    public const double CyclesPerIlHigh = NativeInstructionsPerIl * XtensaRatioHigh / IpcLow;

    /// <summary>The model in one sentence, for reports.</summary>
    public const string Assumption = "estimate: 54 native x86-64 instructions per IL (measured on nf-interpreter, -Os) x 1.1-1.8 Xtensa/x86-64"
        + " instruction ratio / 0.4-0.8 IPC at 240 MHz = 74-243 cycles, 0.31-1.01 us per IL (assumed; see docs/runtime.md)";

    /// <summary>Estimated latency range in milliseconds.</summary>
    /// <param name="ilInstructions">IL instructions executed.</param>
    /// <returns>Low and high estimate, in ms.</returns>
    public static (double Low, double High) Milliseconds(double ilInstructions) =>
        (ilInstructions * CyclesPerIlLow / (ClockMegahertz * 1000), ilInstructions * CyclesPerIlHigh / (ClockMegahertz * 1000));
}
