namespace EdgeDigits.Simulator.Tests;

public class ChromiumLocatorTests
{
    [Fact]
    public void The_variable_wins_and_a_wrong_one_says_so()
    {
        Assert.Equal("/opt/c/chrome", ChromiumLocator.Resolve("/opt/c/chrome", p => p == "/opt/c/chrome", () => throw new InvalidOperationException("no install")));
        var e = Assert.Throws<InvalidOperationException>(() => ChromiumLocator.Resolve("/nowhere", _ => false, () => true));
        Assert.Contains("EDGEDIGITS_CHROMIUM=/nowhere does not exist", e.Message);
    }

    [Fact]
    public void A_system_browser_comes_before_installing_one()
    {
        string second = ChromiumLocator.SystemCandidates()[1];
        bool installed = false;
        Assert.Equal(second, ChromiumLocator.Resolve(null, p => p == second, () => installed = true));
        Assert.False(installed);
    }

    [Fact]
    public void Without_any_browser_Playwright_installs_its_own_or_the_message_says_what_to_do()
    {
        Assert.Null(ChromiumLocator.Resolve(null, _ => false, () => true));
        var e = Assert.Throws<InvalidOperationException>(() => ChromiumLocator.Resolve(null, _ => false, () => false));
        Assert.Contains("set EDGEDIGITS_CHROMIUM", e.Message);
        Assert.Contains("apt-get install -y chromium", e.Message);
    }
}
