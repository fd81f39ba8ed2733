using Microsoft.Playwright;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// Debian's chromium (/usr/bin/chromium, or the Chromium/Chrome executable named by $EDGEDIGITS_CHROMIUM) driven by
/// Playwright, headless, with a fresh profile; never downloads a browser. Screenshots go to tests/EdgeDigits.Simulator.Tests/TestResults/screenshots (or $EDGEDIGITS_ARTIFACTS).
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public static readonly string ChromiumPath =
        Environment.GetEnvironmentVariable("EDGEDIGITS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly string _profile = Path.Combine(Path.GetTempPath(), "edgedigits-chromium-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public IBrowserContext Context { get; private set; } = null!;

    public static string ScreenshotDirectory
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable("EDGEDIGITS_ARTIFACTS");
            string root = configured ?? Path.Combine(ProjectDirectory(), "TestResults");
            string directory = Path.Combine(root, "screenshots");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), ChromiumPath + " is missing: apt-get install -y chromium (.ci/run does it), or set EDGEDIGITS_CHROMIUM to a Chromium or Chrome executable.");
        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }

        _playwright?.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be releasing the profile; the temp directory is cleaned by the OS.
        }
    }

    private static string ProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (int up = 0; up < 8 && directory is not null; up++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeDigits.Simulator.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
