using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Emit;

/// <summary>
/// Writes the JSON report of a quantization (e.g. models/lenet5.quant.json): source hash, calibration, per-layer
/// scales, zero points, multipliers and shifts, accuracies and the calibration comparison. Deterministic:
/// fixed property order, shortest round-trip number formatting, '\n' line endings.
/// </summary>
public static class QuantReportWriter
{
    /// <summary>Renders the report.</summary>
    /// <param name="outcome">The pipeline outcome.</param>
    /// <returns>JSON text ending in a newline.</returns>
    public static string Write(QuantizeOutcome outcome)
    {
        using var stream = new MemoryStream();
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };
        using (var json = new Utf8JsonWriter(stream, options))
        {
            QuantizedNetwork model = outcome.Model;
            json.WriteStartObject();
            json.WriteString("tool", ToolInfo.Name + " " + ToolInfo.Version);
            json.WriteString("source", Path.GetFileName(outcome.Request.ModelPath));
            json.WriteString("sourceSha256", outcome.SourceSha256);
            json.WriteString("scheme", "TFLite int8: weights symmetric per output channel [-127,127]; activations asymmetric per tensor; int32 bias with input zero point folded in; Q0.31 multiplier + shift (positive = left)");
            json.WriteStartObject("input");
            json.WriteNumber("scale", NetworkQuantizer.InputScale);
            json.WriteNumber("zeroPoint", -128);
            json.WriteString("note", "int8 input = pixel - 128 exactly; the normalization's -1 is folded into conv1's bias");
            json.WriteEndObject();

            json.WriteStartObject("calibration");
            json.WriteString("method", Names.Of(model.Calibration.Method));
            json.WriteNumber("images", model.Calibration.ImageCount);
            json.WriteString("selection", "training images i*floor(50000/images), i = 0..images-1");
            json.WriteStartArray("ranges");
            foreach (ActivationRange r in model.Calibration.Ranges)
            {
                json.WriteStartObject();
                json.WriteString("tensor", r.Name);
                json.WriteNumber("observedMin", r.ObservedMin);
                json.WriteNumber("observedMax", r.ObservedMax);
                json.WriteNumber("min", r.Min);
                json.WriteNumber("max", r.Max);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartArray("layers");
            foreach (QuantizedLayerInfo layer in model.Layers)
            {
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                json.WriteString("onnxNode", layer.SourceNode);
                json.WriteNumber("inputScale", layer.InputScale);
                json.WriteNumber("inputZeroPoint", layer.InputZeroPoint);
                json.WriteNumber("outputScale", layer.OutputScale);
                json.WriteNumber("outputZeroPoint", layer.OutputZeroPoint);
                json.WriteBoolean("relu", layer.Relu);
                WriteArray(json, "weightScales", layer.WeightScales);
                WriteArray(json, "realMultipliers", layer.RealMultipliers);
                WriteArray(json, "multipliers", layer.Multipliers);
                WriteArray(json, "shifts", layer.Shifts);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("logitScale", model.LogitScale);
            json.WriteNumber("softmaxTemperature", model.Temperature);
            if (outcome.Confidence is { } fit)
            {
                json.WriteStartObject("confidenceCalibration");
                json.WriteString("method", "temperature scaling (Guo et al. 2017), NLL on real pen digits of the validation writers");
                json.WriteNumber("writers", fit.Writers);
                json.WriteNumber("digits", fit.Digits);
                json.WriteNumber("eceBefore", Math.Round(fit.EceBefore, 5));
                json.WriteNumber("eceAfter", Math.Round(fit.EceAfter, 5));
                json.WriteNumber("nllBefore", Math.Round(fit.NllBefore, 5));
                json.WriteNumber("nllAfter", Math.Round(fit.NllAfter, 5));
                json.WriteEndObject();
            }

            json.WriteStartObject("accuracy");
            json.WriteNumber("testImages", outcome.FloatReport.Total);
            json.WriteNumber("floatBasisPoints", outcome.FloatReport.AccuracyBasisPoints);
            json.WriteNumber("int8BasisPoints", outcome.Int8Report.AccuracyBasisPoints);
            json.WriteNumber("floatCorrect", outcome.FloatReport.Correct);
            json.WriteNumber("int8Correct", outcome.Int8Report.Correct);
            int[] disagreements = outcome.Disagreements;
            json.WriteNumber("disagreements", disagreements.Length);
            WriteArray(json, "disagreementIndices", disagreements);
            json.WriteEndObject();

            json.WriteStartArray("calibrationComparison");
            foreach (CalibrationComparison c in outcome.Comparisons)
            {
                json.WriteStartObject();
                json.WriteString("method", Names.Of(c.Method));
                if (c.ValidationImages > 0)
                {
                    json.WriteNumber("validationBasisPoints", c.ValidationAccuracyBasisPoints);
                }

                json.WriteNumber("testBasisPoints", c.TestAccuracyBasisPoints);
                json.WriteNumber("testDisagreementsWithFloat", c.TestDisagreements);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("generated");
            foreach (GeneratedSource s in outcome.Sources)
            {
                json.WriteNumber(s.FileName, s.ArrayDataBytes);
            }

            json.WriteNumber("arrayDataBytes", outcome.ArrayDataBytes);
            json.WriteNumber("arrayDataLimit", ModelAssemblyWriter.ArrayDataLimit);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteArray(Utf8JsonWriter json, string name, double[] values)
    {
        json.WriteStartArray(name);
        foreach (double v in values)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, int[] values)
    {
        json.WriteStartArray(name);
        foreach (int v in values)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
    }
}
