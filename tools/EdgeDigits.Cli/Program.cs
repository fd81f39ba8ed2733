using System.CommandLine;
using EdgeDigits.Cli;
using EdgeDigits.Cli.Commands;

// edgedigits: turns a trained network (LeNet-5 and the model zoo) into int8 C# for nanoFramework, and measures it.
// Exit codes: 0 success, 1 failure (bad input, failed check), 2 usage error, 3 internal error (a bug).
var root = new RootCommand("EdgeDigits: int8 quantization, evaluation, recognition and benchmarks for nanoFramework.")
{
    QuantizeCommand.Create(),
    EvaluateCommand.Create(),
    RecognizeCommand.Create(),
    BenchCommand.Create(),
    RenderCommand.Create(),
    ComposeCommand.Create(),
};
try
{
    TerminalProfile.Apply();
    ParseResult parsed = root.Parse(args);
    // System.CommandLine's default handler prints "Unhandled exception" and a stack trace: CliErrors reports instead.
    int exitCode = parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    // Invoke prints parse errors and help; a usage error gets its own exit code so scripts can tell it from a failed run.
    return parsed.Errors.Count > 0 ? CliErrors.Usage : exitCode;
}
catch (Exception e)
{
    return CliErrors.Report(e, Console.Error);
}
