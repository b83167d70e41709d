using System.Text.Json.Serialization;
using Proxbox.Api.Features.Users.Users;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Users.Tokens;

/// <summary>NetBox's token: <c>created</c> among its own keys, no <c>last_updated</c>.</summary>
public sealed record TokenResponse : ApiObject, IApiObject
{
    public int Version { get; init; }
    public string? Key { get; init; }
    public NestedUser User { get; init; } = null!;
    public string Description { get; init; } = "";
    public DateTime? Created { get; init; }
    public DateTime? Expires { get; init; }
    public DateTime? LastUsed { get; init; }
    public bool Enabled { get; init; }
    public bool WriteEnabled { get; init; }
    public string[] AllowedIps { get; init; } = [];

    [JsonIgnore]
    public DateTime? LastUpdated { get; init; }
}
