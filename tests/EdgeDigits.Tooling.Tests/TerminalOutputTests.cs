using System.Diagnostics;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Output written into a pipe carries no ANSI colour escapes and no 80-column wrapping.</summary>
public class TerminalOutputTests
{
    private static (int Exit, string Out) RunPiped(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edgedigits.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void A_piped_error_is_plain_text()
    {
        // quantize reports this usage error through Spectre.Console markup ("[red]error:[/]"), which used to reach the
        // pipe as ANSI escapes.
        (int exit, string output) = RunPiped("quantize", "--calibration-images", "0");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --calibration-images must lie in 1..50,000.", output);
        Assert.DoesNotContain('\u001b', output);
    }
}
