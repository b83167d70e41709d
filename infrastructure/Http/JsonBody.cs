using System.Text.Json;
using System.Text.Unicode;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// Reads a request body as DRF's JSONParser would: <c>application/json</c> (a trailing <c>;</c> or a charset is
/// fine, pynetbox sends <c>application/json;</c>), anything else is 415, malformed JSON is 400. An empty body is
/// <c>null</c>. The caller owns the returned document.
/// </summary>
public static class JsonBody
{
    private const string ParseError = "JSON parse error - ";

    /// <summary>A repeated key is refused: which of the two a client meant is not ours to guess.</summary>
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static async Task<(JsonDocument? Document, Outcome? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return (null, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, new Outcome.Failed(StatusCodes.Status415UnsupportedMediaType,
                $"Unsupported media type \"{request.ContentType ?? ""}\" in request."));
        }

        // The document keeps reading from these bytes: the stream's own buffer is handed over rather than copied (a
        // MemoryStream holds no other resource, so it needs no disposing).
        var buffer = new MemoryStream(request.ContentLength is long length and < int.MaxValue ? (int)length : 0);
        await request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        // The parser leaves bad UTF-8 and unpaired surrogate escapes inside strings for later; refuse them now, so no
        // later step meets a string it cannot read.
        if (!Utf8.IsValid(bytes.Span))
        {
            return (null, Failed("the request body is not valid UTF-8."));
        }

        if (JsonEscapes.HasLoneSurrogate(bytes.Span))
        {
            return (null, Failed("a \\u escape names half of a surrogate pair without the other half."));
        }

        try
        {
            return (JsonDocument.Parse(bytes, Options), null);
        }
        catch (JsonException error)
        {
            return (null, Failed(error.Message));
        }
    }

    private static Outcome.Failed Failed(string reason) => new(StatusCodes.Status400BadRequest, ParseError + reason);
}
