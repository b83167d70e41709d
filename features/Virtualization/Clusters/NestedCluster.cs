using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Virtualization.Clusters;

/// <summary>How other objects show a cluster (NetBox's brief cluster): the Proxmox clusters and storage point here.</summary>
public sealed record NestedCluster(long Id, string Url, string Display, string Name, string Description)
{
    public static NestedCluster? Of(long? id, string? name, string? description, ApiUrls urls) =>
        id is long key ? new NestedCluster(key, ClusterResource.Identity.Url(urls, key), name!, name!, description ?? "") : null;

    public static ReferenceTarget Target { get; } = ClusterResource.Identity.Target("name");
}
