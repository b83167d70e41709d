using System.Net;
using System.Text.Json.Nodes;

namespace Proxbox.Api.Tests.Features.Dcim.Devices;

[Collection(ApiCollection.Name)]
public sealed class DeviceTests(ApiFactory api)
{
    private const string Devices = "/api/dcim/devices/";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_unnamed_device_is_displayed_by_its_id_and_stores_null()
    {
        var (response, body) = await _client.PostJsonAsync(Devices, new { name = "", serial = Http.Unique("sn") });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = body!["id"]!.GetValue<long>();
        body["display"]!.GetValue<string>().ShouldBe($"Device {id}");
        body["name"].ShouldBeNull();
        (await api.ScalarAsync<bool>("SELECT name IS NULL FROM dcim_device WHERE id = @id", new { id })).ShouldBeTrue();
    }

    [Fact]
    public async Task Status_serial_and_emptiness_filters()
    {
        var serial = Http.Unique("ser");
        await _client.PostJsonAsync(Devices, new object[]
        {
            new { name = serial + "-a", serial, status = "inventory" },
            new { name = (string?)null, serial, status = "active" },
        });

        var (_, inventory) = await _client.GetJsonAsync($"{Devices}?serial={serial}&status=inventory");
        var (_, unnamed) = await _client.GetJsonAsync($"{Devices}?serial={serial}&name__empty=true");
        var (_, named) = await _client.GetJsonAsync($"{Devices}?serial={serial}&name=null");
        var (_, search) = await _client.GetJsonAsync($"{Devices}?q={serial}");

        inventory!["results"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe(serial + "-a");
        unnamed!["count"]!.GetValue<long>().ShouldBe(1);
        named!["count"]!.GetValue<long>().ShouldBe(1);
        search!["count"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact]
    public async Task Patch_put_and_delete()
    {
        var (_, created) = await _client.PostJsonAsync(Devices, new { name = Http.Unique("dev"), status = "planned" });
        var url = created!["url"]!.GetValue<string>();

        var (patched, body) = await _client.SendAsync(HttpMethod.Patch, url, new { status = "active", comments = "racked" });
        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, url);

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["status"]!.ToJsonString().ShouldBe("""{"value":"active","label":"Active"}""");
        body["comments"]!.GetValue<string>().ShouldBe("racked");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM dcim_device WHERE id = @id", new { id = created["id"]!.GetValue<long>() })).ShouldBe(0);
    }

    [Fact]
    public async Task The_device_json_shape_is_pinned()
    {
        var (_, created) = await _client.PostJsonAsync(Devices, new { name = "pve-host-1", status = "active", serial = "SN-PINNED", description = "pinned" });
        var (_, brief) = await _client.GetJsonAsync(created!["url"]!.GetValue<string>() + "?brief=1");

        Snapshots.Normalize(new JsonObject { ["full"] = created.DeepClone(), ["brief"] = brief!.DeepClone() })
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
