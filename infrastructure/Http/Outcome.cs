using System.Text.Json.Nodes;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// What a handler decided, as a value. Expected outcomes (not found, invalid input, conflicts) are not exceptions;
/// <see cref="ToHttp"/> is the one place that turns them into NetBox-shaped responses.
/// </summary>
public abstract record Outcome
{
    public sealed record Ok(object? Body, int Status = StatusCodes.Status200OK, string? Location = null, string? ETag = null) : Outcome;

    public sealed record NoContent : Outcome;

    /// <summary>404. NetBox says <c>No &lt;Model&gt; matches the given query.</c> for a missing id.</summary>
    public sealed record NotFound(string Detail = "Not found.") : Outcome;

    /// <summary>400 with a field-keyed dict (<c>{"name": ["…"]}</c>), a per-item array (bulk), or a bare list.</summary>
    public sealed record Invalid(JsonNode Errors) : Outcome;

    /// <summary>A status with <c>{"detail": "…"}</c> (403, 405, 409, 412, …).</summary>
    public sealed record Failed(int Status, string Detail, string? ETag = null) : Outcome;

    public static Outcome Forbidden() => new Failed(StatusCodes.Status403Forbidden, "You do not have permission to perform this action.");

    public static Outcome MethodNotAllowed(string method) => new Failed(StatusCodes.Status405MethodNotAllowed, $"Method \"{method}\" not allowed.");

    public static Invalid Field(string field, string message) => new(new JsonObject { [field] = new JsonArray(message) });

    public IResult ToHttp() => this switch
    {
        Ok ok => new JsonBodyResult(ok.Body, ok.Status, ok.Location, ok.ETag),
        NoContent => Results.StatusCode(StatusCodes.Status204NoContent),
        NotFound nf => ApiErrors.Detail(StatusCodes.Status404NotFound, nf.Detail),
        Invalid invalid => new JsonBodyResult(invalid.Errors, StatusCodes.Status400BadRequest),
        Failed failed => new JsonBodyResult(new JsonObject { ["detail"] = failed.Detail }, failed.Status, ETag: failed.ETag),
        _ => throw new InvalidOperationException($"Unmapped outcome {GetType().Name}"),
    };
}
