using System.Net;

namespace Proxbox.Api.Tests.Features.Settings;

[Collection(ApiCollection.Name)]
public sealed class SettingsTests(ApiFactory api)
{
    private const string Settings = "/api/plugins/proxbox/settings/";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task There_is_always_exactly_one_settings_object()
    {
        var (response, body) = await _client.GetJsonAsync(Settings);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["count"]!.GetValue<long>().ShouldBe(1);
        var settings = body["results"]![0]!;
        settings["display"]!.GetValue<string>().ShouldBe("Proxbox plugin settings");
        settings["singleton_key"]!.GetValue<string>().ShouldBe("default");
        settings["primary_ip_preference"]!.GetValue<string>().ShouldBe("ipv4", "a bare string, as upstream renders it");
        settings.AsObject().ContainsKey("encryption_key").ShouldBeFalse();
    }

    [Theory]
    [InlineData("POST", "/api/plugins/proxbox/settings/")]
    [InlineData("PUT", "/api/plugins/proxbox/settings/")]
    [InlineData("DELETE", "/api/plugins/proxbox/settings/")]
    [InlineData("PUT", "/api/plugins/proxbox/settings/{id}/")]
    [InlineData("DELETE", "/api/plugins/proxbox/settings/{id}/")]
    public async Task Only_get_and_patch_are_allowed(string method, string url)
    {
        var id = (await _client.GetJsonAsync(Settings)).Body!["results"]![0]!["id"]!.GetValue<long>();

        var (response, body) = await _client.SendAsync(new HttpMethod(method), url.Replace("{id}", id.ToString()), new { bulk_batch_size = 1 });

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        body!["detail"]!.GetValue<string>().ShouldBe($"Method \"{method}\" not allowed.");
        response.Content.Headers.Allow.ShouldContain("PATCH");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxboxpluginsettings")).ShouldBe(1);
    }

    [Fact]
    public async Task Patch_changes_values_within_their_limits_on_the_detail_and_the_list()
    {
        var id = (await _client.GetJsonAsync(Settings)).Body!["results"]![0]!["id"]!.GetValue<long>();

        var (detail, patched) = await _client.SendAsync(HttpMethod.Patch, $"{Settings}{id}/", new { netbox_retry_delay = 3.25, bulk_batch_size = 100 });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, Settings, new[] { new { id, vm_sync_max_concurrency = 6 } });
        var (bad, errors) = await _client.SendAsync(HttpMethod.Patch, $"{Settings}{id}/", new { netbox_retry_delay = 1000, proxbox_fetch_max_concurrency = 40000, primary_ip_preference = "ipv5" });

        detail.StatusCode.ShouldBe(HttpStatusCode.OK);
        patched!["netbox_retry_delay"]!.GetValue<decimal>().ShouldBe(3.25m);
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        bulkBody![0]!["vm_sync_max_concurrency"]!.GetValue<int>().ShouldBe(6);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!["netbox_retry_delay"]![0]!.GetValue<string>().ShouldBe("Ensure that there are no more than 3 digits before the decimal point.");
        errors["proxbox_fetch_max_concurrency"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 32767.");
        errors["primary_ip_preference"]![0]!.GetValue<string>().ShouldBe("\"ipv5\" is not a valid choice.");
        (await api.ScalarAsync<decimal>("SELECT netbox_retry_delay FROM netbox_proxbox_proxboxpluginsettings")).ShouldBe(3.25m);
        await _client.SendAsync(HttpMethod.Patch, $"{Settings}{id}/", new { netbox_retry_delay = 2.0, bulk_batch_size = 50, vm_sync_max_concurrency = 4 });
    }

    [Fact]
    public async Task The_settings_json_shape_is_pinned()
    {
        var (_, body) = await _client.GetJsonAsync(Settings);
        var settings = body!["results"]![0]!.DeepClone().AsObject();
        foreach (var key in new[] { "netbox_retry_delay", "bulk_batch_size", "vm_sync_max_concurrency" })
        {
            settings[key] = "<varies>"; // another test of this class patches and restores them
        }

        Approvals.Normalize(settings).ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
