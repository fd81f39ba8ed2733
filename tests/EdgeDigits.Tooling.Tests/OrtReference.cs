using Microsoft.ML.OnnxRuntime;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// ONNX Runtime (Microsoft.ML.OnnxRuntime, CPU) as an independent float reference for the importer: one session
/// per model, single-threaded (intra- and inter-op 1, sequential execution) so that every run sums in the same
/// order and gives the same bits. Dispose it to free the native session.
/// </summary>
internal sealed class OrtReference : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();

    /// <summary>Creates the session.</summary>
    /// <param name="model">A serialized ONNX ModelProto with one input and at least one output.</param>
    public OrtReference(byte[] model)
    {
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        try
        {
            _session = new InferenceSession(model, _options);
        }
        catch
        {
            _options.Dispose();
            _run.Dispose();
            throw;
        }

        InputName = _session.InputNames.Single();
        OutputName = _session.OutputNames[0];
    }

    /// <summary>The graph input the session feeds.</summary>
    public string InputName { get; }

    /// <summary>The first graph output, the one returned.</summary>
    public string OutputName { get; }

    /// <summary>Runs the model on one input.</summary>
    /// <param name="input">Row-major values over <paramref name="shape"/>.</param>
    /// <param name="shape">Input shape with the batch of 1, e.g. [1,1,28,28] or NHWC [1,28,28,1].</param>
    /// <returns>A copy of the first output, row-major.</returns>
    public float[] Run(float[] input, int[] shape)
    {
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, shape.Select(d => (long)d).ToArray());
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_run, new[] { InputName }, new[] { value }, new[] { OutputName });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
        _run.Dispose();
    }
}
