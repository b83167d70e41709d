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

    /// <summary>A repeated key is refused (see <see cref="RepeatedKeys"/>): which of the two a client meant is not ours to guess.</summary>
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

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

        using var buffer = new PooledBufferWriter(request.ContentLength is long length and > 0 and < MaxInitialBuffer ? (int)length : InitialBuffer);
        // A body of declared length is done when that much has arrived: asking for more would first double the buffer.
        while (buffer.WrittenCount != request.ContentLength && await request.Body.ReadAsync(buffer.GetMemory(), ct) is var read and > 0)
        {
            buffer.Advance(read);
        }

        var bytes = buffer.WrittenMemory;

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
            // Parsed from a stream, the document copies the bytes into a pooled buffer of its own (given back when it
            // is disposed), so this one can go back at once.
            var document = JsonDocument.Parse(buffer.AsStream(), Options);
            if (RepeatedKeys.Find(document.RootElement) is { } repeated)
            {
                document.Dispose();
                return (null, Failed($"the key '{repeated}' appears twice in one object."));
            }

            return (document, null);
        }
        catch (JsonException error)
        {
            return (null, Failed(error.Message));
        }
    }

    private const int InitialBuffer = 16 * 1024;

    /// <summary>A declared length is trusted for the first buffer only this far; a larger body grows it as it arrives.</summary>
    private const int MaxInitialBuffer = 64 * 1024 * 1024;

    private static Outcome.Failed Failed(string reason) => new(StatusCodes.Status400BadRequest, ParseError + reason);
}
