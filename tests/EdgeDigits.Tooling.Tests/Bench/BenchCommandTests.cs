using EdgeDigits.Tooling.Tests.PenDigits;

namespace EdgeDigits.Tooling.Tests.Bench;

/// <summary>`bench` on a short run: its pass/fail rule is stable whatever --limit is, and it says which rule holds.</summary>
[Collection(ConsoleCollection.Name)]
public class BenchCommandTests
{
    [Fact]
    public void A_short_bench_on_untouched_MNIST_passes_and_says_why()
    {
        // It used to exit 1 with no message at --limit 10 and 200: a few bytes of the JIT's tiering were counted as the
        // engine's allocation.
        var run = CliRunner.Run("bench", "--limit", "10", "--mnist", TestData.MnistDirectory);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("bench: passed (outputs bit-identical to the reference on every image and layer, 0 bytes allocated over 2,000 warm runs per engine)", run.Err);
        Assert.DoesNotContain("FAILED", run.Err);
    }
}
