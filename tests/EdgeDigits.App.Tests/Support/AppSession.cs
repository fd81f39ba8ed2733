using EdgeDigits.App;
using EdgeDigits.Ink;
using EdgeDigits.Runtime;

namespace EdgeDigits.App.Tests.Support;

/// <summary>
/// Drives a <see cref="DigitApp"/> like the device does, single-threaded: a fake millisecond clock, a UI tick
/// every <see cref="TickMs"/>, touch events posted with timestamps, and the worker's three calls made inline
/// (<see cref="RunWorker"/>) with a fake inference time and free-memory figure.
/// </summary>
public sealed class AppSession
{
    public const int TickMs = 10;
    public const int FakeInferenceMs = 1234;
    public const long FakeFreeBytes = 98765;

    /// <param name="model">The network; <see cref="TestModels.Real"/> gets its generated name and accuracies on the boot
    /// screen, any other model shows its own name with 99.00 % float / 98.90 % int8.</param>
    /// <param name="teachStore">Where teach lines are appended besides the log; null for none.</param>
    public AppSession(Int8Network model, AppSettings? settings = null, bool boot = true, ITeachStore? teachStore = null)
    {
        Model = model;
        Engine = new Int8Engine(model);
        Recognizer = new InkRecognizer(Engine, 6);
        ModelInfo info = ReferenceEquals(model, TestModels.Real) ? TestModels.RealInfo : new ModelInfo(model.Name, 9900, 9890);
        App = new DigitApp(Screen, Recognizer, info, settings, Log, teachStore);
        if (boot)
        {
            App.ShowBootScreen();
            App.FinishBoot(new SelfTestResult(true, SelfTest.OkMessage), 42, Now);
            Touch(TouchKind.Down, 300, 100);   // dismiss the boot screen
            Tick();
        }
    }

    public Int8Network Model { get; }
    public Int8Engine Engine { get; }
    public InkRecognizer Recognizer { get; }
    public DigitApp App { get; }
    public RecordingScreen Screen { get; } = new();
    public RecordingLog Log { get; } = new();
    public long Now { get; private set; } = 1_000_000;

    public void Touch(TouchKind kind, int x, int y) => App.PostTouch(kind, x, y, Now);

    public void Tick(int ms = TickMs)
    {
        Now += ms;
        App.Tick(Now);
    }

    /// <summary>Draws strokes point by point, a tick after every point, without running the worker.</summary>
    public void Draw(int[][] strokes, bool liftUp = true)
    {
        foreach (var stroke in strokes)
        {
            bool first = true;
            foreach (var (x, y) in Strokes.Points(stroke))
            {
                Touch(first ? TouchKind.Down : TouchKind.Move, x, y);
                first = false;
                Tick();
            }

            if (liftUp)
            {
                Touch(TouchKind.Up, 0, 0);
            }

            Tick();
        }
    }

    public void Touch(TouchKind kind, int x, int y, int contact) => App.PostTouch(kind, x, y, contact, Now);

    /// <summary>A finger tap at a screen point (down, up, one tick).</summary>
    public void TapAt(int x, int y)
    {
        Touch(TouchKind.Down, x, y);
        Touch(TouchKind.Up, x, y);
        Tick();
    }

    /// <summary>Taps the teach key of <paramref name="digit"/> at its centre.</summary>
    public void TapKey(int digit) => TapAt(ScreenLayout.KeyX(digit) + ScreenLayout.KeyWidth / 2, ScreenLayout.KeyY(digit) + ScreenLayout.KeyHeight / 2);

    public void Tap(AppButton button)
    {
        Touch(TouchKind.Down, ScreenLayout.ButtonX(button) + 10, ScreenLayout.ButtonY + 10);
        Touch(TouchKind.Up, 0, 0);
        Tick();
    }

    /// <summary>What the device worker does when signalled: take the request, infer, report. False if none was pending.</summary>
    public bool RunWorker()
    {
        if (!App.TakeRecognitionRequest())
        {
            return false;
        }

        App.RunRecognition();
        App.CompleteRecognition(FakeInferenceMs, FakeFreeBytes);
        return true;
    }

    /// <summary>Lets <paramref name="ms"/> pass in ticks, running the worker whenever it has a request.</summary>
    public void Wait(int ms)
    {
        for (int t = 0; t < ms; t += TickMs)
        {
            Tick();
            RunWorker();
        }

        Tick();
    }
}
