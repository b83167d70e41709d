using System.Text.Json;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// Reads a request body as DRF's JSONParser would: <c>application/json</c> (a trailing <c>;</c> or a charset is
/// fine, pynetbox sends <c>application/json;</c>), anything else is 415, malformed JSON is 400. An empty body is
/// <c>null</c>. The caller owns the returned document.
/// </summary>
public static class JsonBody
{
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

        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, Options, ct);
            return (document, null);
        }
        catch (JsonException error)
        {
            return (null, new Outcome.Failed(StatusCodes.Status400BadRequest, $"JSON parse error - {error.Message}"));
        }
    }
}
