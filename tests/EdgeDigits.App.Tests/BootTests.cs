using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;
using EdgeDigits.Model;
using EdgeDigits.Runtime;

namespace EdgeDigits.App.Tests;

public class BootTests
{
    /// <summary>For the self-test's comparison mechanics, which must hold for any valid model.</summary>
    private static readonly Int8Network Model = TestModels.Random();

    [Fact]
    public void TheDeviceBootsTheGeneratedModelAndItsGoldenVectorPassesTheSelfTest()
    {
        var s = new AppSession(TestModels.Real, boot: false);
        GoldenVector golden = TestModels.RealGolden();

        s.App.ShowBootScreen();
        Assert.Contains(LeNet5Model.Name, s.Screen.TextsSince(0));

        // The generated vector (MNIST test image, traced through the reference kernels by the tool) replays bit-exactly
        // through the product engine, layer by layer, and is a digit the int8 model gets right.
        SelfTestResult result = SelfTest.Run(s.Engine, golden);
        Assert.True(result.Passed, result.Message);
        Assert.Equal("model OK", result.Message);
        Assert.Equal(LeNet5Golden.Label, LeNet5Golden.PredictedClass);

        s.App.FinishBoot(result, 2345, s.Now);
        Assert.Contains("MODEL OK  2345 MS", s.Screen.TextsSince(0));
        Assert.Contains("selftest ok ms=2345 detail=model_OK", s.Log.Lines);
        s.Tick(1600);
        Assert.Equal(AppState.Ready, s.App.State);
    }

    [Fact]
    public void TheBootScreenShowsTheModelAndTheSelfTestPassesOnAGoldenVectorFromTheReferenceKernels()
    {
        var s = new AppSession(Model, boot: false);
        var golden = TestModels.Golden(Model, TestModels.RandomPixels(3));

        s.App.ShowBootScreen();
        Assert.Equal(AppState.Booting, s.App.State);
        Assert.Contains("Random LeNet-5", s.Screen.TextsSince(0));
        Assert.Contains("INT8 ACC 98.90%", s.Screen.TextsSince(0));
        Assert.Contains("FLOAT ACC 99.00%", s.Screen.TextsSince(0));
        Assert.Contains("SELF-TEST...", s.Screen.TextsSince(0));

        SelfTestResult result = SelfTest.Run(s.Engine, golden);
        Assert.True(result.Passed, result.Message);
        Assert.Equal("model OK", result.Message);

        s.App.FinishBoot(result, 2345, s.Now);
        Assert.Contains("MODEL OK  2345 MS", s.Screen.TextsSince(0));
        Assert.Contains("selftest ok ms=2345 detail=model_OK", s.Log.Lines);
        s.Tick(1000);
        Assert.Equal(AppState.Booting, s.App.State);
        s.Tick(600);
        Assert.Equal(AppState.Ready, s.App.State);
        Assert.Contains("DRAW A DIGIT ON THE PAD", string.Join(" ", s.Screen.TextsSince(0)));
    }

    [Fact]
    public void ACorruptedGoldenVectorFailsTheSelfTestClearlyAndTheAppRefusesToRecognize()
    {
        var s = new AppSession(TestModels.Real, boot: false);
        GoldenVector golden = TestModels.RealGolden();   // a copy: the generated arrays stay intact
        sbyte[] fc1 = golden.LayerOutputs[4];
        int index = Array.FindIndex(fc1, v => v != 127);
        sbyte expected = fc1[index];
        fc1[index]++;

        s.App.ShowBootScreen();
        SelfTestResult result = SelfTest.Run(s.Engine, golden);

        Assert.False(result.Passed);
        Assert.Equal("fc1[" + index + "] = " + expected + ", expected " + (expected + 1), result.Message);
        s.App.FinishBoot(result, 100, s.Now);
        Assert.Equal(AppState.SelfTestFailed, s.App.State);
        Assert.Contains("SELF-TEST FAILED", s.Screen.TextsSince(0));
        Assert.Contains(s.Log.Lines, l => l.StartsWith("selftest FAILED ms=100 detail=fc1[", StringComparison.Ordinal));

        s.Draw(Strokes.Seven());
        s.Wait(2000);
        Assert.Equal(AppState.SelfTestFailed, s.App.State);
        Assert.Equal(0, s.App.Ink.StrokeCount);
        Assert.Empty(s.Log.Recognitions);
    }

    [Theory]
    [InlineData("pool1")]
    [InlineData("pool2")]
    [InlineData("fc1")]
    [InlineData("fc2")]
    [InlineData("fc3")]
    [InlineData("confidence")]
    public void EveryStepOutputIsCompared(string layer)
    {
        // The engine's steps end at pool1, pool2, fc1, fc2 and fc3 (the logits); conv1 and conv2 are fused into the pools.
        var golden = TestModels.Golden(Model, TestModels.RandomPixels(5));
        if (layer == "confidence")
        {
            golden.Confidences[9] += 1;
        }
        else
        {
            golden.LayerOutputs[Array.IndexOf(Model.LayerNames, layer)][3] ^= 1;
        }

        SelfTestResult result = SelfTest.Run(new Int8Engine(Model), golden);
        Assert.False(result.Passed);
        Assert.StartsWith(layer + "[", result.Message);
    }

    [Fact]
    public void AGoldenVectorOfTheWrongLengthIsReportedAsSuch()
    {
        var good = TestModels.Golden(Model, TestModels.RandomPixels(6));
        sbyte[][] outputs = (sbyte[][])good.LayerOutputs.Clone();
        outputs[3] = outputs[3][..255];
        var bad = new GoldenVector(0, 1, good.PredictedClass, good.Input, outputs, good.Confidences);

        SelfTestResult result = SelfTest.Run(new Int8Engine(Model), bad);
        Assert.Equal("golden pool2 has 255 values, expected 256", result.Message);
    }

    [Fact]
    public void AWrongPredictionIsReported()
    {
        var good = TestModels.Golden(Model, TestModels.RandomPixels(7));
        int wrong = (good.PredictedClass + 1) % 10;
        var bad = new GoldenVector(0, 1, wrong, good.Input, good.LayerOutputs, good.Confidences);

        Assert.Equal("predicted " + good.PredictedClass + ", expected " + wrong, SelfTest.Run(new Int8Engine(Model), bad).Message);
    }
}
