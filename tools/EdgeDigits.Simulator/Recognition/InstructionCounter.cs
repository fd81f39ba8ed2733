using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>
/// Counts the IL instructions and calls one inference executes, with <c>edgedigits bench</c>'s instrumented copy of
/// the runtime (<see cref="InstrumentedRuntime"/>): the count the nanoFramework interpreter would dispatch for that
/// very input. Building the instrumented runtime compiles the runtime sources once (seconds), so it starts in the
/// background; until it is ready, <see cref="TryCount"/> returns null and the page shows "n/a".
/// </summary>
public sealed class InstructionCounter : IDisposable
{
    private readonly object _gate = new();
    private readonly Task<InstrumentedRuntime?> _runtime;

    /// <summary>Starts building the instrumented runtime for <paramref name="model"/> in the background.</summary>
    /// <param name="model">The model the counts are for.</param>
    public InstructionCounter(Int8Network model)
    {
        _runtime = Task.Run(() =>
        {
            try
            {
                return new InstrumentedRuntime(model);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or BadImageFormatException)
            {
                FailureReason = ex.Message;
                return null;
            }
        });
    }

    /// <summary>Why counting is unavailable, or null.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Waits until the instrumented runtime is built (or failed).</summary>
    /// <returns>True when counting is available.</returns>
    public async Task<bool> WhenReadyAsync()
    {
        return await _runtime is not null;
    }

    /// <summary>Counts one inference, or returns null while the instrumented runtime is still being built.</summary>
    /// <param name="pixels">[784] input.</param>
    /// <returns>IL instructions and calls executed by Int8Engine.Run, or null.</returns>
    public (long Instructions, long Calls)? TryCount(byte[] pixels)
    {
        if (!_runtime.IsCompletedSuccessfully || _runtime.Result is not { } runtime)
        {
            return null;
        }

        lock (_gate)
        {
            (_, long instructions, long calls) = runtime.RunFast(pixels);
            return (instructions, calls);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_runtime.IsCompletedSuccessfully)
        {
            _runtime.Result?.Dispose();
        }
    }
}
