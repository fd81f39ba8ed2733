using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;
using EdgeDigits.Ink;
using EdgeDigits.Runtime;

namespace EdgeDigits.App.Tests;

/// <summary>Whole sessions through the portable app: touch in, draw commands and serial lines out.</summary>
public class DigitAppSessionTests
{
    /// <summary>For mechanics (touch, ink, timers, undo, buttons) that must not depend on what the model learned;
    /// which digit a drawing becomes is asserted with <see cref="TestModels.Real"/>.</summary>
    private static readonly Int8Network Model = TestModels.Random();

    [Fact]
    public void DrawingASevenShowsInkAsTheFingerMovesAndTheResultAfterTheIdleDelay()
    {
        var s = new AppSession(TestModels.Real);
        var seven = Strokes.Seven()[0];
        int mark = s.Screen.Mark();

        s.Touch(TouchKind.Down, seven[0], seven[1]);
        s.Tick();
        s.Touch(TouchKind.Move, seven[2], seven[3]);
        s.Touch(TouchKind.Move, seven[4], seven[5]);
        s.Tick();

        // Ink is on screen before the finger lifts: a pen-wide segment, pixels painted in ink color.
        Assert.Equal(AppState.Drawing, s.App.State);
        Assert.Contains(s.Screen.Since(mark), c => c.Kind == "DrawLine" && c.Size == ScreenLayout.PenWidth && c.Color == Palette.Ink);
        Assert.Equal(Palette.Ink, s.Screen.PixelAt(seven[2], seven[3]));

        s.Draw(new[] { seven[6..] });
        Assert.Equal(AppState.WaitingForIdle, s.App.State);
        long penUp = s.Now;

        // Nothing is recognized before ~500 ms without touch.
        while (s.Now - penUp < 480)
        {
            s.Tick();
            Assert.False(s.RunWorker());
        }

        s.Tick(30);
        Assert.Equal(AppState.Recognizing, s.App.State);
        Assert.Contains("WORKING", s.Screen.TextsSince(mark));
        Assert.True(s.RunWorker());
        s.Tick();

        RecognizedDigit digit = s.Recognizer.GetDigit(0);
        Assert.Equal(7, digit.Digit);
        Assert.Equal(7, new Int8Engine(TestModels.Real).Run(digit.Input));   // an independent engine on the input the app showed
        Assert.False(digit.IsUnsure, "confidence " + digit.Confidence + " permille");
        Assert.Equal(AppState.Result, s.App.State);
        Assert.Equal("7", s.Screen.LastBigDigit(mark));
        Assert.Contains(AppRenderer.PercentText(digit.Confidence), s.Screen.TextsSince(mark));
        Assert.Contains(AppSession.FakeInferenceMs + " MS", s.Screen.TextsSince(mark));
        for (int k = 0; k < 3; k++)
        {
            Assert.Contains(digit.Top[k] + " " + AppRenderer.PercentText(digit.TopConfidence[k]), s.Screen.TextsSince(mark));
        }

        Assert.Contains(s.Screen.Since(mark), c => c.Kind == "DrawGrayImage" && c.X == ScreenLayout.PreviewX && c.Width == 56);
        string line = Assert.Single(s.Log.Recognitions);
        Assert.Equal(RecognitionLog.Format(false, s.Recognizer, 1, AppSession.FakeInferenceMs, AppSession.FakeFreeBytes), line);
        Assert.Contains(" digits=7 ", line);
        Assert.EndsWith(" ms=1234 free=98765", line);
    }

    public static TheoryData<string, int> HandDrawnDigits => new()
    {
        { "seven", 7 },
        { "four", 4 },
        { "two", 2 },
    };

    /// <summary>Finger traces on the 220×200 pad, through the ink pipeline and the generated int8 model: the digit a
    /// person drew is the digit shown, confidently (not the "?" of the not-sure state).</summary>
    [Theory]
    [MemberData(nameof(HandDrawnDigits))]
    public void AHandDrawnDigitIsRecognizedAsThatDigit(string name, int expected)
    {
        int[][] strokes = name switch { "seven" => Strokes.Seven(), "four" => Strokes.Four(), _ => Strokes.Two() };
        var s = new AppSession(TestModels.Real);
        int mark = s.Screen.Mark();

        s.Draw(strokes);
        s.Wait(600);

        Assert.Equal(1, s.App.LastResultCount);
        RecognizedDigit digit = s.Recognizer.GetDigit(0);
        Assert.Equal(expected, digit.Digit);
        Assert.InRange(digit.Confidence, s.Recognizer.UnsureThreshold, 1000);
        Assert.False(digit.IsUnsure);
        Assert.Equal(expected, digit.Top[0]);
        Assert.Equal(AppState.Result, s.App.State);
        Assert.Equal(expected.ToString(), s.Screen.LastBigDigit(mark));
        Assert.Contains(" mode=single digits=" + expected + " ", Assert.Single(s.Log.Recognitions));
    }

    [Fact]
    public void TheRecognizeButtonRecognizesWithoutWaitingForTheIdleTimer()
    {
        var s = new AppSession(Model);
        s.Draw(Strokes.Seven());
        s.Tap(AppButton.Recognize);

        Assert.Equal(AppState.Recognizing, s.App.State);
        Assert.True(s.RunWorker());
        s.Tick();
        Assert.Equal(1, s.App.LastResultCount);
        Assert.Single(s.Log.Recognitions);

        s.Wait(2000);   // the ink did not change: the idle timer does not recognize it again
        Assert.Single(s.Log.Recognitions);
    }

    [Fact]
    public void UndoRemovesTheLastStrokeFromInkAndScreenAndRecognizesAgain()
    {
        var s = new AppSession(Model);
        var four = Strokes.Four();
        s.Draw(four);
        s.Wait(600);
        Assert.Single(s.Log.Recognitions);
        var (vx, vy) = Strokes.Points(four[1]).ElementAt(6);
        Assert.Equal(Palette.Ink, s.Screen.PixelAt(vx, vy));

        s.Tap(AppButton.Undo);

        Assert.Equal(1, s.App.Ink.StrokeCount);
        Assert.Equal(Palette.Pad, s.Screen.PixelAt(vx, vy));   // the vertical bar is gone
        var (hx, hy) = Strokes.Points(four[0]).ElementAt(3);
        Assert.Equal(Palette.Ink, s.Screen.PixelAt(hx, hy));   // the first stroke is still there
        Assert.Equal(AppState.WaitingForIdle, s.App.State);
        s.Wait(600);
        Assert.Equal(2, s.Log.Recognitions.Count());

        s.Tap(AppButton.Undo);
        Assert.Equal(0, s.App.Ink.StrokeCount);
        Assert.Equal(AppState.Ready, s.App.State);
        Assert.Equal(0, s.Screen.CountPixels(0, 0, ScreenLayout.PadWidth, ScreenLayout.PadHeight, Palette.Ink));

        int mark = s.Screen.Mark();
        s.Tap(AppButton.Undo);   // nothing left to undo: nothing happens
        Assert.DoesNotContain(s.Screen.Since(mark), c => c.Kind != "FillRect" || c.Y < ScreenLayout.ButtonY);
    }

    [Fact]
    public void ClearEmptiesInkPadAndResult()
    {
        var s = new AppSession(Model);
        s.Draw(Strokes.Seven());
        s.Wait(600);
        Assert.NotEqual(AppState.Ready, s.App.State);

        int mark = s.Screen.Mark();
        s.Tap(AppButton.Clear);

        Assert.Equal(AppState.Ready, s.App.State);
        Assert.Equal(0, s.App.Ink.StrokeCount);
        Assert.Equal(0, s.Screen.CountPixels(0, 0, ScreenLayout.PadWidth, ScreenLayout.PadHeight, Palette.Ink));
        Assert.Contains("READY", s.Screen.TextsSince(mark));
        s.Wait(1000);
        Assert.Single(s.Log.Recognitions);
    }

    [Fact]
    public void MultiDigitModeRecognizesFortyTwoAndBoxesEachDigit()
    {
        var s = new AppSession(TestModels.Real);
        s.Tap(AppButton.Mode);
        Assert.True(s.App.MultiDigit);
        Assert.Contains("MULTI", s.Screen.TextsSince(0));

        int mark = s.Screen.Mark();
        s.Draw(Strokes.FortyTwo());
        s.Wait(600);

        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Equal(2, s.App.LastResultCount);
        RecognizedDigit left = s.Recognizer.GetDigit(0), right = s.Recognizer.GetDigit(1);
        Assert.True(left.BoxRight < right.BoxLeft, "digits are ordered left to right");
        var boxLines = s.Screen.Since(mark).Where(c => c.Kind == "DrawLine" && c.Color == Palette.Box).ToList();
        Assert.Equal(8, boxLines.Count);
        Assert.Contains(boxLines, c => c.X == right.BoxLeft - (ScreenLayout.PenWidth / 2 + 1));
        Assert.Equal((4, 2), (left.Digit, right.Digit));
        Assert.InRange(left.Confidence, s.Recognizer.UnsureThreshold, 1000);
        Assert.InRange(right.Confidence, s.Recognizer.UnsureThreshold, 1000);
        Assert.False(left.IsUnsure || right.IsUnsure);
        Assert.Equal("42", string.Concat(s.Screen.Since(mark).Where(c => c.Kind == "DrawText" && c.Size == 35).Select(c => c.Text)));
        Assert.Contains(" mode=multi digits=42 ", Assert.Single(s.Log.Recognitions));
    }

    [Fact]
    public void RecognizingAnEmptyPadShowsAHintAndDoesNotRunTheNetwork()
    {
        var s = new AppSession(Model);
        int mark = s.Screen.Mark();
        s.Tap(AppButton.Recognize);
        s.Wait(1000);

        Assert.Equal(AppState.Ready, s.App.State);
        Assert.Contains("EMPTY", s.Screen.TextsSince(mark));
        Assert.Empty(s.Log.Recognitions);
    }

    [Fact]
    public void AStrokeThatLeavesTheScreenEndsAtThePadEdgeAndPressesNoButton()
    {
        var s = new AppSession(Model);
        s.Touch(TouchKind.Down, 100, 100);
        foreach (int x in new[] { 150, 200, 215, 230, 300, 330, 400 })
        {
            s.Touch(TouchKind.Move, x, 100);
            s.Tick();
        }

        s.Touch(TouchKind.Up, 0, 0);

        // A second contact slides down across the button row and below the screen (the Core2 reports y up to ~290).
        s.Touch(TouchKind.Down, 40, 120);
        foreach (int y in new[] { 150, 230, 260, 300 })
        {
            s.Touch(TouchKind.Move, 40, y);
            s.Tick();
        }

        s.Touch(TouchKind.Up, 0, 0);
        s.Tick();

        Assert.Equal(2, s.App.Ink.StrokeCount);
        for (int p = 0; p < s.App.Ink.PointCount; p++)
        {
            Assert.InRange(s.App.Ink.GetX(p), 0, ScreenLayout.PadWidth - 1);
            Assert.InRange(s.App.Ink.GetY(p), 0, ScreenLayout.PadHeight - 1);
        }

        Assert.Equal(0, s.Screen.CountPixels(ScreenLayout.PanelX, 0, ScreenLayout.PanelWidth, ScreenLayout.ScreenHeight, Palette.Ink));
        Assert.Equal(0, s.Screen.CountPixels(0, ScreenLayout.ButtonY, ScreenLayout.ScreenWidth, ScreenLayout.ButtonHeight, Palette.Ink));
        Assert.False(s.App.MultiDigit);
        Assert.Equal(AppState.WaitingForIdle, s.App.State);   // not cleared by sliding over CLEAR
    }

    [Fact]
    public void AFingerThatComesBackOntoThePadStartsANewStroke()
    {
        var s = new AppSession(Model);
        s.Touch(TouchKind.Down, 150, 100);
        s.Touch(TouchKind.Move, 200, 100);
        s.Touch(TouchKind.Move, 260, 100);   // off the pad: the stroke ends
        s.Touch(TouchKind.Move, 200, 140);   // back on: a new stroke, no line drawn across
        s.Touch(TouchKind.Move, 150, 140);
        s.Touch(TouchKind.Up, 0, 0);
        s.Tick();

        Assert.Equal(2, s.App.Ink.StrokeCount);
        Assert.Equal(Palette.Pad, s.Screen.PixelAt(210, 120));
    }

    [Fact]
    public void AFloodOfTouchPointsStaysBoundedAndKeepsTheStrokeEnd()
    {
        var settings = new AppSettings();
        var s = new AppSession(Model, settings);
        s.Touch(TouchKind.Down, 10, 10);
        for (int i = 0; i < 100_000; i++)
        {
            s.App.PostTouch(TouchKind.Move, 10 + i % 200, 10 + (i / 200) % 180, s.Now);
        }

        s.App.PostTouch(TouchKind.Move, 123, 77, s.Now);
        s.Touch(TouchKind.Up, 0, 0);

        Assert.True(s.App.Touches.Count <= settings.TouchQueueCapacity);
        Assert.Equal(0, s.App.Touches.DroppedCount);
        Assert.True(s.App.Touches.CoalescedCount > 90_000);
        s.Tick();

        Assert.Equal(0, s.App.Touches.Count);
        Assert.Equal(1, s.App.Ink.StrokeCount);
        Assert.InRange(s.App.Ink.PointCount, 2, settings.MaxPoints);
        Assert.Equal((123, 77), (s.App.Ink.GetX(s.App.Ink.PointCount - 1), s.App.Ink.GetY(s.App.Ink.PointCount - 1)));
        s.Wait(600);
        Assert.Single(s.Log.Recognitions);
    }

    [Fact]
    public void AFloodOfTapsDropsOnlyWhatDoesNotFitAndCountsIt()
    {
        var settings = new AppSettings();
        var s = new AppSession(Model, settings);
        for (int i = 0; i < 10_000; i++)
        {
            s.App.PostTouch(i % 2 == 0 ? TouchKind.Down : TouchKind.Up, 20 + i % 150, 20 + i % 160, s.Now);
        }

        Assert.Equal(settings.TouchQueueCapacity, s.App.Touches.Count);
        Assert.Equal(10_000 - settings.TouchQueueCapacity, s.App.Touches.DroppedCount);
        s.Tick();
        Assert.InRange(s.App.Ink.StrokeCount, 1, settings.MaxStrokes);
    }

    [Fact]
    public void TouchDuringInferenceIsDrawnKeptAndRecognizedAfterwards()
    {
        var s = new AppSession(Model);
        s.Draw(Strokes.Seven());
        while (!s.App.IsBusy)
        {
            s.Tick();
        }

        Assert.True(s.App.TakeRecognitionRequest());   // the worker picked it up and is now inferring
        int mark = s.Screen.Mark();
        var four = Strokes.Four(0, 0, 0.4);
        s.Draw(four);                                   // the UI thread keeps taking touch meanwhile
        Assert.Equal(AppState.Recognizing, s.App.State);
        Assert.Equal(3, s.App.Ink.StrokeCount);
        int posted = four.Sum(stroke => stroke.Length / 2);
        Assert.InRange(s.App.Ink.PointCount, Strokes.Points(Strokes.Seven()[0]).Count() / 2 + posted / 2, 1024);
        Assert.Contains(s.Screen.Since(mark), c => c.Kind == "DrawLine" && c.Color == Palette.Ink);

        s.App.RunRecognition();                         // the worker finishes the 7 it took
        s.App.CompleteRecognition(900, 1000);
        s.Tick();
        Assert.Equal(1, s.App.StaleResultCount);        // the ink changed: that result is logged, not shown
        Assert.Single(s.Log.Recognitions);

        s.Wait(600);                                    // all three strokes are recognized next
        Assert.Equal(2, s.Log.Recognitions.Count());
        Assert.Equal(AppSession.FakeInferenceMs, s.App.LastElapsedMs);
    }

    [Fact]
    public void ALostLiftUpEndsTheStrokeAfterThePenUpTimeout()
    {
        var settings = new AppSettings();
        var s = new AppSession(Model, settings);
        s.Draw(Strokes.Seven(), liftUp: false);
        Assert.Equal(AppState.Drawing, s.App.State);

        s.Tick(settings.PenUpTimeoutMs);
        Assert.Equal(AppState.WaitingForIdle, s.App.State);
        s.Wait(settings.IdleDelayMs + 50);
        Assert.Single(s.Log.Recognitions);
    }

    [Fact]
    public void TheModeButtonShowsTheModeAndReRecognizesTheInk()
    {
        var s = new AppSession(Model);
        Assert.Contains("SINGLE", s.Screen.TextsSince(0));
        s.Draw(Strokes.Seven());
        s.Wait(600);
        int mark = s.Screen.Mark();

        s.Tap(AppButton.Mode);
        Assert.Contains("MULTI", s.Screen.TextsSince(mark));
        Assert.Equal(AppState.Recognizing, s.App.State);
        s.Wait(100);
        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Equal(2, s.Log.Recognitions.Count());
    }

    [Fact]
    public void HardwareButtonsActLikeTheScreenButtons()
    {
        var s = new AppSession(Model);
        s.Draw(Strokes.Seven());
        s.App.PostButton(AppButton.Clear, s.Now);
        s.Tick();
        Assert.Equal(0, s.App.Ink.StrokeCount);
    }
}
