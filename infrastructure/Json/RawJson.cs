namespace Proxbox.Api.Infrastructure.Json;

/// <summary>A JSON document stored as text (jsonb) and written through verbatim.</summary>
public readonly record struct RawJson(string Json)
{
    public static RawJson EmptyObject { get; } = new("{}");

    public static RawJson From(string? json) => string.IsNullOrEmpty(json) ? EmptyObject : new RawJson(json);
}
