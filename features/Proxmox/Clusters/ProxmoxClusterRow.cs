using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Proxmox.Clusters;

public sealed record ProxmoxClusterRow : NetBoxRow
{
    public long EndpointId { get; init; }
    public string? EndpointName { get; init; }
    public string? EndpointDomain { get; init; }
    public string? EndpointIp { get; init; }
    public long? NetboxClusterId { get; init; }
    public string? NetboxClusterName { get; init; }
    public string? NetboxClusterDescription { get; init; }
    public string Name { get; init; } = "";
    public string ClusterId { get; init; } = "";
    public string Mode { get; init; } = "";
    public int NodesCount { get; init; }
    public bool Quorate { get; init; }
    public int? Version { get; init; }
}
