using Mapster;
using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Proxmox.Clusters;

/// <summary>
/// Proxmox VE clusters (<c>/api/plugins/proxbox/clusters/</c>, also served at <c>proxmox-clusters/</c>), each found
/// through a Proxmox endpoint and optionally linked to a NetBox cluster.
/// </summary>
public sealed class ProxmoxClusterResource() : Resource<ProxmoxClusterRow, ProxmoxClusterResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/clusters", "netbox_proxbox_proxmoxcluster", "pc",
        "ProxmoxCluster", "proxmox cluster", "netbox_proxbox.proxmoxcluster");

    /// <summary>Newer clients use this path; answers are the same, and <c>url</c>s keep the documented form.</summary>
    public const string AliasPath = "plugins/proxbox/proxmox-clusters";

    public static readonly Choice[] Modes = ProxmoxEndpointResource.Modes;

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, pc.endpoint_id, {NestedProxmoxEndpoint.Columns("pe")},
               pc.netbox_cluster_id, c.name AS netbox_cluster_name, c.description AS netbox_cluster_description,
               pc.name, pc.cluster_id, pc.mode, pc.nodes_count, pc.quorate, pc.version
        FROM {Identity.From}
        {NestedProxmoxEndpoint.Join("pe", "pc.endpoint_id")}
        LEFT JOIN virtualization_cluster c ON c.id = pc.netbox_cluster_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("endpoint", orderBy: "pe.name"),
            new ForeignKeyFilter("netbox_cluster", orderBy: "c.name"),
            new TextFilter("name"),
            new ChoiceFilter("mode", Modes),
            new BooleanFilter("quorate"),
        ],
        search: ["name", "cluster_id"],
        ordering: ["pe.name", "endpoint_id", "name"],
        extraOrdering: new Dictionary<string, string> { ["nodes_count"] = "nodes_count", ["version"] = "version" });

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("endpoint", NestedProxmoxEndpoint.Target) { Required = true },
            new ForeignKeyField("netbox_cluster", NestedCluster.Target) { Nullable = true },
            new TextField("name", 255) { Required = true, AllowBlank = false },
            new TextField("cluster_id", 255),
            new ChoiceField("mode", Modes) { Default = "cluster" },
            new IntegerField("nodes_count", 0) { Default = 0L },
            new BooleanField("quorate"),
            new IntegerField("version") { Nullable = true },
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Unique =
        [
            new UniqueRule("netbox_proxbox_proxmoxcluster_unique_endpoint_name", ["endpoint", "name"],
                "Proxmox cluster with this Proxmox endpoint and Cluster name already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<ProxmoxClusterRow, ProxmoxClusterResponse> map) => map
        .Map(cluster => cluster.Display, row => row.Name)
        .Map(cluster => cluster.Endpoint, row => NestedProxmoxEndpoint.Of(row.EndpointId, row.EndpointName, row.EndpointIp, row.EndpointDomain, Urls))
        .Map(cluster => cluster.NetboxCluster, row => NestedCluster.Of(row.NetboxClusterId, row.NetboxClusterName, row.NetboxClusterDescription, Urls))
        .Map(cluster => cluster.Mode, row => ChoiceValue.Of(Modes, row.Mode))
        .Map(cluster => cluster.NodeCount, row => row.NodesCount);
}
