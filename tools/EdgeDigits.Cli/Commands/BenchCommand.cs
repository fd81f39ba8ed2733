using System.CommandLine;

namespace EdgeDigits.Cli.Commands;

/// <summary>The <c>bench</c> command (placeholder until implemented).</summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "(not implemented yet)");
        command.SetAction(_ => { System.Console.Error.WriteLine("bench: not implemented yet"); return 1; });
        return command;
    }
}
