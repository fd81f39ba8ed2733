using System.Security.Cryptography;
using System.Text;

namespace EdgeDigits.Tooling.PenDigits;

/// <summary>Which writers of a stroke file a command reads.</summary>
public enum WriterSubset
{
    /// <summary>Every drawing.</summary>
    All,

    /// <summary>Drawings of training writers only (<see cref="WriterSplit.IsValidationWriter"/> false).</summary>
    Train,

    /// <summary>Drawings of validation writers only (<see cref="WriterSplit.IsValidationWriter"/> true).</summary>
    Validation,
}

/// <summary>
/// The project's deterministic split of real handwriting by <b>writer</b>, never by drawing: digits of one writer
/// are alike, so holding out random drawings would overstate accuracy on people the model has not seen.
/// </summary>
/// <remarks>
/// <para>Rule (the same in <c>tools/train/train_lenet5.py</c>):</para>
/// <list type="number">
/// <item>The writer of a drawing is its <c>id</c> up to (not including) the last <c>/</c>:
/// <c>unipen-1a/aga/amywldrp/73</c> → <c>unipen-1a/aga/amywldrp</c>; a teach-mode id <c>core2/s0012/0007</c> →
/// <c>core2/s0012</c>. An id without <c>/</c> is its own writer; a drawing without an id has no writer.</item>
/// <item>A writer is a validation writer when the first four bytes of SHA-256(UTF-8 writer), read as a big-endian
/// unsigned integer, are divisible by 4: about a quarter of any set of writers, and a writer's side never changes
/// when other writers are added to the data.</item>
/// </list>
/// <para>On <c>unipen-1a-dev.jsonl</c> (128 writers, 4,064 digits) this puts 36 writers and 1,112 digits in
/// validation and 92 writers and 2,952 digits in training.</para>
/// </remarks>
public static class WriterSplit
{
    /// <summary>The writer of a drawing id (see the class remarks), or null for a drawing without an id.</summary>
    /// <param name="id">The drawing's <c>id</c>, or null.</param>
    /// <returns>The writer key, or null.</returns>
    public static string? WriterOf(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        int slash = id.LastIndexOf('/');
        return slash <= 0 ? id : id[..slash];
    }

    /// <summary>True when <paramref name="writer"/> belongs to the validation side of the split.</summary>
    /// <param name="writer">A writer key from <see cref="WriterOf"/>.</param>
    /// <returns>Whether the writer is held out for validation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static bool IsValidationWriter(string writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(writer));
        uint head = ((uint)hash[0] << 24) | ((uint)hash[1] << 16) | ((uint)hash[2] << 8) | hash[3];
        return head % 4 == 0;
    }

    /// <summary>Number of distinct writers of <paramref name="subset"/> among the drawings with these ids.</summary>
    /// <param name="ids">Drawing ids (null for a drawing without one).</param>
    /// <param name="subset">The writers wanted.</param>
    /// <returns>The writer count (drawings without a writer are not counted).</returns>
    public static int CountWriters(IEnumerable<string?> ids, WriterSubset subset) =>
        ids.Where(id => Includes(id, subset)).Select(WriterOf).Where(w => w != null).Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// True when a drawing with this id is read under <paramref name="subset"/>. A drawing without an id has no
    /// writer: it is read only under <see cref="WriterSubset.All"/>.
    /// </summary>
    /// <param name="id">The drawing's id, or null.</param>
    /// <param name="subset">The writers wanted.</param>
    /// <returns>Whether the drawing is in the subset.</returns>
    public static bool Includes(string? id, WriterSubset subset)
    {
        if (subset == WriterSubset.All)
        {
            return true;
        }

        string? writer = WriterOf(id);
        return writer != null && IsValidationWriter(writer) == (subset == WriterSubset.Validation);
    }
}
