using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;

namespace EdgeDigits.App.Tests;

/// <summary>
/// Teach lines appended to a store (the board's file) besides the serial log: the same line, after the serial one;
/// a failing store costs neither the serial line nor the app; the byte cap.
/// </summary>
public class TeachStoreTests
{
    private const int PanelCentreX = ScreenLayout.PanelX + ScreenLayout.PanelWidth / 2;

    [Fact]
    public void EveryTeachLineIsAppendedExactlyAsTheSerialLogHasItAndAfterIt()
    {
        RecordingLog? log = null;
        var store = new FakeStore();
        store.OnAppend = line => Assert.Equal(TeachLine.LogPrefix + line, log!.Lines[^1]);   // the serial line came first
        var s = new AppSession(TestModels.Real, teachStore: store);
        log = s.Log;

        s.Draw(Strokes.Seven());
        s.Wait(600);
        s.TapAt(PanelCentreX, 100);
        s.TapKey(7);                               // teach: confirm the 7
        s.Tap(AppButton.Clear);
        s.TapAt(PanelCentreX, 100);                // collect two more
        Collect(s, Strokes.Four(), Strokes.Seven());

        Assert.Equal(3, s.Log.Teach.Count());
        Assert.Equal(s.Log.Teach, store.Lines);
        Assert.Equal(3, s.App.TeachStoredCount);
        Assert.Equal(store.Lines.Sum(l => l.Length + 1), store.Length);
        Assert.DoesNotContain(s.Log.Lines, l => l.StartsWith(TeachRecorder.StorePrefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("append", "flash worn out", "teachfile error: I:\\teach.jsonl: flash worn out. Teach lines go to the serial log only.")]
    [InlineData("length", "", "teachfile error: I:\\teach.jsonl: System.IO.IOException. Teach lines go to the serial log only.")]
    public void AFailingStoreCostsNeitherTheSerialLineNorTheApp(string where, string message, string expected)
    {
        var failure = new IOException(message);
        var store = new FakeStore { FailAppend = where == "append" ? failure : null, FailLength = where == "length" ? failure : null };
        var s = new AppSession(TestModels.Real, teachStore: store);
        s.TapAt(PanelCentreX, 100);
        Collect(s, Strokes.Seven(), Strokes.Four(), Strokes.Seven());

        Assert.Equal(3, s.Log.Teach.Count());      // every drawing is still on the serial log
        Assert.Equal(expected, Assert.Single(s.Log.Lines, l => l.StartsWith(TeachRecorder.StorePrefix, StringComparison.Ordinal)));
        Assert.Equal(1, store.Calls);              // not tried again: a failed append may have left half a line
        Assert.Empty(store.Lines);
        Assert.Equal(0, s.App.TeachStoredCount);
        Assert.Equal(AppState.Collecting, s.App.State);   // the app went on
        Assert.Equal(3, s.App.CollectPrompt);
    }

    /// <summary>A cap that holds exactly the first two lines: both are appended, the third is not and neither is any
    /// later one, with one serial line saying so; the serial log keeps all of them.</summary>
    [Fact]
    public void TheStoreStopsAtTheCapWithOneMessageAndTheSerialLogGoesOn()
    {
        int[][][] drawings = { Strokes.Seven(), Strokes.Four(), Strokes.Seven(), Strokes.Four() };
        string[] lines = LinesOf(drawings);
        Assert.True(lines[2].Length > 10, "the third line must not fit in the 10 bytes left");
        int cap = lines[0].Length + 1 + lines[1].Length + 1 + 10;
        var store = new FakeStore();
        var s = new AppSession(TestModels.Real, new AppSettings { TeachFileMaxBytes = cap }, teachStore: store);
        s.TapAt(PanelCentreX, 100);
        Collect(s, drawings);

        Assert.Equal(lines, s.Log.Teach);
        Assert.Equal(lines.Take(2), store.Lines);
        Assert.True(store.Length <= cap, store.Length + " > " + cap);
        Assert.Equal(2, store.Calls);              // the fourth line was not tried either
        Assert.Equal("teachfile full: I:\\teach.jsonl holds " + (cap - 10) + " bytes and the next line needs " + (lines[2].Length + 1)
            + "; the cap is " + cap + " bytes. Teach lines go to the serial log only.",
            Assert.Single(s.Log.Lines, l => l.StartsWith(TeachRecorder.StorePrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void ALineThatFillsTheCapExactlyIsAppended()
    {
        string[] lines = LinesOf(new[] { Strokes.Seven() });
        var store = new FakeStore();
        var s = new AppSession(TestModels.Real, new AppSettings { TeachFileMaxBytes = lines[0].Length + 1 }, teachStore: store);
        s.TapAt(PanelCentreX, 100);
        Collect(s, Strokes.Seven());

        Assert.Equal(lines, store.Lines);
        Assert.Equal(lines[0].Length + 1, store.Length);
        Assert.DoesNotContain(s.Log.Lines, l => l.StartsWith(TeachRecorder.StorePrefix, StringComparison.Ordinal));
    }

    /// <summary>The file kept from earlier boots counts: a store already near the cap takes no line.</summary>
    [Fact]
    public void AStoreAlreadyFullFromEarlierBootsTakesNothing()
    {
        var store = new FakeStore(initialLength: new AppSettings().TeachFileMaxBytes - 5);
        var s = new AppSession(TestModels.Real, teachStore: store);
        s.TapAt(PanelCentreX, 100);
        Collect(s, Strokes.Seven());

        Assert.Single(s.Log.Teach);
        Assert.Empty(store.Lines);
        Assert.StartsWith("teachfile full: I:\\teach.jsonl holds " + (64 * 1024 - 5) + " bytes",
            Assert.Single(s.Log.Lines, l => l.StartsWith(TeachRecorder.StorePrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void TheDefaultCapIs64KiB()
    {
        Assert.Equal(64 * 1024, new AppSettings().TeachFileMaxBytes);
    }

    /// <summary>The lines a fresh session's collect mode logs for <paramref name="drawings"/> (no store).</summary>
    private static string[] LinesOf(int[][][] drawings)
    {
        var s = new AppSession(TestModels.Real);
        s.TapAt(PanelCentreX, 100);
        Collect(s, drawings);
        string[] lines = s.Log.Teach.ToArray();
        Assert.Equal(drawings.Length, lines.Length);
        return lines;
    }

    /// <summary>Collect mode: each drawing is recorded after the idle delay.</summary>
    private static void Collect(AppSession s, params int[][][] drawings)
    {
        Assert.Equal(AppState.Collecting, s.App.State);
        foreach (int[][] strokes in drawings)
        {
            s.Draw(strokes);
            s.Wait(600);
        }
    }

    /// <summary>An in-memory teach file that can be made to fail.</summary>
    private sealed class FakeStore(long initialLength = 0) : ITeachStore
    {
        private long _length = initialLength;

        public List<string> Lines { get; } = new();

        /// <summary>Appends tried (or, with <see cref="FailLength"/>, lengths read).</summary>
        public int Calls { get; private set; }

        public Exception? FailAppend { get; init; }

        public Exception? FailLength { get; init; }

        public Action<string>? OnAppend { get; set; }

        public string Name => "I:\\teach.jsonl";

        public long Length
        {
            get
            {
                if (FailLength is not null)
                {
                    Calls++;
                    throw FailLength;
                }

                return _length;
            }
        }

        public void Append(string line)
        {
            Calls++;
            OnAppend?.Invoke(line);
            if (FailAppend is not null)
            {
                throw FailAppend;
            }

            Lines.Add(line);
            _length += line.Length + 1;
        }
    }
}
