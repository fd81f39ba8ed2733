using System.CommandLine;
using EdgeDigits.Cli.Commands;

// edgedigits: turns a trained LeNet-5 into int8 C# for nanoFramework, and measures it.
// Exit codes: 0 success, 1 failure (bad input, failed check), 2 usage error.
var root = new RootCommand("EdgeDigits: LeNet-5 int8 quantization, evaluation, recognition and benchmarks for nanoFramework.")
{
    QuantizeCommand.Create(),
    EvaluateCommand.Create(),
    RecognizeCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
