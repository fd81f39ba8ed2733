namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// Finds the browser for the Playwright tests, so the README's test command does its own set-up where it can:
/// <c>$EDGEDIGITS_CHROMIUM</c>; else a system Chromium or Chrome at the usual places of Linux, macOS and Windows; else
/// Playwright's own Chromium, installed through Playwright's installer when it is missing and the machine is online.
/// Only when all of that fails do the browser tests fail, with a message that says what to do.
/// </summary>
public static class ChromiumLocator
{
    /// <summary>Environment variable naming a Chromium or Chrome executable.</summary>
    public const string EnvironmentVariable = "EDGEDIGITS_CHROMIUM";

    /// <summary>Where system browsers are looked for, in order.</summary>
    public static IReadOnlyList<string> SystemCandidates()
    {
        if (OperatingSystem.IsWindows())
        {
            var roots = new[]
            {
                Environment.GetEnvironmentVariable("ProgramFiles"),
                Environment.GetEnvironmentVariable("ProgramFiles(x86)"),
                Environment.GetEnvironmentVariable("LOCALAPPDATA"),
            };
            return roots.Where(r => !string.IsNullOrEmpty(r))
                .SelectMany(r => new[] { Path.Combine(r!, "Google", "Chrome", "Application", "chrome.exe"), Path.Combine(r!, "Chromium", "Application", "chrome.exe") })
                .ToList();
        }

        if (OperatingSystem.IsMacOS())
        {
            return new[]
            {
                "/Applications/Chromium.app/Contents/MacOS/Chromium",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            };
        }

        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium" };
    }

    /// <summary>
    /// The executable to launch: a path, or null for Playwright's own Chromium (already installed, or installed now).
    /// </summary>
    /// <param name="environment">Value of <see cref="EnvironmentVariable"/>, or null.</param>
    /// <param name="exists">Whether a file exists (injected for tests).</param>
    /// <param name="installPlaywrightChromium">Runs Playwright's installer; true when it succeeded (injected for tests).</param>
    /// <returns>The path, or null for Playwright's own browser.</returns>
    /// <exception cref="InvalidOperationException">No browser can be had; the message says what to do.</exception>
    public static string? Resolve(string? environment, Func<string, bool> exists, Func<bool> installPlaywrightChromium)
    {
        if (!string.IsNullOrEmpty(environment))
        {
            return exists(environment)
                ? environment
                : throw new InvalidOperationException($"{EnvironmentVariable}={environment} does not exist: point it at a Chromium or Chrome executable.");
        }

        foreach (string candidate in SystemCandidates())
        {
            if (exists(candidate))
            {
                return candidate;
            }
        }

        if (installPlaywrightChromium())
        {
            return null;
        }

        throw new InvalidOperationException(
            "No Chromium or Chrome found (" + string.Join(", ", SystemCandidates()) + ") and Playwright could not install its own "
            + $"(offline?). Install one (Debian/Ubuntu: apt-get install -y chromium; .ci/run does it) or set {EnvironmentVariable}.");
    }

    /// <summary>Playwright's installer for its Chromium (a no-op when it is installed already); false when it fails.</summary>
    public static bool InstallPlaywrightChromium()
    {
        try
        {
            return Microsoft.Playwright.Program.Main(new[] { "install", "chromium" }) == 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
