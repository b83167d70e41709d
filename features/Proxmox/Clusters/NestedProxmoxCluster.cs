using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Proxmox.Clusters;

/// <summary>How a Proxmox node shows its cluster: <c>{id, url, display, name}</c>.</summary>
public sealed record NestedProxmoxCluster(long Id, string Url, string Display, string Name)
{
    public static NestedProxmoxCluster? Of(long? id, string? name, ApiUrls urls) =>
        id is long key ? new NestedProxmoxCluster(key, ProxmoxClusterResource.Identity.Url(urls, key), name!, name!) : null;

    public static ReferenceTarget Target { get; } = ProxmoxClusterResource.Identity.Target("name", "cluster_id");
}
