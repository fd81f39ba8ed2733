using Spectre.Console;

namespace EdgeDigits.Cli;

/// <summary>
/// How the tables and colours of <c>edgedigits</c> (Spectre.Console) are written: plain text without ANSI escapes when
/// <c>NO_COLOR</c> is set (https://no-color.org) or standard output is not a terminal (a pipe or a file), and then
/// at a fixed width wide enough that table rows and paths are not wrapped at 80 columns.
/// </summary>
internal static class TerminalProfile
{
    /// <summary>Width of tables when the output is not a terminal, in characters.</summary>
    public const int RedirectedWidth = 200;

    /// <summary>Applies the rule to <see cref="AnsiConsole"/>; call once before any output.</summary>
    public static void Apply()
    {
        bool noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        if (!noColor && !Console.IsOutputRedirected)
        {
            return;
        }

        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }
    }
}
