using EdgeDigits.Tooling.Onnx.Proto;
using Google.Protobuf;

namespace EdgeDigits.Tooling.Onnx;

/// <summary>Reads an ONNX file (a serialized <c>onnx.ModelProto</c>) with Google.Protobuf.</summary>
public static class OnnxModelFile
{
    /// <summary>Largest ONNX file read (256 MiB; LeNet-5 is 250 KB).</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>Parses the ONNX file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of a self-contained <c>.onnx</c> file.</param>
    /// <returns>The parsed model.</returns>
    /// <exception cref="OnnxImportException">The file is missing, empty, truncated or not a valid ModelProto; the
    /// message names the file and the parser's finding.</exception>
    public static ModelProto Load(string path) => Parse(ReadBytes(path), path);

    /// <summary>Reads the bytes of the ONNX file at <paramref name="path"/>: a regular file of at most <see cref="MaxBytes"/>.</summary>
    /// <param name="path">Path of a self-contained <c>.onnx</c> file.</param>
    /// <returns>The file's bytes.</returns>
    /// <exception cref="OnnxImportException">The file is missing, not a regular file (FIFO, device), too large or unreadable.</exception>
    public static byte[] ReadBytes(string path)
    {
        try
        {
            return InputFile.ReadAllBytes(path, MaxBytes);
        }
        catch (InputFileException e) when (e.Problem == "no such file")
        {
            throw new OnnxImportException($"{UserText.Escape(path, 200)}: cannot read the ONNX file: the file does not exist.", e);
        }
        catch (InputFileException e)
        {
            throw new OnnxImportException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxImportException($"{UserText.Escape(path, 200)}: cannot read the ONNX file: {e.Message}", e);
        }
    }

    /// <summary>Parses ONNX bytes; <paramref name="sourceName"/> names them in error messages.</summary>
    /// <param name="bytes">A serialized <c>onnx.ModelProto</c>.</param>
    /// <param name="sourceName">File name or other label used in messages.</param>
    /// <returns>The parsed model.</returns>
    /// <exception cref="OnnxImportException">The bytes are empty, truncated or corrupt, or hold no graph.</exception>
    public static ModelProto Parse(byte[] bytes, string sourceName)
    {
        if (bytes.Length == 0)
        {
            throw new OnnxImportException($"{sourceName}: the ONNX file is empty (0 bytes).");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException(
                $"{sourceName}: not a valid ONNX model ({bytes.Length} bytes): the protobuf data is truncated or corrupt ({e.Message.TrimEnd('.')}).", e);
        }

        if (model.Graph == null || model.Graph.Node.Count == 0)
        {
            throw new OnnxImportException(
                $"{sourceName}: the ONNX model has no graph nodes ({bytes.Length} bytes read); the file is truncated or not an ONNX model.");
        }

        return model;
    }
}
