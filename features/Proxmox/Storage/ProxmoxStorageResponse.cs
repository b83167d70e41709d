using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Proxmox.Storage;

public sealed record ProxmoxStorageResponse : NetBoxObject
{
    public NestedCluster? Cluster { get; init; }
    public string Name { get; init; } = "";
    public string? StorageType { get; init; }
    public string? Content { get; init; }
    public string? Path { get; init; }
    public string? Nodes { get; init; }
    public bool Shared { get; init; }
    public bool Enabled { get; init; }
    public string? Server { get; init; }
    public int? Port { get; init; }
    public string? Username { get; init; }
    public string? Export { get; init; }
    public string? Share { get; init; }
    public string? Pool { get; init; }
    public string? Monhost { get; init; }
    public string? Namespace { get; init; }
    public string? Datastore { get; init; }
    public string? Subdir { get; init; }
    public string? Mountpoint { get; init; }
    public string? IsMountpoint { get; init; }
    public string? Preallocation { get; init; }
    public string? Format { get; init; }
    public string? PruneBackups { get; init; }
    public int? MaxProtectedBackups { get; init; }
    public RawJson RawConfig { get; init; } = RawJson.EmptyObject;
}
