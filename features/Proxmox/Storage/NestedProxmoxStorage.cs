using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Proxmox.Storage;

/// <summary>How backups, snapshots and backup routines show a storage: <c>{id, url, display, cluster, name}</c>.</summary>
public sealed record NestedProxmoxStorage(long Id, string Url, string Display, NestedCluster Cluster, string Name)
{
    /// <summary>
    /// The columns a SELECT reads for it, from the storage joined as <paramref name="alias"/> and its cluster as
    /// <paramref name="alias"/>c, named with <paramref name="prefix"/>.
    /// </summary>
    public static string Columns(string alias, string prefix) =>
        $"{alias}.name AS {prefix}_name, {alias}.cluster_id AS {prefix}_cluster_id, {alias}c.name AS {prefix}_cluster_name, {alias}c.description AS {prefix}_cluster_description";

    /// <summary>The joins <see cref="Columns"/> reads from, for the foreign key <paramref name="column"/>.</summary>
    public static string Join(string alias, string column) =>
        $"LEFT JOIN netbox_proxbox_proxmoxstorage {alias} ON {alias}.id = {column} LEFT JOIN virtualization_cluster {alias}c ON {alias}c.id = {alias}.cluster_id";

    public static NestedProxmoxStorage? Of(long? id, string? name, long? clusterId, string? clusterName, string? clusterDescription, ApiUrls urls) =>
        id is long key
            ? new NestedProxmoxStorage(key, ProxmoxStorageResource.Identity.Url(urls, key), name!, NestedCluster.Of(clusterId, clusterName, clusterDescription, urls)!, name!)
            : null;

    public static ReferenceTarget Target { get; } = ProxmoxStorageResource.Identity.Target("name");
}
