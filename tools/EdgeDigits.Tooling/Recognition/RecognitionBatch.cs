using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Recognition;

/// <summary>What <see cref="RecognitionBatch.Run"/> recognizes and how.</summary>
/// <param name="Inputs">Stroke files (.json, .jsonl), images (PNG, PGM) or directories of them.</param>
/// <param name="LabelsFile">Optional <c>name label</c> file for images.</param>
/// <param name="DumpDirectory">When set, each normalized 28×28 input is written there as a PNG.</param>
/// <param name="MultiDigit">Split drawings and images into digits (true) or read each as one digit.</param>
/// <param name="Writers">Which writers' drawings to read (<see cref="WriterSplit"/>); images have no writer and are read only under All.</param>
public sealed record RecognitionBatchOptions(IReadOnlyList<string> Inputs, string? LabelsFile, string? DumpDirectory, bool MultiDigit, WriterSubset Writers = WriterSubset.All);

/// <summary>Totals of a batch.</summary>
/// <param name="Recognized">Samples recognized.</param>
/// <param name="Failed">Samples (or files, or label lines) that could not be read.</param>
/// <param name="Accuracy">Accuracy over the labelled samples.</param>
/// <param name="ByFile">Accuracy per input file (stroke file or image), ordinal order of the path.</param>
/// <param name="ByWriter">Accuracy per writer (<see cref="WriterSplit.WriterOf"/> of the drawing ids), ordinal order; drawings without an id are not counted here.</param>
public sealed record RecognitionSummary(int Recognized, int Failed, AccuracyTally Accuracy,
    IReadOnlyDictionary<string, AccuracyTally>? ByFile = null, IReadOnlyDictionary<string, AccuracyTally>? ByWriter = null);

/// <summary>
/// The engine of <c>edgedigits recognize</c>: walks the inputs, recognizes each sample, prints one JSON line per
/// sample to <c>output</c> and each error (naming file and line) to <c>errors</c>, and keeps going after a bad
/// sample. Directory entries are taken in ordinal name order, not recursively.
/// </summary>
/// <remarks>
/// JSON line: <c>{"source":"a.jsonl:3","id":"…","digits":"42","label":"42","correct":true,"perDigit":[{"digit":4,
/// "confidence":981,"top":[4,9,1],"topConfidence":[981,12,3],"box":[left,top,right,bottom],"unsure":false}, …]}</c>;
/// boxes are inclusive, in canvas pixels for strokes and image pixels for images; <c>label</c> and <c>correct</c>
/// only when a label exists, <c>id</c> only when the drawing has one.
/// </remarks>
public static class RecognitionBatch
{
    /// <summary>Stroke file extensions.</summary>
    public static readonly string[] StrokeExtensions = { ".json", ".jsonl" };

    /// <summary>Runs the batch.</summary>
    /// <param name="service">The recognizer.</param>
    /// <param name="options">Inputs and options.</param>
    /// <param name="output">Receives one JSON line per recognized sample.</param>
    /// <param name="errors">Receives one line per error.</param>
    /// <returns>The totals.</returns>
    public static RecognitionSummary Run(DigitRecognitionService service, RecognitionBatchOptions options, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        int recognized = 0, failed = 0, dumped = 0;
        var tally = new AccuracyTally();
        var byFile = new SortedDictionary<string, AccuracyTally>(StringComparer.Ordinal);
        var byWriter = new SortedDictionary<string, AccuracyTally>(StringComparer.Ordinal);
        LabelsFile? labels = null;
        if (options.LabelsFile != null)
        {
            try
            {
                labels = LabelsFile.Read(options.LabelsFile);
                foreach (string e in labels.Errors)
                {
                    errors.WriteLine("error: " + e);
                    failed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An InputFileException's message names the file already: its Problem alone follows the name.
                string problem = e is InputFileException input ? input.Problem : UserText.Escape(e.Message, 200);
                errors.WriteLine($"error: {UserText.Escape(options.LabelsFile, 200)}: cannot read labels: {problem}");
                failed++;
            }
        }

        if (options.DumpDirectory != null)
        {
            Directory.CreateDirectory(options.DumpDirectory);
        }

        foreach (string path in ExpandInputs(options.Inputs, errors, ref failed))
        {
            if (StrokeExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            {
                foreach (StrokeFileEntry entry in StrokeFileReader.Read(path))
                {
                    if (entry.Sample == null)
                    {
                        errors.WriteLine("error: " + entry.Error);
                        failed++;
                        continue;
                    }

                    if (WriterSplit.Includes(entry.Sample.Id, options.Writers))
                    {
                        Report(service.Recognize(entry.Sample, options.MultiDigit), path);
                    }
                }
            }
            else if (options.Writers == WriterSubset.All)
            {
                RecognitionResult result;
                try
                {
                    GrayImage image = ImageLoader.Load(path);
                    result = service.Recognize(image, path, labels?.Find(path), options.MultiDigit);
                }
                catch (ImageFormatException e)
                {
                    errors.WriteLine("error: " + e.Message);
                    failed++;
                    continue;
                }

                Report(result, path);
            }
        }

        return new RecognitionSummary(recognized, failed, tally, byFile, byWriter);

        void Report(RecognitionResult result, string file)
        {
            recognized++;
            if (result.Label != null)
            {
                tally.Add(result.Text, result.Label);
                Tally(byFile, file).Add(result.Text, result.Label);
                string? writer = WriterSplit.WriterOf(result.Id);
                if (writer != null)
                {
                    Tally(byWriter, writer).Add(result.Text, result.Label);
                }
            }

            output.WriteLine(ToJson(result));
            if (options.DumpDirectory != null)
            {
                for (int d = 0; d < result.Digits.Count; d++)
                {
                    string name = $"{dumped:D5}-{Sanitize(result.Source)}-d{d}.png";
                    try
                    {
                        PngEncoder.SaveGray(new GrayImage(28, 28, result.Digits[d].Input), Path.Combine(options.DumpDirectory, name));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        errors.WriteLine($"error: {UserText.Escape(result.Source, 200)}: cannot write the dump {UserText.Escape(name, 200)}: {UserText.Escape(e.Message, 200)}");
                        failed++;
                    }
                }

                dumped++;
            }
        }
    }

    /// <summary>Formats one result as a single JSON line (see the class remarks).</summary>
    public static string ToJson(RecognitionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("source", result.Source);
            if (result.Id != null)
            {
                json.WriteString("id", result.Id);
            }

            json.WriteString("digits", result.Text);
            if (result.Label != null)
            {
                json.WriteString("label", result.Label);
                json.WriteBoolean("correct", result.Text == result.Label);
            }

            json.WriteStartArray("perDigit");
            foreach (DigitResult d in result.Digits)
            {
                json.WriteStartObject();
                json.WriteNumber("digit", d.Digit);
                json.WriteNumber("confidence", d.Confidence);
                json.WriteStartArray("top");
                foreach (int t in d.Top)
                {
                    json.WriteNumberValue(t);
                }

                json.WriteEndArray();
                json.WriteStartArray("topConfidence");
                foreach (int c in d.TopConfidence)
                {
                    json.WriteNumberValue(c);
                }

                json.WriteEndArray();
                json.WriteStartArray("box");
                foreach (double v in new[] { d.Left, d.Top0, d.Right, d.Bottom })
                {
                    json.WriteNumberValue(Math.Round(v, 1));
                }

                json.WriteEndArray();
                json.WriteBoolean("unsure", d.Unsure);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static AccuracyTally Tally(SortedDictionary<string, AccuracyTally> tallies, string key)
    {
        if (!tallies.TryGetValue(key, out AccuracyTally? t))
        {
            tallies[key] = t = new AccuracyTally();
        }

        return t;
    }

    /// <summary>
    /// Formats one line per file or writer, e.g. <c>  core2/s0012: 97.0% exact (97/100), 98.1% per digit (157/160)</c>,
    /// worst first (then by name), at most <paramref name="max"/> lines plus one saying how many were left out.
    /// </summary>
    /// <param name="tallies">Per-file or per-writer tallies.</param>
    /// <param name="max">Most lines.</param>
    /// <returns>The lines.</returns>
    public static IEnumerable<string> FormatBreakdown(IReadOnlyDictionary<string, AccuracyTally> tallies, int max = 50)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var ordered = tallies.OrderBy(t => t.Value.ExactMatchRate).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var (key, a) in ordered.Take(max))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {UserText.Escape(key, 120)}: {100 * a.ExactMatchRate:F1}% exact ({a.ExactMatches}/{a.Samples}), {100 * a.DigitRate:F1}% per digit ({a.CorrectDigits}/{a.Digits})");
        }

        if (ordered.Count > max)
        {
            yield return $"  ... and {ordered.Count - max} more";
        }
    }

    /// <summary>Formats the end-of-run summary line, e.g. <c>accuracy: 97.0% exact (97/100), 98.1% per digit (157/160); 0 failed</c>.</summary>
    public static string FormatSummary(RecognitionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        AccuracyTally a = summary.Accuracy;
        string accuracy = a.Samples == 0
            ? "accuracy: no labels"
            : string.Create(CultureInfo.InvariantCulture,
                $"accuracy: {100 * a.ExactMatchRate:F1}% exact ({a.ExactMatches}/{a.Samples}), {100 * a.DigitRate:F1}% per digit ({a.CorrectDigits}/{a.Digits})");
        return $"{summary.Recognized} recognized, {summary.Failed} failed; {accuracy}";
    }

    private static IEnumerable<string> ExpandInputs(IReadOnlyList<string> inputs, TextWriter errors, ref int failed)
    {
        var files = new List<string>();
        foreach (string input in inputs)
        {
            InputFile.Kind kind = InputFile.Classify(input);
            if (kind == InputFile.Kind.Directory)
            {
                List<string> entries;
                try
                {
                    entries = Directory.EnumerateFiles(input)
                        .Where(f => ImageLoader.IsImagePath(f) || StrokeExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                        .OrderBy(f => f, StringComparer.Ordinal)
                        .ToList();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.WriteLine($"error: {UserText.Escape(input, 200)}: cannot list the directory: {UserText.Escape(e.Message, 200)}");
                    failed++;
                    continue;
                }

                foreach (string entry in entries)
                {
                    if (InputFile.Problem(entry) is { } problem)
                    {
                        errors.WriteLine($"error: {UserText.Escape(entry, 200)}: {problem}");
                        failed++;
                    }
                    else
                    {
                        files.Add(entry);
                    }
                }
            }
            else if (InputFile.Problem(input) is { } problem)
            {
                errors.WriteLine($"error: {UserText.Escape(input, 200)}: {(kind == InputFile.Kind.Missing ? "no such file or directory" : problem)}");
                failed++;
            }
            else
            {
                files.Add(input);
            }
        }

        return files;
    }

    /// <summary>Longest sanitized source kept in a dump file name, so that the name stays far below the 255-byte file name limit.</summary>
    private const int MaxDumpNameChars = 100;

    private static string Sanitize(string source)
    {
        var name = new StringBuilder();
        string file = Path.GetFileName(source.Replace(':', '-'));
        if (file.Length > MaxDumpNameChars)
        {
            // Keep the end: it holds the extension and the line number that tell drawings apart.
            file = file[^MaxDumpNameChars..];
        }

        foreach (char c in file)
        {
            name.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return name.ToString();
    }
}
