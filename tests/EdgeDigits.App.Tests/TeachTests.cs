using System.Text.Json;
using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;
using EdgeDigits.Ink;

namespace EdgeDigits.App.Tests;

/// <summary>Teach mode (confirm or correct a result) and collect mode, through whole touch sessions.</summary>
public class TeachTests
{
    private const int PanelCentreX = ScreenLayout.PanelX + ScreenLayout.PanelWidth / 2;

    [Fact]
    public void TheKeypadFitsBesideThePadAndEveryKeyIsFingerSized()
    {
        Assert.True(ScreenLayout.KeyWidth >= 40 && ScreenLayout.KeyHeight >= 40, ScreenLayout.KeyWidth + "×" + ScreenLayout.KeyHeight);
        var seen = new HashSet<int>();
        for (int d = 0; d < 10; d++)
        {
            int x = ScreenLayout.KeyX(d), y = ScreenLayout.KeyY(d);
            Assert.InRange(x, ScreenLayout.PadWidth, ScreenLayout.ScreenWidth - ScreenLayout.KeyWidth);
            Assert.InRange(y, 0, ScreenLayout.PadHeight - ScreenLayout.KeyHeight);
            Assert.Equal(d, ScreenLayout.KeyAt(x, y));
            Assert.Equal(d, ScreenLayout.KeyAt(x + ScreenLayout.KeyWidth - 1, y + ScreenLayout.KeyHeight - 1));
            Assert.True(seen.Add(x * 1000 + y));
        }

        Assert.Equal(-1, ScreenLayout.KeyAt(ScreenLayout.PadWidth - 1, 10));
        Assert.Equal(-1, ScreenLayout.KeyAt(ScreenLayout.PanelX + 10, ScreenLayout.ButtonY));
    }

    [Fact]
    public void ConfirmingASingleDigitLogsTheDrawingWithItsLabel()
    {
        var s = new AppSession(TestModels.Real);
        s.Draw(Strokes.Seven());
        s.Wait(600);
        Assert.Equal(AppState.Result, s.App.State);
        Assert.Contains("TAP TO TEACH", s.Screen.TextsSince(0));

        int mark = s.Screen.Mark();
        s.TapAt(PanelCentreX, 100);
        Assert.Equal(AppState.Teaching, s.App.State);
        var keys = s.Screen.Since(mark).Where(c => c.Kind == "DrawText" && c.Text!.Length == 1).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString()), keys.Select(c => c.Text));
        Assert.Contains(s.Screen.Since(mark), c => c.Kind == "FillRect" && c.X == ScreenLayout.KeyX(7) + 2 && c.Color == Palette.Good);   // 7 is offered
        Assert.Empty(s.Log.Teach);

        s.TapKey(7);

        string line = Assert.Single(s.Log.Teach);
        AssertLine(line, "edgedigits/s0000/0000", s.App.Ink, "7");
        Assert.Equal(AppState.Result, s.App.State);
        Assert.Contains("SAVED AS 7", s.Screen.TextsSince(mark));
        Assert.Single(s.Log.Recognitions);   // teaching does not recognize again
    }

    [Fact]
    public void CorrectingASingleDigitLogsTheCorrectedLabelAndUndoLeavesTheKeypadWithoutSaving()
    {
        var settings = new AppSettings { TeachWriter = "core2/s4f2a" };
        var s = new AppSession(TestModels.Real, settings);
        s.Draw(Strokes.Seven());
        s.Wait(600);

        s.TapAt(PanelCentreX, 20);
        s.Tap(AppButton.Undo);                   // changed my mind
        Assert.Equal(AppState.Result, s.App.State);
        Assert.Equal(1, s.App.Ink.StrokeCount);   // UNDO closed the keypad, the ink is untouched
        Assert.Empty(s.Log.Teach);

        s.TapAt(PanelCentreX, 20);
        s.TapKey(1);
        AssertLine(Assert.Single(s.Log.Teach), "core2/s4f2a/0000", s.App.Ink, "1");

        // The next drawing gets the next number.
        s.Draw(Strokes.Four());
        s.Wait(600);
        s.TapAt(PanelCentreX, 150);
        s.TapKey(4);
        Assert.Equal(2, s.Log.Teach.Count());
        AssertLine(s.Log.Teach.Last(), "core2/s4f2a/0001", s.App.Ink, "4");
    }

    [Fact]
    public void InMultiDigitModeATappedDigitIsCorrectedAndTheFollowingOnesOfferedInTurn()
    {
        var s = new AppSession(TestModels.Real);
        s.Tap(AppButton.Mode);
        s.Draw(Strokes.FortyTwo());
        s.Wait(600);
        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Equal(2, s.App.LastResultCount);

        // Tap the "2" (right half of the result row), correct it to 3: it is the last digit, so the line is saved.
        s.TapAt(ScreenLayout.PanelX + 3 * ScreenLayout.PanelWidth / 4, 30);
        Assert.Equal(AppState.Teaching, s.App.State);
        s.TapKey(3);
        AssertLine(Assert.Single(s.Log.Teach), "edgedigits/s0000/0000", s.App.Ink, "43");
        Assert.Equal(AppState.MultiResult, s.App.State);

        // Tap the "4", correct it to 9; the keypad moves on to the next digit, offering its label (3 now); GO keeps it.
        s.TapAt(ScreenLayout.PanelX + 10, 30);
        s.TapKey(9);
        Assert.Equal(AppState.Teaching, s.App.State);
        Assert.Single(s.Log.Teach);
        int mark = s.Screen.Mark();
        s.Tap(AppButton.Recognize);
        Assert.Equal(2, s.Log.Teach.Count());
        AssertLine(s.Log.Teach.Last(), "edgedigits/s0000/0001", s.App.Ink, "93");
        Assert.Contains("SAVED AS 93", s.Screen.TextsSince(mark));
        Assert.Single(s.Log.Recognitions);
    }

    [Fact]
    public void CollectModeAsksForEachDigitInTurnAndRecordsWhatWasDrawnForIt()
    {
        var s = new AppSession(TestModels.Real);
        Assert.Contains("TAP TO COLLECT", s.Screen.TextsSince(0));
        s.TapAt(PanelCentreX, 100);   // the panel of an empty pad
        Assert.Equal(AppState.Collecting, s.App.State);
        Assert.True(s.App.Collecting);
        Assert.Equal(0, s.App.CollectPrompt);
        Assert.Equal("0", s.Screen.LastBigDigit());

        var drawn = new List<string>();
        foreach (int[][] strokes in new[] { Strokes.Seven(), Strokes.Four() })
        {
            s.Draw(strokes);
            drawn.Add(JsonStrokes(s.App.Ink));
            s.Wait(600);
            Assert.Equal(0, s.App.Ink.StrokeCount);   // recorded and cleared for the next one
            Assert.Equal(AppState.Collecting, s.App.State);
        }

        Assert.Equal(2, s.App.CollectPrompt);
        Assert.Equal("2", s.Screen.LastBigDigit());
        string[] lines = s.Log.Teach.ToArray();
        Assert.Equal(2, lines.Length);
        for (int i = 0; i < 2; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(i.ToString(), doc.RootElement.GetProperty("label").GetString());
            Assert.Equal(drawn[i], doc.RootElement.GetProperty("strokes").GetRawText());
        }

        Assert.Empty(s.Log.Recognitions);   // collecting does not run the network

        s.Tap(AppButton.Recognize);          // GO on the empty pad: still collecting, nothing logged
        Assert.Equal(AppState.Collecting, s.App.State);
        s.TapAt(PanelCentreX, 100);          // leave
        Assert.False(s.App.Collecting);
        Assert.Equal(AppState.Ready, s.App.State);
        Assert.Equal(2, s.App.TeachCount);
    }

    [Fact]
    public void ATeachLineIsExactlyTheStrokeFormat()
    {
        var ink = new StrokeBuffer(64, 4);
        ink.BeginStroke();
        ink.AddPoint(62, 44);
        ink.AddPoint(84, 41);
        ink.EndStroke();
        ink.BeginStroke();
        ink.AddPoint(0, 199);
        ink.EndStroke();

        Assert.Equal("{\"id\":\"core2/s4f2a/0007\",\"canvas\":{\"width\":220,\"height\":200},\"strokes\":[[[62,44],[84,41]],[[0,199]]],\"label\":\"7\"}",
            TeachLine.Format("core2/s4f2a/0007", 220, 200, ink, "7"));
        Assert.Equal("{\"id\":\"a/b\",\"canvas\":{\"width\":1,\"height\":1},\"strokes\":[],\"label\":\"0123456789\"}",
            TeachLine.Format("a/b", 1, 1, new StrokeBuffer(4, 1), "0123456789"));

        var negative = new StrokeBuffer(4, 1);
        negative.AddPoint(int.MinValue, -7);
        Assert.Contains("[[[-2147483648,-7]]]", TeachLine.Format("a/b", 1, 1, negative, "1"));
    }

    [Theory]
    [InlineData("core2", "must be <board>/<session>")]
    [InlineData("core2/", "empty part")]
    [InlineData("core2//s1", "empty part")]
    [InlineData("core 2/s1", "may hold only")]
    [InlineData("core2/\"s1", "may hold only")]
    [InlineData("", "must be 1..96 characters")]
    public void AMalformedTeachWriterIsRefused(string writer, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new AppSession(TestModels.Random(), new AppSettings { TeachWriter = writer }));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7a")]
    [InlineData("12345678901234567")]
    public void AMalformedLabelIsRefused(string label)
    {
        Assert.ThrowsAny<ArgumentException>(() => TeachLine.Format("a/b", 10, 10, new StrokeBuffer(4, 1), label));
    }

    /// <summary>The line parses as JSON with exactly the stroke format's properties and the app's ink.</summary>
    private static void AssertLine(string line, string id, StrokeBuffer ink, string label)
    {
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement root = doc.RootElement;
        Assert.Equal(["id", "canvas", "strokes", "label"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal(ScreenLayout.PadWidth, root.GetProperty("canvas").GetProperty("width").GetInt32());
        Assert.Equal(ScreenLayout.PadHeight, root.GetProperty("canvas").GetProperty("height").GetInt32());
        Assert.Equal(JsonStrokes(ink), root.GetProperty("strokes").GetRawText());
        Assert.Equal(label, root.GetProperty("label").GetString());
    }

    private static string JsonStrokes(StrokeBuffer ink)
    {
        var strokes = new List<int[][]>();
        for (int s = 0; s < ink.StrokeCount; s++)
        {
            int start = ink.GetStrokeStart(s);
            strokes.Add(Enumerable.Range(start, ink.GetStrokeLength(s)).Select(p => new[] { ink.GetX(p), ink.GetY(p) }).ToArray());
        }

        Assert.NotEmpty(strokes);
        return JsonSerializer.Serialize(strokes);
    }
}
