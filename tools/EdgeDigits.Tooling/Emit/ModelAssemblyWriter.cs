using System.Text;

namespace EdgeDigits.Tooling.Emit;

/// <summary>
/// Writes the generated files of the model assemblies (EdgeDigits.Model and, for a split model, its parts) after checking
/// nanoFramework's limit on array initializer data per assembly.
/// </summary>
/// <remarks>
/// nanoFramework's metadata processor stores every array initializer blob of an assembly in its signature table,
/// addressed by 16-bit offsets, so all such data of one assembly must stay below 64 KB
/// (docs: ../shared/docs/nanoframework-notes.md §0 fact 4; nanoframework/Home#1306). <see cref="ModelSourceWriter"/> splits a
/// larger model across assemblies; this check is the last line.
/// </remarks>
public static class ModelAssemblyWriter
{
    /// <summary>Largest total of array-initializer bytes one nanoFramework assembly can address (16-bit offsets).</summary>
    public const int ArrayDataLimit = 65_535;

    /// <summary>Checks the budget and writes the files under <paramref name="directory"/> (UTF-8 without BOM), creating part folders.</summary>
    /// <param name="directory">firmware/EdgeDigits.Model, or another output directory.</param>
    /// <param name="sources">All generated files.</param>
    /// <returns>Total array-initializer bytes over all assemblies.</returns>
    /// <exception cref="InvalidOperationException">One assembly's files together exceed <see cref="ArrayDataLimit"/>; nothing is written.</exception>
    public static int Write(string directory, IReadOnlyList<GeneratedSource> sources)
    {
        int total = CheckBudget(sources);
        Directory.CreateDirectory(directory);
        foreach (GeneratedSource source in sources)
        {
            string path = Path.Combine(directory, source.FileName.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, source.Text, new UTF8Encoding(false));
        }

        return total;
    }

    /// <summary>Sums the array-initializer bytes per assembly and fails when one passes <see cref="ArrayDataLimit"/>.</summary>
    /// <param name="sources">All generated files.</param>
    /// <returns>Total bytes over all assemblies.</returns>
    /// <exception cref="InvalidOperationException">An assembly's total exceeds the limit; the message names it and lists each file's share.</exception>
    public static int CheckBudget(IReadOnlyList<GeneratedSource> sources)
    {
        foreach (var assembly in sources.Where(s => s.Assembly != null).GroupBy(s => s.Assembly))
        {
            int bytes = assembly.Sum(s => s.ArrayDataBytes);
            if (bytes > ArrayDataLimit)
            {
                string parts = string.Join(", ", assembly.Select(s => $"{s.FileName} {s.ArrayDataBytes:N0}"));
                throw new InvalidOperationException(
                    $"Assembly {assembly.Key} needs {bytes:N0} bytes of array-initializer data ({parts}), more than the {ArrayDataLimit:N0} bytes " +
                    "nanoFramework can address in one assembly (16-bit signature-table offsets).");
            }
        }

        return sources.Sum(s => s.ArrayDataBytes);
    }
}
