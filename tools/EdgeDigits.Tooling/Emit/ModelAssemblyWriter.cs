using System.Text;

namespace EdgeDigits.Tooling.Emit;

/// <summary>
/// Writes the generated files of the EdgeDigits.Model assembly after checking nanoFramework's limit on array
/// initializer data.
/// </summary>
/// <remarks>
/// nanoFramework's metadata processor stores every array initializer blob of an assembly in its signature table,
/// addressed by 16-bit offsets, so all such data of one assembly must stay below 64 KB
/// (docs: ../shared/docs/nanoframework-notes.md §0 fact 4; nanoframework/Home#1306).
/// </remarks>
public static class ModelAssemblyWriter
{
    /// <summary>Largest total of array-initializer bytes one nanoFramework assembly can address (16-bit offsets).</summary>
    public const int ArrayDataLimit = 65_535;

    /// <summary>Checks the budget and writes the files into <paramref name="directory"/> (UTF-8 without BOM).</summary>
    /// <param name="directory">firmware/EdgeDigits.Model.</param>
    /// <param name="sources">All generated files of the assembly.</param>
    /// <returns>Total array-initializer bytes.</returns>
    /// <exception cref="InvalidOperationException">The files together exceed <see cref="ArrayDataLimit"/>; nothing is written.</exception>
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

    /// <summary>Sums the array-initializer bytes and fails when they pass <see cref="ArrayDataLimit"/>.</summary>
    /// <param name="sources">All generated files of the assembly.</param>
    /// <returns>Total bytes over all assemblies.</returns>
    /// <exception cref="InvalidOperationException">One assembly's total exceeds the limit; the message lists each file's share.</exception>
    public static int CheckBudget(IReadOnlyList<GeneratedSource> sources)
    {
        int total = sources.Sum(s => s.ArrayDataBytes);
        if (total > ArrayDataLimit)
        {
            string parts = string.Join(", ", sources.Select(s => $"{s.FileName} {s.ArrayDataBytes:N0}"));
            throw new InvalidOperationException(
                $"The generated arrays need {total:N0} bytes of array-initializer data ({parts}), more than the {ArrayDataLimit:N0} bytes " +
                "nanoFramework can address in one assembly (16-bit signature-table offsets). Use a smaller model or split the arrays across assemblies.");
        }

        return total;
    }
}
