using EdgeDigits.App;

namespace EdgeDigits.Simulator.Device;

/// <summary>The board's serial log, collected per request for the page (bounded: the oldest lines are dropped).</summary>
public sealed class SimulatorLog : IAppLog
{
    /// <summary>Most lines kept between two <see cref="Take"/> calls.</summary>
    public const int MaxLines = 64;

    private readonly Queue<string> _lines = new();

    /// <inheritdoc />
    public void WriteLine(string line)
    {
        if (_lines.Count == MaxLines)
        {
            _lines.Dequeue();
        }

        _lines.Enqueue(line);
    }

    /// <summary>Returns the lines written since the last call and forgets them.</summary>
    /// <returns>The lines, oldest first.</returns>
    public string[] Take()
    {
        string[] lines = _lines.ToArray();
        _lines.Clear();
        return lines;
    }
}
