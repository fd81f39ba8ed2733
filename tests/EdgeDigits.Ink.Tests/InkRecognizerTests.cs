using EdgeDigits.Ink;
using EdgeDigits.Model;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Recognition;

namespace EdgeDigits.Ink.Tests;

public class InkRecognizerTests
{
    private static readonly Int8Network Shipped = LeNet5Model.Create();

    [Theory]
    [InlineData("four", 4)]
    [InlineData("five", 5)]
    [InlineData("two", 2)]
    [InlineData("one", 1)]
    [InlineData("seven", 7)]
    [InlineData("zero", 0)]
    public void Recognizes_hand_made_digits_with_the_shipped_model(string name, int digit)
    {
        double[][] shape = name switch
        {
            "four" => InkDrawing.Four,
            "five" => InkDrawing.Five,
            "two" => InkDrawing.Two,
            "one" => InkDrawing.One,
            "seven" => InkDrawing.SevenCrossed,
            _ => InkDrawing.Zero,
        };
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        Assert.Equal(1, recognizer.Recognize(InkDrawing.Draw(shape, 60, 30, 170), multiDigit: false));
        RecognizedDigit d = recognizer.GetDigit(0);
        Assert.Equal(digit, d.Digit);
        Assert.Equal(d.Digit, d.Top[0]);
        Assert.Equal(d.Confidence, d.TopConfidence[0]);
        Assert.True(d.TopConfidence[0] >= d.TopConfidence[1] && d.TopConfidence[1] >= d.TopConfidence[2]);
    }

    [Fact]
    public void Reads_a_multi_digit_drawing_left_to_right_with_boxes_and_inputs()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Two, 200, 40, 120);
        InkDrawing.Draw(InkDrawing.Four, 40, 40, 120, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);

        Assert.Equal(2, recognizer.Recognize(ink, multiDigit: true));
        Assert.Equal(4, recognizer.GetDigit(0).Digit);
        Assert.Equal(2, recognizer.GetDigit(1).Digit);
        RecognizedDigit four = recognizer.GetDigit(0);
        Assert.Equal((52, 40, 136, 160), (four.BoxLeft, four.BoxTop, four.BoxRight, four.BoxBottom));
        Assert.Equal(2, four.StrokeCount);

        // The input is exactly what the normalizer makes of the 4's strokes alone.
        byte[] alone = InkDrawing.Normalize(InkDrawing.Draw(InkDrawing.Four, 40, 40, 120));
        Assert.Equal(alone, four.Input);
    }

    [Fact]
    public void An_empty_drawing_gives_no_digit()
    {
        var recognizer = new InkRecognizer(new Int8Engine(RandomLeNet5.Create(3)), 4);
        Assert.Equal(0, recognizer.Recognize(new StrokeBuffer(16, 4), true));
        Assert.Equal(0, recognizer.Recognize(new StrokeBuffer(16, 4), false));
        Assert.Contains("out of range", Assert.Throws<ArgumentOutOfRangeException>(() => recognizer.GetDigit(0)).Message);
    }

    [Fact]
    public void A_tap_is_reported_unsure()
    {
        var ink = new StrokeBuffer(16, 4);
        ink.BeginStroke();
        ink.AddPoint(10, 10);
        ink.EndStroke();
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4) { UnsureThreshold = 0 };
        Assert.Equal(1, recognizer.Recognize(ink, true));
        Assert.True(recognizer.GetDigit(0).IsUnsure);
    }

    [Fact]
    public void The_unsure_flag_follows_the_threshold()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Four, 60, 30, 170);
        var recognizer = new InkRecognizer(new Int8Engine(Shipped), 4);
        recognizer.Recognize(ink, false);
        int confidence = recognizer.GetDigit(0).Confidence;
        recognizer.UnsureThreshold = confidence;
        recognizer.Recognize(ink, false);
        Assert.False(recognizer.GetDigit(0).IsUnsure);
        recognizer.UnsureThreshold = confidence + 1;
        recognizer.Recognize(ink, false);
        Assert.True(recognizer.GetDigit(0).IsUnsure);
    }

    [Fact]
    public void Recognizing_allocates_nothing()
    {
        StrokeBuffer ink = InkDrawing.Draw(InkDrawing.Two, 200, 40, 120);
        InkDrawing.Draw(InkDrawing.Four, 40, 40, 120, into: ink);
        var recognizer = new InkRecognizer(new Int8Engine(RandomLeNet5.Create(1)), 4);
        recognizer.Recognize(ink, true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        recognizer.Recognize(ink, true);
        recognizer.Recognize(ink, false);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Constructor_validates_its_arguments()
    {
        Assert.Equal("engine", Assert.Throws<ArgumentNullException>(() => new InkRecognizer(null!, 4)).ParamName);
        Assert.Contains("maxDigits must be at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => new InkRecognizer(new Int8Engine(RandomLeNet5.Create(1)), 0)).Message);
    }
}
