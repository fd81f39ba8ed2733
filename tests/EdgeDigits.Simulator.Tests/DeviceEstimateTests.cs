using EdgeDigits.Simulator.Recognition;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Simulator.Tests;

public sealed class DeviceEstimateTests
{
    private static DigitView Digit(long? il) => new(7, 900, false, [7, 1, 2], [900, 50, 10], [0, 0, 1, 1], new int[10], "", il, il is null ? null : 10);

    [Fact]
    public void The_estimate_is_Esp32Estimate_over_all_inferences_of_the_recognition()
    {
        DeviceEstimateView estimate = DeviceEstimateView.Of([Digit(600_000), Digit(700_000)])!;
        (double low, double high) = Esp32Estimate.Milliseconds(1_300_000);
        Assert.Equal(1_300_000, estimate.IlInstructions);
        Assert.Equal(low, estimate.LowMilliseconds, 1);
        Assert.Equal(high, estimate.HighMilliseconds, 1);
        Assert.True(estimate.LowMilliseconds < estimate.HighMilliseconds);
        Assert.Equal(Esp32Estimate.CyclesPerIlLow / Esp32Estimate.ClockMegahertz, estimate.MicrosecondsPerIlLow, 6);
        Assert.Equal(Esp32Estimate.CyclesPerIlHigh / Esp32Estimate.ClockMegahertz, estimate.MicrosecondsPerIlHigh, 6);
        Assert.Contains("estimate", estimate.Assumption);
    }

    [Fact]
    public void No_estimate_without_digits_or_before_the_IL_counter_is_ready()
    {
        Assert.Null(DeviceEstimateView.Of([]));
        Assert.Null(DeviceEstimateView.Of([Digit(600_000), Digit(null)]));
    }
}
