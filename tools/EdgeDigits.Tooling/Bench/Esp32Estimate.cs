namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// Turns an IL count into an ESP32 latency range. nanoFramework publishes no IL throughput figures, so the
/// per-instruction cost is an assumption, stated here and printed with every estimate.
/// </summary>
/// <remarks>
/// Assumption: 0.25–1.0 µs per IL instruction on a 240 MHz ESP32 (60–240 cycles per instruction for nanoCLR's
/// dispatch, operand-stack heap blocks and bounds-checked array access), plus 5–20 µs per call (a call allocates
/// its frame on the managed heap and is never inlined for static methods). Rationale: NETMF on a 72 MHz Cortex-M3
/// needed about 7 µs per empty <c>for</c> iteration (≈ 5 IL instructions, ≈ 1.4 µs each, third-party measurement);
/// scaled by the clock ratio 240/72 that is ≈ 0.4 µs, inside the range. Measure on the device to replace it.
/// </remarks>
public static class Esp32Estimate
{
    /// <summary>Lower bound of the assumed cost per IL instruction, in µs.</summary>
    public const double MicrosecondsPerIlLow = 0.25;

    /// <summary>Upper bound of the assumed cost per IL instruction, in µs.</summary>
    public const double MicrosecondsPerIlHigh = 1.0;

    /// <summary>Lower bound of the assumed extra cost per call, in µs.</summary>
    public const double MicrosecondsPerCallLow = 5;

    /// <summary>Upper bound of the assumed extra cost per call, in µs.</summary>
    public const double MicrosecondsPerCallHigh = 20;

    /// <summary>The assumption in one sentence, for reports.</summary>
    public const string Assumption = "0.25-1.0 us per IL instruction + 5-20 us per call at 240 MHz (unmeasured; see docs/runtime.md)";

    /// <summary>Estimated latency range in milliseconds.</summary>
    /// <param name="ilInstructions">IL instructions per inference.</param>
    /// <param name="calls">Calls per inference.</param>
    /// <returns>Low and high estimate, in ms.</returns>
    public static (double Low, double High) Milliseconds(double ilInstructions, double calls) =>
        ((ilInstructions * MicrosecondsPerIlLow + calls * MicrosecondsPerCallLow) / 1000,
         (ilInstructions * MicrosecondsPerIlHigh + calls * MicrosecondsPerCallHigh) / 1000);
}
