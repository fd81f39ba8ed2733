using System.CommandLine;

namespace EdgeDigits.Cli.Commands;

/// <summary>The <c>quantize</c> command (placeholder until implemented).</summary>
internal static class QuantizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("quantize", "(not implemented yet)");
        command.SetAction(_ => { System.Console.Error.WriteLine("quantize: not implemented yet"); return 1; });
        return command;
    }
}
