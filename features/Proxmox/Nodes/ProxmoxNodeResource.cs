using Mapster;
using Proxbox.Api.Features.Dcim.Devices;
using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Proxmox.Clusters;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Proxmox.Nodes;

/// <summary>
/// Proxmox VE nodes (<c>/api/plugins/proxbox/nodes/</c>, also served at <c>proxmox-nodes/</c>): the hypervisors, each
/// found through a Proxmox endpoint, optionally in a Proxmox cluster and linked to the NetBox device it runs on.
/// </summary>
public sealed class ProxmoxNodeResource() : Resource<ProxmoxNodeRow, ProxmoxNodeResponse>(Identity)
{
    public static new ResourceIdentity Identity { get; } = new("plugins/proxbox/nodes", "netbox_proxbox_proxmoxnode", "pn",
        "ProxmoxNode", "proxmox node", "netbox_proxbox.proxmoxnode");

    /// <summary>Newer clients use this path; answers are the same, and <c>url</c>s keep the documented form.</summary>
    public const string AliasPath = "plugins/proxbox/proxmox-nodes";

    public override string SelectSql { get; } = $"""
        SELECT {Identity.NetBoxColumns}, pn.endpoint_id, {NestedProxmoxEndpoint.Columns("pe")},
               pn.proxmox_cluster_id, pc.name AS proxmox_cluster_name, pn.netbox_device_id, d.name AS netbox_device_name,
               pn.name, pn.node_id, pn.ip_address, pn.online, pn.local, pn.cpu_usage, pn.max_cpu, pn.memory_usage, pn.max_memory,
               pn.ssl_fingerprint, pn.support_level
        FROM {Identity.From}
        {NestedProxmoxEndpoint.Join("pe", "pn.endpoint_id")}
        LEFT JOIN netbox_proxbox_proxmoxcluster pc ON pc.id = pn.proxmox_cluster_id
        LEFT JOIN dcim_device d ON d.id = pn.netbox_device_id
        """;

    public override FilterSet Filters { get; } = Identity.Filters(
        [
            new ForeignKeyFilter("endpoint", orderBy: "pe.name"),
            new ForeignKeyFilter("proxmox_cluster", orderBy: "pc.name"),
            new ForeignKeyFilter("netbox_device", orderBy: "d.name"),
            new TextFilter("name"),
            new TextFilter("ip_address"),
            new BooleanFilter("online"),
            new BooleanFilter("local"),
        ],
        search: ["name", "ip_address", "ssl_fingerprint"],
        ordering: ["pe.name", "endpoint_id", "name"],
        extraOrdering: new Dictionary<string, string>
        {
            ["node_id"] = "node_id", ["cpu_usage"] = "cpu_usage", ["max_cpu"] = "max_cpu", ["memory_usage"] = "memory_usage", ["max_memory"] = "max_memory",
            ["ssl_fingerprint"] = "ssl_fingerprint", ["support_level"] = "support_level",
        });

    public override IReadOnlyList<string> BriefFields { get; } = ["id", "url", "display", "name", "online"];

    public override WriteModel Writes { get; } = new()
    {
        Fields =
        [
            new ForeignKeyField("endpoint", NestedProxmoxEndpoint.Target) { Required = true },
            new ForeignKeyField("proxmox_cluster", NestedProxmoxCluster.Target) { Nullable = true },
            new ForeignKeyField("netbox_device", NestedDevice.Target) { Nullable = true },
            new TextField("name", 255) { Required = true, AllowBlank = false },
            new IntegerField("node_id") { Nullable = true },
            new IpAddressTextField("ip_address") { Required = true },
            new BooleanField("online"),
            new BooleanField("local"),
            new FloatField("cpu_usage") { Nullable = true },
            new IntegerField("max_cpu") { Nullable = true },
            new IntegerField("memory_usage", long.MinValue, long.MaxValue) { Nullable = true },
            new IntegerField("max_memory", long.MinValue, long.MaxValue) { Nullable = true },
            new TextField("ssl_fingerprint", 255),
            new TextField("support_level", 100),
            .. NetBoxFields.TagsAndCustomFields,
        ],
        Unique =
        [
            new UniqueRule("netbox_proxbox_proxmoxnode_unique_endpoint_name", ["endpoint", "name"],
                "Proxmox node with this Proxmox endpoint and Node name already exists."),
        ],
    };

    protected override void Map(TypeAdapterSetter<ProxmoxNodeRow, ProxmoxNodeResponse> map) => map
        .Map(node => node.Display, row => row.Name)
        .Map(node => node.Endpoint, row => NestedProxmoxEndpoint.Of(row.EndpointId, row.EndpointName, row.EndpointIp, row.EndpointDomain, Urls))
        .Map(node => node.ProxmoxCluster, row => NestedProxmoxCluster.Of(row.ProxmoxClusterId, row.ProxmoxClusterName, Urls))
        .Map(node => node.NetboxDevice, row => NestedDevice.Of(row.NetboxDeviceId, row.NetboxDeviceName, Urls))
        .Map(node => node.CpuUsagePercent, row => row.CpuUsage)
        .Map(node => node.MemoryUsagePercent, row => MemoryUsagePercent(row.MemoryUsage, row.MaxMemory));

    /// <summary>Used over total memory, as a percentage; unknown when either is unknown or the total is 0.</summary>
    public static double? MemoryUsagePercent(long? used, long? total) =>
        used is long u && total is long t && t != 0 ? (double)u / t * 100 : null;
}
