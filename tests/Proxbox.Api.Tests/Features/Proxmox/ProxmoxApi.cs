using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Proxbox.Api.Tests.Features.Proxmox;

/// <summary>
/// What the Proxmox inventory tests create over and over: the endpoints, NetBox clusters and devices the inventory
/// points at, and the inventory objects themselves, each asserted to be created.
/// </summary>
public sealed class ProxmoxApi(HttpClient client)
{
    public const string RootUrl = "/api/plugins/proxbox/";
    public const string ClustersUrl = "/api/plugins/proxbox/clusters/";
    public const string NodesUrl = "/api/plugins/proxbox/nodes/";
    public const string StorageUrl = "/api/plugins/proxbox/storage/";
    public const string ClusterAliasUrl = "/api/plugins/proxbox/proxmox-clusters/";
    public const string NodeAliasUrl = "/api/plugins/proxbox/proxmox-nodes/";
    public const string EndpointsUrl = "/api/plugins/proxbox/endpoints/proxmox/";
    public const string NetBoxClustersUrl = "/api/virtualization/clusters/";
    public const string DevicesUrl = "/api/dcim/devices/";

    public HttpClient Client => client;

    public async Task<JsonNode> CreateAsync(string url, object body)
    {
        var (response, created) = await client.PostJsonAsync(url, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    public Task<JsonNode> EndpointAsync(string? name = null, string domain = "pve.example.com") =>
        CreateAsync(EndpointsUrl, new { name = name ?? Http.Unique("pve"), domain });

    public Task<JsonNode> NetBoxClusterAsync(string? name = null, string description = "") =>
        CreateAsync(NetBoxClustersUrl, new { name = name ?? Http.Unique("nbc"), description });

    public Task<JsonNode> DeviceAsync(string? name = null) => CreateAsync(DevicesUrl, new { name = name ?? Http.Unique("dev") });

    public Task<JsonNode> ClusterAsync(object body) => CreateAsync(ClustersUrl, body);

    public Task<JsonNode> NodeAsync(object body) => CreateAsync(NodesUrl, body);

    public Task<JsonNode> StorageAsync(object body) => CreateAsync(StorageUrl, body);

    /// <summary>The <c>name</c> of every result of a list query, in the order answered.</summary>
    public async Task<string[]> NamesAsync(string url)
    {
        var (response, body) = await client.GetJsonAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{url}: {body?.ToJsonString()}");
        return body!["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToArray();
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text of <paramref name="node"/> as the service writes it: quotes and non-ASCII characters unescaped.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";

    public static long Id(JsonNode node) => node["id"]!.GetValue<long>();

    public static string Url(JsonNode node) => node["url"]!.GetValue<string>();

    public static string Name(JsonNode node) => node["name"]!.GetValue<string>();
}
