#:project ../../../tools/EdgeDigits.Tooling/EdgeDigits.Tooling.csproj
#:property PublishAot=false
#:property GenerateProgramFile=false
// Regenerates the labelled stroke test set from the MNIST test images (see README.md next to this file):
//   EDGEDIGITS_MNIST_DIR=/path/to/mnist dotnet run tests/TestData/strokes/generate.cs
// Deterministic: the same MNIST files and seed give byte-identical output.
using EdgeDigits.Tooling.Recognition;
using EdgeDigits.Tooling.Strokes;

string mnist = Environment.GetEnvironmentVariable("EDGEDIGITS_MNIST_DIR")
    ?? throw new InvalidOperationException("Set EDGEDIGITS_MNIST_DIR to the directory holding the MNIST IDX files.");
string here = AppContext.GetData("EntryPointFileDirectoryPath") as string
    ?? throw new InvalidOperationException("Run as a file-based app: dotnet run tests/TestData/strokes/generate.cs");
MnistDigits test = MnistDigits.LoadTestSet(mnist);
Write("single.jsonl", StrokeTestSetGenerator.Generate(test, singles: 400, multis: 0, seed: 20260401));
Write("multi.jsonl", StrokeTestSetGenerator.Generate(test, singles: 0, multis: 100, seed: 20260402));

void Write(string name, List<StrokeSample> samples)
{
    string path = Path.Combine(here, name);
    File.WriteAllLines(path, samples.Select(s => StrokeFileWriter.Format(s)));
    Console.WriteLine($"{path}: {samples.Count} drawings, {new FileInfo(path).Length} bytes");
}
