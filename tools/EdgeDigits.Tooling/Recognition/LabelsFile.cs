using System.Text;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Recognition;

/// <summary>
/// A labels file for images: one <c>name label</c> pair per line (whitespace-separated), where name is an image's
/// file name (or its path as given) and label a string of digits, held to the label rule of stroke files
/// (<see cref="StrokeValidator.LabelProblem"/>: at most 64 digits by default). Blank lines and lines starting with <c>#</c> are skipped.
/// </summary>
public sealed class LabelsFile
{
    private readonly Dictionary<string, string> _labels;

    private LabelsFile(Dictionary<string, string> labels, List<string> errors)
    {
        _labels = labels;
        Errors = errors;
    }

    /// <summary>Malformed lines, each message starting with <c>file:line:</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Number of labels read.</summary>
    public int Count => _labels.Count;

    /// <summary>
    /// Reads a labels file; malformed lines are collected in <see cref="Errors"/> and skipped. The limits of stroke
    /// files hold (<see cref="StrokeFileLimits"/>: the file's size, and each label is checked by
    /// <see cref="StrokeValidator.LabelProblem"/>), and user text in an error is escaped and cut (<see cref="UserText.Escape"/>).
    /// </summary>
    /// <param name="path">The file (UTF-8).</param>
    /// <param name="limits">Limits; <see cref="StrokeFileLimits.Default"/> when null.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="InputFileException">The file is missing, not a regular file, or over the size limit.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static LabelsFile Read(string path, StrokeFileLimits? limits = null)
    {
        limits ??= StrokeFileLimits.Default;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        string file = UserText.Escape(path, 200);
        int line = 0;
        using var reader = new StringReader(new UTF8Encoding(false).GetString(InputFile.ReadAllBytes(path, limits.MaxFileBytes)).TrimStart('\uFEFF'));
        for (string? text = reader.ReadLine(); text != null; text = reader.ReadLine())
        {
            line++;
            string trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            string[] parts = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                errors.Add($"{file}:{line}: expected 'name label', found {parts.Length} fields");
                continue;
            }

            string name = UserText.Escape(parts[0], 200);
            if (StrokeValidator.LabelProblem(parts[1], limits) is { } problem)
            {
                errors.Add($"{file}:{line}: label of {name}: {problem}");
                continue;
            }

            if (!labels.TryAdd(parts[0], parts[1]))
            {
                errors.Add($"{file}:{line}: {name} is labelled twice");
            }
        }

        return new LabelsFile(labels, errors);
    }

    /// <summary>The label of an image: looked up by the path as given, then by its file name.</summary>
    public string? Find(string imagePath) =>
        _labels.TryGetValue(imagePath, out string? label) || _labels.TryGetValue(Path.GetFileName(imagePath), out label) ? label : null;
}
