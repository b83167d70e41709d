namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// The outermost middleware: gives every request its id (the caller's <c>X-Request-ID</c> when it is harmless in a
/// header and a log line, else a new one) and the headers every answer carries.
/// </summary>
public sealed class RequestIdentity(RequestDelegate next)
{
    public const string ApiVersion = "4.5";
    private const string RequestIdHeader = "X-Request-ID";

    public Task InvokeAsync(HttpContext context)
    {
        var requestId = RequestId(context);
        context.TraceIdentifier = requestId;
        var isApi = context.Request.Path.StartsWithSegments("/api");
        context.Response.OnStarting(static state =>
        {
            var (response, id, api) = ((HttpResponse, string, bool))state;
            response.Headers[RequestIdHeader] = id;
            response.Headers.XContentTypeOptions = "nosniff";
            if (api)
            {
                response.Headers["API-Version"] = ApiVersion;
            }

            return Task.CompletedTask;
        }, (context.Response, requestId, isApi));
        return next(context);
    }

    private static string RequestId(HttpContext context)
    {
        var given = context.Request.Headers[RequestIdHeader].ToString();
        return given.Length is > 0 and <= 128 && !given.AsSpan().ContainsAnyExcept(RequestIdCharacters)
            ? given
            : NewRequestId();
    }

    private static readonly System.Buffers.SearchValues<char> RequestIdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    /// <summary>
    /// A random (version 4) UUID. An id only has to be unique, not unguessable, so it comes from the process's fast
    /// generator rather than the operating system's secure one that <see cref="Guid.NewGuid"/> asks on every call.
    /// </summary>
    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's byte order keeps the version in byte 7)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
