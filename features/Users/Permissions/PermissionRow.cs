using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Users.Permissions;

public sealed record PermissionRow : Row
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public bool Enabled { get; init; }
    public string[] ObjectTypes { get; init; } = [];
    public string[] Actions { get; init; } = [];
    public string? Constraints { get; init; }
    public string? Users { get; init; }
}
