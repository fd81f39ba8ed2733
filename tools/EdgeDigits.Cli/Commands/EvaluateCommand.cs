using System.CommandLine;

namespace EdgeDigits.Cli.Commands;

/// <summary>The <c>evaluate</c> command (placeholder until implemented).</summary>
internal static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("evaluate", "(not implemented yet)");
        command.SetAction(_ => { System.Console.Error.WriteLine("evaluate: not implemented yet"); return 1; });
        return command;
    }
}
