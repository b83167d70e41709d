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
        return given.Length is > 0 and <= 128 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? given
            : Guid.NewGuid().ToString();
    }
}
