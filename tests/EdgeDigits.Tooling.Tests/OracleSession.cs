using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Oracle;
using Microsoft.ML.OnnxRuntime;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// ONNX Runtime (CPU execution provider) running an int8 oracle graph from <see cref="QdqOnnxExporter"/>: every layer's
/// int8 output for one image. Single-threaded and sequential, so a run does not depend on the machine's core count.
/// </summary>
/// <remarks>
/// <c>GraphOptimizationLevel.ORT_DISABLE_ALL</c> by default: ORT then executes exactly the exported ops. At higher levels
/// its QDQ transformers fuse DequantizeLinear → Gemm → QuantizeLinear into an integer kernel (so the QDQ form would stop
/// being a float oracle) and QLinearConv may be swapped for its channels-last contrib variant. The oracle should be the
/// ONNX op semantics as written, not ORT's rewrite of them; <see cref="OracleTests"/> measures ORT_ENABLE_ALL separately.
/// </remarks>
internal sealed class OracleSession : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly QdqOnnxModel _model;
    private readonly long[] _inputShape;
    private readonly sbyte[] _input;

    public OracleSession(QdqOnnxModel model, Int8Network network, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_DISABLE_ALL)
    {
        _model = model;
        _inputShape = new long[] { 1, network.InputChannels, network.InputHeight, network.InputWidth };
        _input = new sbyte[network.InputLength];
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = level,
        };
        try
        {
            _session = new InferenceSession(model.ToByteArray(), _options);
        }
        catch
        {
            _options.Dispose();
            _run.Dispose();
            throw;
        }
    }

    /// <summary>Runs one image through ORT.</summary>
    /// <param name="pixels">[C·H·W] raw pixels 0..255; the graph input is q = p − 128.</param>
    /// <param name="layerInputs">For an isolated graph: [layers][…] the outputs whose entries 0..layers−2 feed layers 1..layers−1
    /// (our <c>NetworkReference.LayerOutputs</c>); null for a chained graph.</param>
    /// <returns>[layers][C·H·W] every layer's int8 output, NCHW flat, as <c>NetworkReference.LayerOutputs</c>.</returns>
    public sbyte[][] Run(ReadOnlySpan<byte> pixels, sbyte[][]? layerInputs = null)
    {
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (sbyte)(pixels[i] + Int8Network.InputZeroPoint);
        }

        var inputNames = new List<string> { _model.InputName };
        var inputs = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(_input, _inputShape) };
        try
        {
            if (_model.LayerInputNames.Count > 0)
            {
                if (layerInputs == null)
                {
                    throw new ArgumentNullException(nameof(layerInputs), "an isolated oracle graph needs every layer's input.");
                }

                for (int l = 1; l < _model.LayerInputNames.Count; l++)
                {
                    inputNames.Add(_model.LayerInputNames[l]);
                    inputs.Add(OrtValue.CreateTensorValueFromMemory((sbyte[])layerInputs[l - 1].Clone(), _model.LayerInputShapes[l]));
                }
            }

            return Outputs(inputNames, inputs);
        }
        finally
        {
            foreach (OrtValue v in inputs)
            {
                v.Dispose();
            }
        }
    }

    private sbyte[][] Outputs(List<string> inputNames, List<OrtValue> inputs)
    {
        string[] names = _model.LayerOutputNames.ToArray();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_run, inputNames, inputs, names);
        var result = new sbyte[names.Length][];
        for (int i = 0; i < names.Length; i++)
        {
            result[i] = outputs[i].GetTensorDataAsSpan<sbyte>().ToArray();
        }

        return result;
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
        _run.Dispose();
    }
}
