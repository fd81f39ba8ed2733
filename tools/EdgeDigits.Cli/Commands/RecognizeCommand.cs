using System.CommandLine;

namespace EdgeDigits.Cli.Commands;

/// <summary>The <c>recognize</c> command (placeholder until implemented).</summary>
internal static class RecognizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("recognize", "(not implemented yet)");
        command.SetAction(_ => { System.Console.Error.WriteLine("recognize: not implemented yet"); return 1; });
        return command;
    }
}
