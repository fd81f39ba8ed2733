using EdgeDigits.App;

namespace EdgeDigits.Simulator.Device;

/// <summary>
/// The board's serial log, collected per request for the page. Ordinary lines go to <see cref="Take"/> (bounded: the
/// oldest are dropped); <c>teach {json}</c> lines (<see cref="TeachLine.LogPrefix"/>) go, without the prefix, to
/// <see cref="TakeTeach"/>, so the page can offer them as a <c>.jsonl</c> download.
/// </summary>
/// <remarks>Bounds: at most <see cref="MaxTeachLines"/> teach lines wait between two responses (the oldest are dropped
/// and counted in <see cref="DroppedTeachLines"/>), and a teach line longer than <see cref="MaxTeachLineChars"/> is
/// dropped and counted (the app's 1,024-point buffer writes at most about 11 KB, so this is a guard, not a limit
/// a drawing reaches).</remarks>
public sealed class SimulatorLog : IAppLog
{
    /// <summary>Most lines kept between two <see cref="Take"/> calls.</summary>
    public const int MaxLines = 64;

    /// <summary>Most teach lines kept between two <see cref="TakeTeach"/> calls.</summary>
    public const int MaxTeachLines = 32;

    /// <summary>Longest teach line kept, characters (without the prefix).</summary>
    public const int MaxTeachLineChars = 64 * 1024;

    private readonly Queue<string> _lines = new();
    private readonly Queue<string> _teach = new();

    /// <summary>Teach lines dropped because of the bounds, since the session began.</summary>
    public int DroppedTeachLines { get; private set; }

    /// <inheritdoc />
    public void WriteLine(string line)
    {
        if (line.StartsWith(TeachLine.LogPrefix, StringComparison.Ordinal))
        {
            string json = line[TeachLine.LogPrefix.Length..];
            if (json.Length > MaxTeachLineChars)
            {
                DroppedTeachLines++;
                return;
            }

            if (_teach.Count == MaxTeachLines)
            {
                _teach.Dequeue();
                DroppedTeachLines++;
            }

            _teach.Enqueue(json);
            return;
        }

        if (_lines.Count == MaxLines)
        {
            _lines.Dequeue();
        }

        _lines.Enqueue(line);
    }

    /// <summary>Returns the ordinary lines written since the last call and forgets them.</summary>
    /// <returns>The lines, oldest first.</returns>
    public string[] Take()
    {
        string[] lines = _lines.ToArray();
        _lines.Clear();
        return lines;
    }

    /// <summary>Returns the teach lines (stroke-format JSON, one drawing each) written since the last call and forgets them.</summary>
    /// <returns>The lines, oldest first.</returns>
    public string[] TakeTeach()
    {
        string[] lines = _teach.ToArray();
        _teach.Clear();
        return lines;
    }
}
