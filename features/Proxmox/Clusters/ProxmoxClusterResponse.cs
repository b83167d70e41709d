using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Proxmox.Clusters;

/// <summary><c>node_count</c> is upstream's read-only alias of <c>nodes_count</c>.</summary>
public sealed record ProxmoxClusterResponse : NetBoxObject
{
    public NestedProxmoxEndpoint? Endpoint { get; init; }
    public NestedCluster? NetboxCluster { get; init; }
    public string Name { get; init; } = "";
    public string ClusterId { get; init; } = "";
    public ChoiceValue? Mode { get; init; }
    public int NodesCount { get; init; }
    public int NodeCount { get; init; }
    public bool Quorate { get; init; }
    public int? Version { get; init; }
}
