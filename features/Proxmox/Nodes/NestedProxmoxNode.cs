using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Proxmox.Nodes;

/// <summary>How backup routines and replications show a node: <c>{id, url, display, name, node_id, online}</c>.</summary>
public sealed record NestedProxmoxNode(long Id, string Url, string Display, string Name, int? NodeId, bool Online)
{
    /// <summary>The columns a SELECT reads for it, from the node joined as <paramref name="alias"/>, prefixed <paramref name="prefix"/>.</summary>
    public static string Columns(string alias, string prefix) =>
        $"{alias}.name AS {prefix}_name, {alias}.node_id AS {prefix}_node_id, {alias}.online AS {prefix}_online";

    public static NestedProxmoxNode? Of(long? id, string? name, int? nodeId, bool? online, ApiUrls urls) =>
        id is long key ? new NestedProxmoxNode(key, ProxmoxNodeResource.Identity.Url(urls, key), name!, name!, nodeId, online ?? false) : null;

    public static ReferenceTarget Target { get; } = ProxmoxNodeResource.Identity.Target("name", "node_id");
}
