// The EdgeDigits device in a browser: `dotnet run --project tools/EdgeDigits.Simulator` serves http://127.0.0.1:5000.
// `-- --model FILE.onnx` serves another network (any of models/, or your own), quantized at start-up; a bad file ends with exit code 1.
using EdgeDigits.Simulator;

return SimulatorHost.RunCommandLine(args, Console.Error);
