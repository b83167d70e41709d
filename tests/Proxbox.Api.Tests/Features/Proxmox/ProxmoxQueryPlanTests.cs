using Proxbox.Api.Features.Proxmox.Clusters;
using Proxbox.Api.Features.Proxmox.Nodes;
using Proxbox.Api.Features.Proxmox.Storage;

namespace Proxbox.Api.Tests.Features.Proxmox;

/// <summary>Every documented filter and <c>q</c> of the Proxmox inventory, exactly as its FilterSet writes it, can use an index of 0008.</summary>
public sealed class ProxmoxQueryPlanTests(ProxmoxPlanFactory api) : IClassFixture<ProxmoxPlanFactory>
{
    [Theory]
    [InlineData("q", "pve", new[] { "netbox_proxbox_proxmoxcluster_name_trgm", "netbox_proxbox_proxmoxcluster_cluster_id_trgm" })]
    [InlineData("endpoint", "1", new[] { "netbox_proxbox_proxmoxcluster_unique_endpoint_name" })]
    [InlineData("endpoint_id", "1", new[] { "netbox_proxbox_proxmoxcluster_unique_endpoint_name" })]
    [InlineData("netbox_cluster", "1", new[] { "netbox_proxbox_proxmoxcluster_netbox_cluster" })]
    [InlineData("netbox_cluster_id", "null", new[] { "netbox_proxbox_proxmoxcluster_netbox_cluster" })]
    [InlineData("name", "pve-cluster", new[] { "netbox_proxbox_proxmoxcluster_name" })]
    [InlineData("name__ic", "pve", new[] { "netbox_proxbox_proxmoxcluster_name_trgm" })]
    [InlineData("mode", "cluster", new[] { "netbox_proxbox_proxmoxcluster_mode" })]
    [InlineData("quorate", "true", new[] { "netbox_proxbox_proxmoxcluster_quorate" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_proxmoxcluster_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_proxmoxcluster_last_updated" })]
    public async Task A_cluster_filter_can_use_its_index(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new ProxmoxClusterResource(), parameter, value, indexes);
    }

    [Theory]
    [InlineData("q", "pve", new[] { "netbox_proxbox_proxmoxnode_name_trgm", "netbox_proxbox_proxmoxnode_ip_address_trgm", "netbox_proxbox_proxmoxnode_ssl_fingerprint_trgm" })]
    [InlineData("endpoint", "1", new[] { "netbox_proxbox_proxmoxnode_unique_endpoint_name" })]
    [InlineData("endpoint_id", "1", new[] { "netbox_proxbox_proxmoxnode_unique_endpoint_name" })]
    [InlineData("proxmox_cluster", "1", new[] { "netbox_proxbox_proxmoxnode_proxmox_cluster" })]
    [InlineData("proxmox_cluster_id", "null", new[] { "netbox_proxbox_proxmoxnode_proxmox_cluster" })]
    [InlineData("netbox_device", "1", new[] { "netbox_proxbox_proxmoxnode_netbox_device" })]
    [InlineData("netbox_device_id", "1", new[] { "netbox_proxbox_proxmoxnode_netbox_device" })]
    [InlineData("name", "pve-node-01", new[] { "netbox_proxbox_proxmoxnode_name" })]
    [InlineData("name__ic", "node", new[] { "netbox_proxbox_proxmoxnode_name_trgm" })]
    [InlineData("ip_address", "10.0.0.10", new[] { "netbox_proxbox_proxmoxnode_ip_address" })]
    [InlineData("ip_address__isw", "10.0", new[] { "netbox_proxbox_proxmoxnode_ip_address_trgm" })]
    [InlineData("online", "true", new[] { "netbox_proxbox_proxmoxnode_online" })]
    [InlineData("local", "true", new[] { "netbox_proxbox_proxmoxnode_local" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_proxmoxnode_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_proxmoxnode_last_updated" })]
    public async Task A_node_filter_can_use_its_index(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new ProxmoxNodeResource(), parameter, value, indexes);
    }

    [Theory]
    [InlineData("q", "local", new[] { "netbox_proxbox_proxmoxstorage_name_trgm", "netbox_proxbox_proxmoxstorage_path_trgm", "virtualization_cluster_name_trgm" })]
    [InlineData("cluster", "1", new[] { "unique_proxmox_storage_cluster_name" })]
    [InlineData("cluster_id", "1", new[] { "unique_proxmox_storage_cluster_name" })]
    [InlineData("cluster__name", "prod-cluster", new[] { "virtualization_cluster_name_key", "unique_proxmox_storage_cluster_name" })]
    [InlineData("cluster__name__ic", "prod", new[] { "virtualization_cluster_name_trgm", "unique_proxmox_storage_cluster_name" })]
    [InlineData("name", "local-lvm", new[] { "netbox_proxbox_proxmoxstorage_name" })]
    [InlineData("name__ic", "lvm", new[] { "netbox_proxbox_proxmoxstorage_name_trgm" })]
    [InlineData("storage_type", "dir", new[] { "netbox_proxbox_proxmoxstorage_storage_type" })]
    [InlineData("content", "images", new[] { "netbox_proxbox_proxmoxstorage_content_trgm" })]
    [InlineData("path", "/var/lib/vz", new[] { "netbox_proxbox_proxmoxstorage_path_trgm" })]
    [InlineData("nodes", "pve1", new[] { "netbox_proxbox_proxmoxstorage_nodes_trgm" })]
    [InlineData("shared", "true", new[] { "netbox_proxbox_proxmoxstorage_shared" })]
    [InlineData("enabled", "true", new[] { "netbox_proxbox_proxmoxstorage_enabled" })]
    [InlineData("server", "nas", new[] { "netbox_proxbox_proxmoxstorage_server" })]
    [InlineData("port", "8007", new[] { "netbox_proxbox_proxmoxstorage_port" })]
    [InlineData("format", "raw", new[] { "netbox_proxbox_proxmoxstorage_format" })]
    [InlineData("datastore", "store1", new[] { "netbox_proxbox_proxmoxstorage_datastore" })]
    [InlineData("pool", "rbd", new[] { "netbox_proxbox_proxmoxstorage_pool" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_proxmoxstorage_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_proxmoxstorage_last_updated" })]
    public async Task A_storage_filter_can_use_its_index(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new ProxmoxStorageResource(), parameter, value, indexes);
    }
}
