using EdgeDigits.App;

namespace EdgeDigits.App.Tests.Support;

public sealed class RecordingLog : IAppLog
{
    public List<string> Lines { get; } = new();

    public void WriteLine(string line) => Lines.Add(line);

    public IEnumerable<string> Recognitions => Lines.Where(l => l.StartsWith(RecognitionLog.Prefix + " ", StringComparison.Ordinal));
}
