namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// Absolute URLs as the client sees this service: scheme, host and path base after the forwarded-headers
/// middleware has applied a trusted proxy's X-Forwarded-Proto/Host/Prefix. pynetbox follows these verbatim.
/// </summary>
/// <param name="Root">Scheme, host and path base: <c>https://netbox.example.com/proxbox</c>.</param>
/// <param name="Path">The request's own path below the root (pagination links point back at it).</param>
public sealed record ApiUrls(string Root, string Path)
{
    public static ApiUrls Of(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}", request.Path.Value ?? "/");

    /// <summary><c>…/api/{path}/</c>, e.g. the list URL of <c>extras/tags</c>.</summary>
    public string List(string path) => $"{Root}/api/{path}/";

    /// <summary><c>…/api/{path}/{id}/</c>.</summary>
    public string Object(string path, long id) => $"{Root}/api/{path}/{id}/";

    /// <summary>The request's own URL with a different query string (pagination links).</summary>
    public string Current(string query) => $"{Root}{Path}{(query.Length == 0 ? "" : "?" + query)}";
}
