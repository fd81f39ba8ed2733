using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeDigits.Simulator.Api;

/// <summary>
/// Reads request bodies within a byte budget and parses JSON strictly (no comments, no trailing commas, no unknown
/// members, bounded depth). Every failure is a <see cref="BadRequestException"/> whose message says what is wrong.
/// </summary>
public static class RequestReader
{
    /// <summary>Options for every JSON request: camelCase members, unknown members rejected, depth ≤ 8.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>Reads and parses a JSON body of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <typeparam name="T">The request type.</typeparam>
    /// <param name="request">The HTTP request; its Content-Type must be application/json.</param>
    /// <param name="maxBytes">Body budget, in bytes.</param>
    /// <returns>The parsed request, never null.</returns>
    /// <exception cref="BadRequestException">Wrong content type, body too large, empty, malformed or not an object.</exception>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, int maxBytes)
        where T : class
    {
        byte[] body = await ReadJsonBodyAsync(request, maxBytes);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(body, JsonOptions);
        }
        catch (JsonException ex)
        {
            // System.Text.Json messages carry the JSON path, line and byte position of the fault.
            throw new BadRequestException("Malformed JSON: " + ex.Message);
        }

        return value ?? throw new BadRequestException("The request body is JSON null; expected a JSON object.");
    }

    /// <summary>Reads a non-empty JSON body of at most <paramref name="maxBytes"/> bytes, unparsed.</summary>
    /// <param name="request">The HTTP request; its Content-Type must be application/json.</param>
    /// <param name="maxBytes">Body budget, in bytes.</param>
    /// <returns>The body bytes.</returns>
    /// <exception cref="BadRequestException">Wrong content type, body too large or empty.</exception>
    public static async Task<byte[]> ReadJsonBodyAsync(HttpRequest request, int maxBytes)
    {
        RequireContentType(request, "application/json");
        byte[] body = await ReadBytesAsync(request, maxBytes);
        return body.Length > 0 ? body : throw new BadRequestException("The request body is empty; expected a JSON object.");
    }

    /// <summary>Reads the whole body, refusing more than <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="maxBytes">Body budget, in bytes.</param>
    /// <returns>The body bytes.</returns>
    /// <exception cref="BadRequestException">The body (declared or actual) is larger than the budget, or was cut short.</exception>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes)
    {
        long? declared = request.ContentLength;
        if (declared > maxBytes)
        {
            throw new BadRequestException(TooLarge(declared.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes", maxBytes));
        }

        // Let Kestrel itself stop a chunked body one byte past the budget instead of buffering it.
        IHttpMaxRequestBodySizeFeature? sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes + 1L;
        }

        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                if (buffer.Length + read > maxBytes)
                {
                    throw new BadRequestException(TooLarge("more than " + maxBytes + " bytes", maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            throw new BadRequestException(ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge("more than " + maxBytes + " bytes", maxBytes)
                : "The request body could not be read: " + ex.Message);
        }

        return buffer.ToArray();
    }

    /// <summary>Requires the request's media type to be <paramref name="mediaType"/> (parameters such as charset allowed).</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="mediaType">Expected media type, lower case.</param>
    /// <exception cref="BadRequestException">The Content-Type is missing or different.</exception>
    public static void RequireContentType(HttpRequest request, string mediaType)
    {
        string actual = MediaTypeOf(request);
        if (actual != mediaType)
        {
            throw new BadRequestException("Content-Type must be " + mediaType + "; got " + (actual.Length == 0 ? "none" : "'" + actual + "'") + ".");
        }
    }

    /// <summary>The request's media type without parameters, lower case; empty when absent.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <returns>For example "application/json".</returns>
    public static string MediaTypeOf(HttpRequest request)
    {
        string contentType = request.ContentType ?? string.Empty;
        int semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static string TooLarge(string actual, int maxBytes)
    {
        return "The request body is " + actual + "; the limit is " + maxBytes + " bytes.";
    }
}
