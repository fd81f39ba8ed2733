using Microsoft.Playwright;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// A Chromium found by <see cref="ChromiumLocator"/> ($EDGEDIGITS_CHROMIUM, a system Chromium or Chrome, else Playwright's
/// own, installed when missing and online) driven by Playwright, headless, with a fresh profile. Screenshots go to
/// tests/EdgeDigits.Simulator.Tests/TestResults/screenshots (or $EDGEDIGITS_ARTIFACTS).
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private static readonly Lazy<string?> s_chromium = new(() =>
        ChromiumLocator.Resolve(Environment.GetEnvironmentVariable(ChromiumLocator.EnvironmentVariable), File.Exists, ChromiumLocator.InstallPlaywrightChromium));

    /// <summary>The browser executable, or null for Playwright's own Chromium.</summary>
    public static string? ChromiumPath => s_chromium.Value;

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
        string? executable = ChromiumPath;
        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = executable,
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
