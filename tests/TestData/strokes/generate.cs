#:project ../../../tools/EdgeDigits.Tooling/EdgeDigits.Tooling.csproj
#:property PublishAot=false
#:property GenerateProgramFile=false
// Regenerates the labelled stroke test set from the MNIST test images (see README.md next to this file):
//   EDGEDIGITS_MNIST_DIR=/path/to/mnist dotnet run tests/TestData/strokes/generate.cs
// Deterministic: the same MNIST files and seed give byte-identical output.
// With arguments it writes one independent set instead (used as a validation set, so that segmentation changes are
// not judged on the committed sets they were developed on):
//   dotnet run tests/TestData/strokes/generate.cs -- SEED SINGLES MULTIS OUTPUT.jsonl
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Strokes;

string mnist = Environment.GetEnvironmentVariable("EDGEDIGITS_MNIST_DIR")
    ?? throw new InvalidOperationException("Set EDGEDIGITS_MNIST_DIR to the directory holding the MNIST IDX files.");
string here = AppContext.GetData("EntryPointFileDirectoryPath") as string
    ?? throw new InvalidOperationException("Run as a file-based app: dotnet run tests/TestData/strokes/generate.cs");
MnistDataset test = MnistDataset.Load(mnist, MnistSplit.Test);
if (args.Length == 4)
{
    Write(Path.GetFullPath(args[3]), StrokeTestSetGenerator.Generate(test, singles: int.Parse(args[1]), multis: int.Parse(args[2]), seed: int.Parse(args[0])));
    return;
}

if (args.Length != 0)
{
    throw new ArgumentException("Usage: generate.cs [SEED SINGLES MULTIS OUTPUT.jsonl]");
}

Write(Path.Combine(here, "single.jsonl"), StrokeTestSetGenerator.Generate(test, singles: 400, multis: 0, seed: 20260401));
Write(Path.Combine(here, "multi.jsonl"), StrokeTestSetGenerator.Generate(test, singles: 0, multis: 100, seed: 20260402));

void Write(string path, List<StrokeSample> samples)
{
    File.WriteAllLines(path, samples.Select(s => StrokeFileWriter.Format(s)));
    Console.WriteLine($"{path}: {samples.Count} drawings, {new FileInfo(path).Length} bytes");
}
