namespace EdgeDigits.Tooling.Recognition;

/// <summary>
/// A labels file for images: one <c>name label</c> pair per line (whitespace-separated), where name is an image's
/// file name (or its path as given) and label a string of digits. Blank lines and lines starting with <c>#</c> are skipped.
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

    /// <summary>Reads a labels file; malformed lines are collected in <see cref="Errors"/> and skipped.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LabelsFile Read(string path)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        int line = 0;
        InputFile.RequireRegular(path);
        foreach (string text in File.ReadLines(path))
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
                errors.Add($"{path}:{line}: expected 'name label', found {parts.Length} fields");
                continue;
            }

            if (parts[1].Any(c => c < '0' || c > '9'))
            {
                errors.Add($"{path}:{line}: label \"{parts[1]}\" of {parts[0]} is not a string of digits 0-9");
                continue;
            }

            if (!labels.TryAdd(parts[0], parts[1]))
            {
                errors.Add($"{path}:{line}: {parts[0]} is labelled twice");
            }
        }

        return new LabelsFile(labels, errors);
    }

    /// <summary>The label of an image: looked up by the path as given, then by its file name.</summary>
    public string? Find(string imagePath) =>
        _labels.TryGetValue(imagePath, out string? label) || _labels.TryGetValue(Path.GetFileName(imagePath), out label) ? label : null;
}
