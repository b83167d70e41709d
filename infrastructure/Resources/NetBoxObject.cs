using System.Text.Json.Serialization;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>A tagged NetBox object: its own keys between <c>id, url, display</c> and <c>tags, custom_fields, created, last_updated</c>.</summary>
public abstract record NetBoxObject : ApiObject, IApiObject
{
    [JsonPropertyOrder(1000)]
    public IReadOnlyList<NestedTag> Tags { get; init; } = [];

    [JsonPropertyOrder(1001)]
    public RawJson CustomFields { get; init; } = RawJson.EmptyObject;

    [JsonPropertyOrder(1002)]
    public DateTime? Created { get; init; }

    [JsonPropertyOrder(1003)]
    public DateTime? LastUpdated { get; init; }
}
