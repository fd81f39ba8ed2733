using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>quantize's accuracy check: int8 may not drop more than --max-drop below float, float must pass a floor.</summary>
public class AccuracyGateTests
{
    [Fact]
    public void The_shipped_figures_pass_and_a_drop_beyond_max_drop_fails_with_the_figures()
    {
        var gate = new AccuracyGate();
        Assert.Null(gate.Check(9948, 9947));
        Assert.Null(gate.Check(9948, 9848));
        Assert.Equal("int8 accuracy 98.47 % is 1.01 percentage points below float 99.48 %, more than --max-drop 1", gate.Check(9948, 9847));
        Assert.Equal("int8 accuracy 11.35 % is 88.13 percentage points below float 99.48 %, more than --max-drop 0.5",
            new AccuracyGate(MaxDropPoints: 0.5).Check(9948, 1135));
    }

    [Fact]
    public void A_float_accuracy_below_the_floor_fails_even_when_int8_matches()
    {
        Assert.Equal("float accuracy 9.80 % is below the sanity floor of 50 % (wrong model or data?); int8 9.80 %", new AccuracyGate().Check(980, 980));
    }
}
