using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Users.Users;

public sealed record UserRow : Row
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
}
