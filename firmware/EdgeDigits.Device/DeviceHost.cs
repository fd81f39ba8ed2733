using System.Threading;
using EdgeDigits.App;
using EdgeDigits.Device.Boards;
using EdgeDigits.Device.Storage;
using EdgeDigits.Ink;
using EdgeDigits.Model;
using EdgeDigits.Runtime;

namespace EdgeDigits.Device
{
    /// <summary>
    /// Composition root shared by the board programs: board → screen → model → engine → recognizer → teach file →
    /// app, boot self-test, touch, worker, and the UI loop.
    /// </summary>
    public static class DeviceHost
    {
        /// <summary>UI tick period, ms (touch arrives every ~10 ms).</summary>
        public const int TickMs = 15;

        /// <summary>Most digits recognized in multi-digit mode.</summary>
        public const int MaxDigits = 6;

        /// <summary>Runs the app on <paramref name="board"/>; never returns.</summary>
        /// <param name="board">The hardware.</param>
        public static void Run(IBoard board)
        {
            var log = new SerialLog();
            log.WriteLine("edgedigits board=" + board.Name + " engine=" + (board.EngineMemory == EngineMemory.Lean ? "lean" : "fast"));
            IScreen screen = board.InitializeDisplay();

            var engine = new Int8Engine(LeNet5Model.Create(), board.EngineMemory);
            var recognizer = new InkRecognizer(engine, MaxDigits);
            var model = new ModelInfo(LeNet5Model.Name, LeNet5Model.FloatAccuracyBasisPoints, LeNet5Model.Int8AccuracyBasisPoints);
            AppSettings settings = board.CreateSettings();
            // No boot counter survives a reset, so each boot is a teach session of its own, named at random.
            settings.TeachWriter = board.ShortName + "/s" + new System.Random().Next(1000000).ToString();
            log.WriteLine("teachwriter=" + settings.TeachWriter);
            // Teach lines also go to a file on the internal flash, when it can be read; the serial log has them anyway.
            FileTeachStore teachFile = FileTeachStore.Open(FileTeachStore.DefaultPath, settings.TeachFileMaxBytes, log);
            var app = new DigitApp(screen, recognizer, model, settings, log, teachFile);

            app.ShowBootScreen();
            if (teachFile != null)
            {
                teachFile.DumpToSerial();   // how the file gets off the board: capture the serial port at boot
            }

            long start = DeviceClock.NowMs();
            SelfTestResult result = SelfTest.Run(engine, Golden());
            long now = DeviceClock.NowMs();
            app.FinishBoot(result, (int)(now - start), now);

            board.StartTouch(app);
            var worker = new InferenceWorker(app);
            worker.Start();
            while (true)
            {
                app.Tick(DeviceClock.NowMs());
                worker.Poll();
                Thread.Sleep(TickMs);
            }
        }

        private static GoldenVector Golden()
        {
            return new GoldenVector(LeNet5Golden.Index, LeNet5Golden.Label, LeNet5Golden.PredictedClass, LeNet5Golden.Input,
                LeNet5Golden.LayerOutputs, LeNet5Golden.Confidences);
        }
    }
}
