using System.Text.Json.Nodes;

namespace Proxbox.Api.Infrastructure.Http;

public static class ApiErrors
{
    public static IResult Detail(int status, string detail) => new JsonBodyResult(new JsonObject { ["detail"] = detail }, status);

    /// <summary>
    /// Replaces whatever the response held with <c>{"detail": …}</c>. Headers must be set before the body starts, so
    /// the ones to keep (<c>Allow</c> on a 405) and to add (<c>Retry-After</c> on a 503) are set here, first.
    /// </summary>
    public static Task WriteDetailAsync(HttpContext context, int status, string detail,
        IReadOnlyList<string>? keepHeaders = null, IReadOnlyList<(string Name, string Value)>? extraHeaders = null)
    {
        var response = context.Response;
        var kept = (keepHeaders ?? []).Select(name => (Name: name, Value: response.Headers[name])).Where(h => h.Value.Count > 0).ToList();
        response.Clear();
        foreach (var (name, value) in kept)
        {
            response.Headers[name] = value;
        }

        foreach (var (name, value) in extraHeaders ?? [])
        {
            response.Headers[name] = value;
        }

        return Detail(status, detail).ExecuteAsync(context);
    }
}
