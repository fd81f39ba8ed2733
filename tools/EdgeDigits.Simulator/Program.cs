// The EdgeDigits device in a browser: `dotnet run --project tools/EdgeDigits.Simulator` serves http://127.0.0.1:5000.
using EdgeDigits.Simulator;

SimulatorHost.Build(args).Run();
