using System.Text.Json.Serialization;
using Proxbox.Api.Features.Users.Users;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Users.Permissions;

public sealed record PermissionResponse : ApiObject, IApiObject
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public bool Enabled { get; init; }
    public string[] ObjectTypes { get; init; } = [];
    public string[] Actions { get; init; } = [];
    public RawJson? Constraints { get; init; }
    public IReadOnlyList<NestedUser> Users { get; init; } = [];

    [JsonIgnore]
    public DateTime? Created { get; init; }

    [JsonIgnore]
    public DateTime? LastUpdated { get; init; }
}
