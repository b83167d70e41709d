namespace Proxbox.Api.Infrastructure.Routing;

/// <summary>Which of NetBox's operations a resource's routes offer.</summary>
[Flags]
public enum ResourceOperations
{
    Read = 1,
    Create = 2,
    Replace = 4,
    Patch = 8,
    Delete = 16,
    All = Read | Create | Replace | Patch | Delete,
}
