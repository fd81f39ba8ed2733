using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;
using EdgeDigits.Runtime;

namespace EdgeDigits.App.Tests;

/// <summary>How drawing feels: resting versus lost lift, new drawings after a result, a second finger.</summary>
public class GestureTests
{
    private static readonly Int8Network Model = TestModels.Random();

    [Fact]
    public void AFingerRestingMidStrokeGivesNoResultUntilPenUp()
    {
        var settings = new AppSettings();
        var s = new AppSession(Model, settings);
        var seven = Strokes.Seven()[0];
        s.Touch(TouchKind.Down, seven[0], seven[1]);
        s.Tick();
        for (int i = 2; i < 12; i += 2)
        {
            s.Touch(TouchKind.Move, seven[i], seven[i + 1]);
            s.Tick();
        }

        int points = s.App.Ink.PointCount;

        // Two seconds at rest: the controller keeps reporting the pressed finger at the same point every 20 ms,
        // far longer than both the pen-up timeout and the idle delay.
        for (int t = 0; t < 2000; t += 20)
        {
            s.Touch(TouchKind.Move, seven[10], seven[11]);
            s.Tick(20);
            s.RunWorker();
            Assert.Equal(AppState.Drawing, s.App.State);
        }

        Assert.Empty(s.Log.Recognitions);
        Assert.Equal(points, s.App.Ink.PointCount);   // resting adds no ink
        Assert.Equal(1, s.App.Ink.StrokeCount);

        for (int i = 12; i < seven.Length; i += 2)
        {
            s.Touch(TouchKind.Move, seven[i], seven[i + 1]);
            s.Tick();
        }

        Assert.Equal(1, s.App.Ink.StrokeCount);       // the rest continued the same stroke
        s.Touch(TouchKind.Up, 0, 0);
        s.Tick();
        Assert.Equal(AppState.WaitingForIdle, s.App.State);
        s.Wait(settings.IdleDelayMs + 50);
        Assert.Single(s.Log.Recognitions);
    }

    [Fact]
    public void ALostLiftIsNoEventForThePenUpTimeoutAndEndsTheStrokeWhereTheFingerWas()
    {
        var settings = new AppSettings();
        var s = new AppSession(Model, settings);
        s.Draw(Strokes.Seven(), liftUp: false);
        long lastEvent = s.Now - 2 * AppSession.TickMs;   // Draw ticks once after the last point and once more

        s.Tick((int)(lastEvent + settings.PenUpTimeoutMs - 1 - s.Now));   // 1 ms short of the timeout: still drawing
        Assert.Equal(AppState.Drawing, s.App.State);
        s.Tick(1);
        Assert.Equal(AppState.WaitingForIdle, s.App.State);

        // The idle delay runs from the last event, not from when the timeout noticed it.
        while (s.Now + AppSession.TickMs < lastEvent + settings.IdleDelayMs)
        {
            s.Tick();
            Assert.False(s.RunWorker());
        }

        s.Tick();
        Assert.True(s.RunWorker());

        // The next Down of the same contact is a new stroke, not a continuation.
        s.Tick();
        s.Draw(Strokes.Four(), liftUp: false);
        Assert.Equal(2, s.App.Ink.StrokeCount);     // a new drawing: the 7 went, the 4's two strokes stayed apart
    }

    [Fact]
    public void AfterASingleDigitResultTheNextPenDownStartsANewDrawing()
    {
        var s = new AppSession(TestModels.Real);
        s.Draw(Strokes.Seven());
        s.Wait(600);
        Assert.Equal(AppState.Result, s.App.State);
        var (sx, sy) = Strokes.Points(Strokes.Seven()[0]).ElementAt(3);
        Assert.Equal(Palette.Ink, s.Screen.PixelAt(sx, sy));

        s.Draw(Strokes.Four());

        Assert.Equal(Palette.Pad, s.Screen.PixelAt(sx, sy));   // the 7's ink is gone from the pad
        Assert.Equal(2, s.App.Ink.StrokeCount);                // and from the ink: only the 4
        s.Wait(600);
        Assert.Equal(4, s.Recognizer.GetDigit(0).Digit);
        Assert.Equal(2, s.Log.Recognitions.Count());
    }

    [Fact]
    public void InMultiDigitModeDigitsAddUpUntilTheResultThenANewPenDownStartsAnew()
    {
        var s = new AppSession(TestModels.Real);
        s.Tap(AppButton.Mode);
        var four = Strokes.Four(-30, 0, 0.6);
        var two = Strokes.Two(60, 20, 0.6);
        s.Draw(four);
        s.Draw(two);      // before the idle delay: added to the same drawing
        Assert.Equal(3, s.App.Ink.StrokeCount);
        s.Wait(600);
        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Contains(" digits=42 ", s.Log.Recognitions.Last());

        s.Draw(Strokes.Seven());
        Assert.Equal(1, s.App.Ink.StrokeCount);   // the 42 was finished: a new drawing
        Assert.Equal(AppState.WaitingForIdle, s.App.State);
    }

    [Fact]
    public void UndoAfterAResultKeepsEditingTheSameDrawing()
    {
        var s = new AppSession(Model);
        s.Draw(Strokes.Four());
        s.Wait(600);
        s.Tap(AppButton.Undo);
        Assert.Equal(1, s.App.Ink.StrokeCount);

        s.Draw(new[] { Strokes.Four()[1] });   // redraw the vertical bar
        Assert.Equal(2, s.App.Ink.StrokeCount);
        s.Wait(600);
        s.Tap(AppButton.Clear);
        Assert.Equal(0, s.App.Ink.StrokeCount);
        Assert.Equal(AppState.Ready, s.App.State);
    }

    [Fact]
    public void ASecondFingerIsMergedAwayAndTheFirstFingersStrokeContinues()
    {
        var s = new AppSession(Model);
        s.Touch(TouchKind.Down, 40, 100, 0);
        s.Touch(TouchKind.Move, 50, 100, 0);
        s.Tick();
        s.Touch(TouchKind.Down, 180, 30, 1);    // a second finger lands far away
        s.Touch(TouchKind.Move, 60, 100, 0);
        s.Touch(TouchKind.Move, 185, 40, 1);
        s.Touch(TouchKind.Move, 70, 100, 0);
        s.Tick();
        s.Touch(TouchKind.Up, 185, 40, 1);      // and lifts while the first one keeps drawing
        s.Touch(TouchKind.Move, 80, 100, 0);
        s.Tick();
        s.Touch(TouchKind.Up, 80, 100, 0);
        s.Tick();

        Assert.Equal(1, s.App.Ink.StrokeCount);
        Assert.Equal(5, s.App.Ink.PointCount);
        for (int p = 0; p < s.App.Ink.PointCount; p++)
        {
            Assert.Equal((40 + 10 * p, 100), (s.App.Ink.GetX(p), s.App.Ink.GetY(p)));
        }

        Assert.Equal(Palette.Pad, s.Screen.PixelAt(182, 35));

        // A finger that was extra while the first drew stays ignored until it lifts, even after the first lifted.
        s.Touch(TouchKind.Down, 100, 150, 0);
        s.Touch(TouchKind.Down, 150, 150, 1);
        s.Touch(TouchKind.Up, 100, 150, 0);
        s.Touch(TouchKind.Move, 160, 150, 1);
        s.Tick();
        Assert.Equal(2, s.App.Ink.StrokeCount);
        Assert.Equal(1, s.App.Ink.GetStrokeLength(1));
        Assert.Equal(Palette.Pad, s.Screen.PixelAt(160, 150));
    }

    [Fact]
    public void BoardsReportingOneContactKeepTheirBehaviour()
    {
        // Without ids every event is contact 0: a Down while down is a lost lift and starts a new stroke.
        var s = new AppSession(Model);
        s.Touch(TouchKind.Down, 40, 100);
        s.Touch(TouchKind.Move, 60, 100);
        s.Touch(TouchKind.Down, 40, 150);
        s.Touch(TouchKind.Move, 60, 150);
        s.Touch(TouchKind.Up, 0, 0);
        s.Tick();
        Assert.Equal(2, s.App.Ink.StrokeCount);
    }

    [Fact]
    public void MovesOfDifferentContactsDoNotCoalesceIntoEachOther()
    {
        var queue = new TouchQueue(TouchQueue.ReservedSlots + 8);
        for (int i = 0; i < 8; i++)
        {
            queue.Enqueue(TouchKind.Move, i, 0, 0, i);
        }

        queue.Enqueue(TouchKind.Move, 100, 0, 1, 9);   // past the Move limit, but the tail belongs to contact 0
        queue.Enqueue(TouchKind.Move, 101, 0, 1, 10);  // coalesces into contact 1's Move

        var seen = new List<(int X, int Contact)>();
        while (queue.TryDequeue(out _, out int x, out _, out int contact, out _))
        {
            seen.Add((x, contact));
        }

        Assert.Equal(9, seen.Count);
        Assert.Equal((7, 0), seen[7]);
        Assert.Equal((101, 1), seen[8]);
        Assert.Equal(1, queue.CoalescedCount);
    }
}
