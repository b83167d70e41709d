using System.Net;
using System.Text.Json.Nodes;

namespace Proxbox.Api.Tests.Features.Operations;

/// <summary>
/// The objects routines and replications point at, created through the API with unique names: a Proxmox endpoint,
/// its nodes, a NetBox cluster with storage, and virtual machines.
/// </summary>
public sealed class Lab(HttpClient client)
{
    public const string Routines = "/api/plugins/proxbox/backup-routines/";
    public const string Replications = "/api/plugins/proxbox/replications/";

    public async Task<JsonNode> CreateAsync(string url, object body)
    {
        var (response, created) = await client.PostJsonAsync(url, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    public async Task<long> IdAsync(string url, object body) => (await CreateAsync(url, body))["id"]!.GetValue<long>();

    public Task<JsonNode> EndpointAsync(string? name = null) =>
        CreateAsync("/api/plugins/proxbox/endpoints/proxmox/", new { name = name ?? Http.Unique("pve"), domain = "pve.example.com" });

    public async Task<long> EndpointIdAsync(string? name = null) => (await EndpointAsync(name))["id"]!.GetValue<long>();

    public Task<long> NodeAsync(long endpoint, string? name = null, int nodeId = 1) =>
        IdAsync("/api/plugins/proxbox/nodes/", new { endpoint, name = name ?? Http.Unique("node"), node_id = nodeId, ip_address = "10.0.0.1", online = true });

    public Task<long> ClusterAsync(string? name = null) => IdAsync("/api/virtualization/clusters/", new { name = name ?? Http.Unique("cl") });

    public async Task<long> StorageAsync(long? cluster = null, string? name = null) =>
        await IdAsync("/api/plugins/proxbox/storage/", new { cluster = cluster ?? await ClusterAsync(), name = name ?? Http.Unique("st") });

    public Task<long> VmAsync(string? name = null) => IdAsync("/api/virtualization/virtual-machines/", new { name = name ?? Http.Unique("vm") });

    public Task<JsonNode> RoutineAsync(object body) => CreateAsync(Routines, body);

    public Task<JsonNode> ReplicationAsync(object body) => CreateAsync(Replications, body);
}
