using Mapster;
using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Proxmox.Storage;

/// <summary>
/// Proxmox storage backends (<c>/api/plugins/proxbox/storage/</c>), each belonging to a NetBox cluster. A POST is an
/// upsert by (cluster, name): the sync backend re-sends every storage on every run.
/// </summary>
public sealed class ProxmoxStorageResource() : Resource<ProxmoxStorageRow, ProxmoxStorageResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/storage", "netbox_proxbox_proxmoxstorage", "ps",
        "ProxmoxStorage", "proxmox storage", "netbox_proxbox.proxmoxstorage");

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, ps.cluster_id, c.name AS cluster_name, c.description AS cluster_description, ps.name,
               ps.storage_type, ps.content, ps.path, ps.nodes, ps.shared, ps.enabled, ps.server, ps.port, ps.username, ps.export, ps.share,
               ps.pool, ps.monhost, ps.namespace, ps.datastore, ps.subdir, ps.mountpoint, ps.is_mountpoint, ps.preallocation, ps.format,
               ps.prune_backups, ps.max_protected_backups, ps.raw_config
        FROM {Identity.From}
        JOIN virtualization_cluster c ON c.id = ps.cluster_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("cluster", orderBy: "c.name"),
            new RelatedFilter("cluster", ClusterResource.Identity.Table, new TextFilter("name")),
            new TextFilter("name"),
            new TextFilter("storage_type"),
            new TextFilter("content"),
            new TextFilter("path"),
            new TextFilter("nodes"),
            new BooleanFilter("shared"),
            new BooleanFilter("enabled"),
            new TextFilter("server"),
            new NumberFilter("port"),
            new TextFilter("format"),
            new TextFilter("datastore"),
            new TextFilter("pool"),
        ],
        search: ["name", "path", new RelatedSearch("cluster_id", ClusterResource.Identity.Table)],
        ordering: ["c.name", "name"],
        extraOrdering: new[] { "username", "export", "share", "monhost", "namespace", "subdir", "mountpoint", "is_mountpoint", "preallocation", "prune_backups", "max_protected_backups" }
            .ToDictionary(column => column, column => column));

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "cluster", "name"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("cluster", NestedCluster.Target) { Required = true },
            new TextField("name", 255) { Required = true, AllowBlank = false },
            new TextField("storage_type", 100) { Nullable = true },
            new TextField("content", 255) { Nullable = true },
            new TextField("path", 255) { Nullable = true },
            new TextField("nodes") { Nullable = true },
            new BooleanField("shared"),
            new BooleanField("enabled") { Default = true },
            new TextField("server", 255) { Nullable = true },
            new IntegerField("port", 0) { Nullable = true },
            new TextField("username", 255) { Nullable = true },
            new TextField("export", 255) { Nullable = true },
            new TextField("share", 255) { Nullable = true },
            new TextField("pool", 255) { Nullable = true },
            new TextField("monhost", 512) { Nullable = true },
            new TextField("namespace", 255) { Nullable = true },
            new TextField("datastore", 255) { Nullable = true },
            new TextField("subdir", 255) { Nullable = true },
            new TextField("mountpoint", 255) { Nullable = true },
            // Proxmox reports the flag as text; a JSON boolean is taken as the text it stands for.
            new TextField("is_mountpoint", 255) { Nullable = true, Booleans = ("", "1") },
            new TextField("preallocation", 50) { Nullable = true },
            new TextField("format", 100) { Nullable = true },
            new TextField("prune_backups", 512) { Nullable = true },
            new IntegerField("max_protected_backups") { Nullable = true },
            new JsonObjectField("raw_config"),
            .. NetBoxFields.TagsAndCustomFields,
        ],
        UpsertKey = ["cluster", "name"],
        Unique =
        [
            new UniqueRule("unique_proxmox_storage_cluster_name", ["cluster", "name"], "Proxmox Storage with this Cluster and Name already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<ProxmoxStorageRow, ProxmoxStorageResponse> map) => map
        .Map(storage => storage.Display, row => row.Name)
        .Map(storage => storage.Cluster, row => NestedCluster.Of(row.ClusterId, row.ClusterName, row.ClusterDescription, Urls));
}
