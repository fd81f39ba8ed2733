using System.Reflection;
using System.Runtime.Loader;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// An <see cref="IlCounter"/>-instrumented assembly loaded into its own collectible <see cref="AssemblyLoadContext"/>,
/// with access to its execution counters.
/// </summary>
public sealed class InstrumentedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly FieldInfo _instructions;
    private readonly FieldInfo _calls;

    /// <summary>Instruments and loads the assembly image.</summary>
    /// <param name="image">PE bytes of the assembly to measure.</param>
    public InstrumentedAssembly(byte[] image)
    {
        _context = new AssemblyLoadContext("il-counting", isCollectible: true);
        using var stream = new MemoryStream(IlCounter.Instrument(image));
        Assembly = _context.LoadFromStream(stream);
        var counters = Assembly.GetType(IlCounter.CounterNamespace + "." + IlCounter.CounterTypeName, throwOnError: true)!;
        _instructions = counters.GetField(IlCounter.InstructionsField)!;
        _calls = counters.GetField(IlCounter.CallsField)!;
    }

    /// <summary>The instrumented assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>IL instructions executed since the last <see cref="Reset"/>.</summary>
    public long Instructions => (long)_instructions.GetValue(null)!;

    /// <summary>Calls (call, callvirt, newobj) executed since the last <see cref="Reset"/>.</summary>
    public long Calls => (long)_calls.GetValue(null)!;

    /// <summary>Sets both counters to zero.</summary>
    public void Reset()
    {
        _instructions.SetValue(null, 0L);
        _calls.SetValue(null, 0L);
    }

    /// <summary>Returns a type of the instrumented assembly by full name.</summary>
    /// <param name="fullName">Namespace-qualified type name.</param>
    /// <returns>The type.</returns>
    public Type GetType(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    /// <inheritdoc />
    public void Dispose() => _context.Unload();
}
