using System.Net;
using System.Text.Json.Nodes;

namespace Proxbox.Api.Tests.Features.VmData;

/// <summary>What the VM data tests hang their rows on: virtual machines, clusters and Proxmox storage, each with a unique name.</summary>
public sealed class VmDataSeed(HttpClient client)
{
    public const string Backups = "/api/plugins/proxbox/backups/";
    public const string Snapshots = "/api/plugins/proxbox/snapshots/";
    public const string TaskHistory = "/api/plugins/proxbox/task-history/";

    /// <summary>POSTs <paramref name="body"/> and insists on 201.</summary>
    public async Task<JsonNode> CreateAsync(string url, object body)
    {
        var (response, created) = await client.PostJsonAsync(url, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    public Task<JsonNode> VmAsync(string? name = null) =>
        CreateAsync("/api/virtualization/virtual-machines/", new { name = name ?? Http.Unique("vm") });

    public Task<JsonNode> ClusterAsync(string? name = null) =>
        CreateAsync("/api/virtualization/clusters/", new { name = name ?? Http.Unique("cl"), description = "lab" });

    public async Task<JsonNode> StorageAsync(string? name = null, JsonNode? cluster = null)
    {
        cluster ??= await ClusterAsync();
        return await CreateAsync("/api/plugins/proxbox/storage/", new { cluster = Id(cluster), name = name ?? Http.Unique("st") });
    }

    /// <summary>The ids of a list answer's results, in order.</summary>
    public async Task<long[]> IdsAsync(string url)
    {
        var (response, body) = await client.GetJsonAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ToArray();
    }

    public static long Id(JsonNode node) => node["id"]!.GetValue<long>();
}
