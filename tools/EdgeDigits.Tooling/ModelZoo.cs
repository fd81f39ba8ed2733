namespace EdgeDigits.Tooling;

/// <summary>
/// The networks shipped in <c>models/</c> (model cards: models/MODEL_CARD.md, models/ZOO.md), by name, and the rule that
/// turns a <c>--model</c> value into ONNX files: a name, "all", or a path.
/// </summary>
public static class ModelZoo
{
    /// <summary>The five networks, in the order of the comparison table.</summary>
    public static readonly string[] Names = { "lenet5", "mlp", "simple-cnn", "keras-cnn", "linear" };

    /// <summary>Resolves <c>--model</c> values.</summary>
    /// <param name="values">Names (<see cref="Names"/>), "all", or ONNX paths; none means the shipped LeNet-5.</param>
    /// <returns>Full paths of the ONNX files, in order, without duplicates.</returns>
    /// <exception cref="FileNotFoundException">A value is neither a known name nor an existing file; the message lists the names.</exception>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string>? values)
    {
        if (values == null || values.Count == 0)
        {
            values = new[] { "lenet5" };
        }

        var paths = new List<string>();
        foreach (string value in values)
        {
            IEnumerable<string> names = value == "all" ? Names : new[] { value };
            foreach (string name in names)
            {
                string path = Names.Contains(name) ? Path.Combine(RepositoryPaths.FindRoot(), "models", name + ".onnx") : Path.GetFullPath(name);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"--model {name}: no such file; give an ONNX path, one of {string.Join(", ", Names)}, or all.", path);
                }

                if (!paths.Contains(path))
                {
                    paths.Add(path);
                }
            }
        }

        return paths;
    }
}
