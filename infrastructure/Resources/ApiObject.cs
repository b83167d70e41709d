using System.Text.Json.Serialization;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// The keys every object starts with, in NetBox's order: <c>id, url, display</c>. JSON writes a derived record's own
/// properties before its base's, so keys that a base declares carry an explicit order (a base for a family of
/// resources may place its keys between -10 and 0).
/// </summary>
public abstract record ApiObject
{
    [JsonPropertyOrder(-30)]
    public long Id { get; init; }

    [JsonPropertyOrder(-20)]
    public string Url { get; init; } = "";

    [JsonPropertyOrder(-10)]
    public string Display { get; init; } = "";
}
