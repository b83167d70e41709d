using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Proxmox.Clusters;

/// <summary>How a Proxmox node shows its cluster: <c>{id, url, display, name}</c>.</summary>
public sealed record NestedProxmoxCluster(long Id, string Url, string Display, string Name)
{
    public static NestedProxmoxCluster? Of(long? id, string? name, ApiUrls urls) =>
        id is long key ? new NestedProxmoxCluster(key, ProxmoxClusterResource.Identity.Url(urls, key), name!, name!) : null;

    /// <summary>
    /// Found by id or by its attributes; a name is unique per endpoint only, so <c>{"endpoint": 1, "name": "pve01"}</c>
    /// tells apart clusters that <c>{"name": "pve01"}</c> alone finds several of.
    /// </summary>
    public static ReferenceTarget Target { get; } = new(ProxmoxClusterResource.Identity.Table, new Dictionary<string, string>
    {
        ["id"] = "id", ["name"] = "name", ["cluster_id"] = "cluster_id", ["endpoint"] = "endpoint_id",
    });
}
