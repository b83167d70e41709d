using System.Net;
using static Proxbox.Api.Tests.Features.Proxmox.ProxmoxApi;

namespace Proxbox.Api.Tests.Features.Proxmox;

[Collection(ApiCollection.Name)]
public sealed class PluginRootTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_plugin_root_links_the_inventory_endpoints_and_settings_as_absolute_urls_that_answer()
    {
        var (response, body) = await _client.GetJsonAsync(RootUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var links = body!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        foreach (var (key, path) in new[] { ("clusters", ClustersUrl), ("nodes", NodesUrl), ("storage", StorageUrl), ("endpoints", RootUrl + "endpoints/"), ("settings", RootUrl + "settings/") })
        {
            links.ShouldContainKey(key);
            links[key].ShouldBe("http://localhost" + path);
            (await _client.GetJsonAsync(links[key])).Response.StatusCode.ShouldBe(HttpStatusCode.OK, key);
        }

        links.Keys.ShouldNotContain("proxmox-clusters", "the aliases are served, not listed, as in the documented root");
        links.Keys.ShouldNotContain("proxmox-nodes");
        links.Keys.Last().ShouldBe("endpoints", "resources first, then the endpoints namespace, as upstream's root");
    }
}
