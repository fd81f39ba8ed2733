using System.Reflection;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Runs the real <c>edgedigits</c> entry point in-process with captured stdout and stderr. Tests using it belong to
/// <see cref="PenDigits.ConsoleCollection"/>, which runs them one at a time (the console is process-wide).
/// </summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        MethodInfo main = Assembly.Load("edgedigits").EntryPoint!;
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int exit = (int)main.Invoke(null, new object[] { args })!;
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
