using System.Net;

namespace Proxbox.Api.Tests.Features.Root;

[Collection(ApiCollection.Name)]
public sealed class RootTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_api_root_lists_netbox_apps_as_absolute_urls_without_credentials()
    {
        var (response, body) = await _client.GetJsonAsync("/api/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!.AsObject().Select(p => p.Key).ShouldBe(["dcim", "extras", "ipam", "plugins", "status", "users", "virtualization"]);
        body["extras"]!.GetValue<string>().ShouldBe("http://localhost/api/extras/");
    }

    [Fact]
    public async Task An_app_root_lists_its_resources()
    {
        var (response, body) = await _client.GetJsonAsync("/api/extras/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["tags"]!.GetValue<string>().ShouldBe("http://localhost/api/extras/tags/");
    }

    [Fact]
    public async Task Status_reports_netbox_and_plugin_versions_and_the_schema()
    {
        var (response, body) = await _client.GetJsonAsync("/api/status/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["netbox-version"]!.GetValue<string>().ShouldStartWith("4.5");
        body["plugins"]!["netbox_proxbox"]!.GetValue<string>().ShouldBe("0.0.11");
        body["database"]!["schema-version"]!.GetValue<long>().ShouldBe(Proxbox.Api.Infrastructure.Database.MigrationCatalog.Service.LatestVersion);
    }

    [Fact]
    public async Task Health_is_live_and_ready_once_migrations_are_applied()
    {
        (await _client.GetJsonAsync("/health/live")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (ready, body) = await _client.GetJsonAsync("/health/ready");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["status"]!.GetValue<string>().ShouldBe("ready");
    }

    [Fact]
    public async Task The_openapi_document_is_served_at_api_schema()
    {
        var (response, body) = await _client.GetJsonAsync("/api/schema/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        body["paths"]!.AsObject().ContainsKey("/api/extras/tags/").ShouldBeTrue();
    }

    [Fact]
    public async Task The_openapi_document_is_pinned()
    {
        // The whole document, as served: a change to any path, parameter, body, answer or schema is a reviewed diff.
        var text = await _client.GetStringAsync("/api/schema/");

        System.Text.Json.Nodes.JsonNode.Parse(text)!.ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            })
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
