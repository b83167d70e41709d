using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Endpoints.Proxmox;

/// <summary>
/// How the plugin's clusters, nodes, backup routines and replications show their Proxmox endpoint:
/// <c>{id, url, display, name}</c>, the display as on the endpoint itself (with its host).
/// </summary>
public sealed record NestedProxmoxEndpoint(long Id, string Url, string Display, string? Name)
{
    /// <summary>The columns a SELECT joins for it, with the endpoint aliased <paramref name="alias"/> and its IP <paramref name="alias"/>i.</summary>
    public static string Columns(string alias) =>
        $"{alias}.name AS endpoint_name, {alias}.domain AS endpoint_domain, host({alias}i.address) AS endpoint_ip";

    /// <summary>The joins that <see cref="Columns"/> reads from, for the foreign key <paramref name="column"/>.</summary>
    public static string Join(string alias, string column) =>
        $"LEFT JOIN netbox_proxbox_proxmoxendpoint {alias} ON {alias}.id = {column} LEFT JOIN ipam_ipaddress {alias}i ON {alias}i.id = {alias}.ip_address_id";

    public static NestedProxmoxEndpoint? Of(long? id, string? name, string? ip, string? domain, ApiUrls urls) =>
        id is long key ? new NestedProxmoxEndpoint(key, ProxmoxEndpointResource.Identity.Url(urls, key), EndpointBase.Display(name, ip, domain), name) : null;

    public static ReferenceTarget Target { get; } = ProxmoxEndpointResource.Identity.Target("name", "domain");
}
