using System.Text.Json.Serialization;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Users.Users;

/// <summary>NetBox shows a user's <c>date_joined</c> and <c>last_login</c>, not the row's own timestamps.</summary>
public sealed record UserResponse : ApiObject, IApiObject
{
    public string Username { get; init; } = "";
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string Email { get; init; } = "";
    public bool IsStaff { get; init; }
    public bool IsActive { get; init; }
    public bool IsSuperuser { get; init; }
    public DateTime DateJoined { get; init; }
    public DateTime? LastLogin { get; init; }

    [JsonIgnore]
    public DateTime? Created { get; init; }

    [JsonIgnore]
    public DateTime? LastUpdated { get; init; }
}
