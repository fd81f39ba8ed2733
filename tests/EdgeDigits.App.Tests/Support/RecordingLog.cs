using EdgeDigits.App;

namespace EdgeDigits.App.Tests.Support;

public sealed class RecordingLog : IAppLog
{
    public List<string> Lines { get; } = new();

    public void WriteLine(string line) => Lines.Add(line);

    /// <summary>The JSON of every <c>teach</c> line, oldest first.</summary>
    public IEnumerable<string> Teach => Lines.Where(l => l.StartsWith(TeachLine.LogPrefix, StringComparison.Ordinal)).Select(l => l[TeachLine.LogPrefix.Length..]);

    public IEnumerable<string> Recognitions => Lines.Where(l => l.StartsWith(RecognitionLog.Prefix + " ", StringComparison.Ordinal));
}
