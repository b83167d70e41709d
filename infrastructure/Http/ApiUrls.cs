namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// Absolute URLs as the client sees this service: scheme, host and path base after the forwarded-headers
/// middleware has applied a trusted proxy's X-Forwarded-Proto/Host/Prefix. pynetbox follows these verbatim.
/// </summary>
public sealed class ApiUrls(HttpRequest request)
{
    public string Root { get; } = $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary><c>…/api/{path}/</c>, e.g. the list URL of <c>extras/tags</c>.</summary>
    public string List(string path) => $"{Root}/api/{path}/";

    /// <summary><c>…/api/{path}/{id}/</c>.</summary>
    public string Object(string path, long id) => $"{Root}/api/{path}/{id}/";

    /// <summary>The request's own URL with a different query string (pagination links).</summary>
    public string Current(string query) => $"{Root}{request.Path}{(query.Length == 0 ? "" : "?" + query)}";
}
