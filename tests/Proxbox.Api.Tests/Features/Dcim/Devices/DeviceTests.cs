using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.Dcim.Devices;

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

    private async Task<JsonNode> DeviceAsync(object body)
    {
        var (response, created) = await _client.PostJsonAsync(Devices, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    private async Task<string?[]> NamesAsync(string query) =>
        (await _client.GetJsonAsync($"{Devices}?{query}")).Body!["results"]!.AsArray().Select(r => r!["name"]?.GetValue<string>()).ToArray();

    [Fact]
    public async Task Create_answers_201_with_location_trims_strings_defaults_status_and_stores_the_row()
    {
        var name = Http.Unique("pve");

        var (response, body) = await _client.PostJsonAsync(Devices, new { name = $"  {name} ", serial = " SN1 ", description = "rack 4", comments = "note" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = body!["id"]!.GetValue<long>();
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/dcim/devices/{id}/");
        body["display"]!.GetValue<string>().ShouldBe(name);
        body["status"]!.ToJsonString().ShouldBe("""{"value":"active","label":"Active"}""");
        body["serial"]!.GetValue<string>().ShouldBe("SN1");
        await using var conn = api.OpenDatabase();
        var row = await conn.QuerySingleAsync<(string Name, string Status, string Serial, string Description, string Comments)>(
            "SELECT name, status, serial, description, comments FROM dcim_device WHERE id = @id", new { id });
        row.ShouldBe((name, "active", "SN1", "rack 4", "note"));
        var (fetched, again) = await _client.GetJsonAsync(body["url"]!.GetValue<string>());
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        again!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Fact]
    public async Task Status_is_written_as_a_value_or_a_value_dict_and_an_unknown_one_is_refused()
    {
        var plain = await DeviceAsync(new { name = Http.Unique("st"), status = "staged" });
        var dict = await DeviceAsync(new { name = Http.Unique("st"), status = new { value = "decommissioning" } });
        var name = Http.Unique("bogus");

        var (response, body) = await _client.PostJsonAsync(Devices, new { name, status = "bogus" });

        plain["status"]!.ToJsonString().ShouldBe("""{"value":"staged","label":"Staged"}""");
        dict["status"]!.ToJsonString().ShouldBe("""{"value":"decommissioning","label":"Decommissioning"}""");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!.AsObject().Select(p => p.Key).ShouldBe(["status"]);
        body["status"]![0]!.GetValue<string>().ShouldBe("\"bogus\" is not a valid choice.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM dcim_device WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public async Task Lengths_are_validated_with_netbox_messages_and_nothing_is_stored()
    {
        var serial = Http.Unique("len");

        var (response, body) = await _client.PostJsonAsync(Devices, new { name = new string('n', 65), serial, description = new string('d', 201) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["name"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 64 characters.");
        body["description"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 200 characters.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM dcim_device WHERE serial = @serial", new { serial })).ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing_and_answers_an_array()
    {
        var serial = Http.Unique("bulk");

        var (refused, errors) = await _client.PostJsonAsync(Devices, new object[] { new { name = serial + "-ok", serial }, new { name = serial + "-bad", serial, status = "bogus" } });
        var storedAfterRefusal = await api.ScalarAsync<long>("SELECT count(*) FROM dcim_device WHERE serial = @serial", new { serial });
        var (created, body) = await _client.PostJsonAsync(Devices, new object[] { new { name = serial + "-1", serial }, new { name = serial + "-2", serial } });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.AsArray().Count.ShouldBe(2);
        errors[0]!.AsObject().ShouldBeEmpty();
        errors[1]!["status"]![0]!.GetValue<string>().ShouldBe("\"bogus\" is not a valid choice.");
        storedAfterRefusal.ShouldBe(0);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        body!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ShouldBe([serial + "-1", serial + "-2"]);
        (await api.ScalarAsync<long>("SELECT count(*) FROM dcim_device WHERE serial = @serial", new { serial })).ShouldBe(2);
    }

    [Fact]
    public async Task Text_lookups_negation_and_id_filters()
    {
        var serial = Http.Unique("lk");
        var a = await DeviceAsync(new { name = serial + "-Alpha", serial, description = "edge" });
        var b = await DeviceAsync(new { name = serial + "-beta", serial, status = "failed" });
        await DeviceAsync(new { name = (string?)null, serial, comments = "spare" });

        (await NamesAsync($"serial={serial}&name__ic=ALPHA")).ShouldBe([serial + "-Alpha"]);
        (await NamesAsync($"serial={serial}&name__n={serial}-beta")).ShouldBe([serial + "-Alpha", null], "negation keeps the unnamed device, as Django's exclude() does");
        (await NamesAsync($"serial={serial}&status__n=active")).ShouldBe([serial + "-beta"]);
        (await NamesAsync($"serial={serial}&description__empty=false")).ShouldBe([serial + "-Alpha"]);
        (await NamesAsync($"serial={serial}&name=null&name={serial}-beta")).ShouldBe([serial + "-beta", null]);
        (await NamesAsync($"id={a["id"]},{b["id"]}")).ShouldBe([serial + "-Alpha", serial + "-beta"]);
        (await NamesAsync($"serial={serial}&q=SPARE")).ShouldBe([null]);
        var (bad, error) = await _client.GetJsonAsync($"{Devices}?status=bogus");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        error!["status"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Default_ordering_is_by_name_with_unnamed_devices_last_then_id()
    {
        var serial = Http.Unique("ord");
        var unnamed1 = await DeviceAsync(new { serial });
        await DeviceAsync(new { name = serial + "-b", serial });
        var unnamed2 = await DeviceAsync(new { serial });
        await DeviceAsync(new { name = serial + "-a", serial });

        var (_, list) = await _client.GetJsonAsync($"{Devices}?serial={serial}");
        var (_, descending) = await _client.GetJsonAsync($"{Devices}?serial={serial}&ordering=-name");

        list!["results"]!.AsArray().Select(r => r!["display"]!.GetValue<string>())
            .ShouldBe([serial + "-a", serial + "-b", $"Device {unnamed1["id"]}", $"Device {unnamed2["id"]}"]);
        descending!["results"]!.AsArray().Take(2).Select(r => r!["display"]!.GetValue<string>())
            .ShouldBe([$"Device {unnamed1["id"]}", $"Device {unnamed2["id"]}"], "PostgreSQL sorts NULL first when descending, as NetBox on PostgreSQL does");
    }

    [Fact]
    public async Task Put_patch_bulk_patch_and_bulk_delete()
    {
        var serial = Http.Unique("upd");
        var a = await DeviceAsync(new { name = serial + "-a", serial, description = "keep?" });
        var b = await DeviceAsync(new { name = serial + "-b", serial });
        long aId = a["id"]!.GetValue<long>(), bId = b["id"]!.GetValue<long>();

        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, a["url"]!.GetValue<string>(), new { name = serial + "-a2", status = "offline", serial });
        var (patch, patchBody) = await _client.SendAsync(HttpMethod.Patch, b["url"]!.GetValue<string>(), new { name = "" });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, Devices, new object[] { new { id = aId, status = "planned" }, new { id = bId, status = "failed" } });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        putBody!["name"]!.GetValue<string>().ShouldBe(serial + "-a2");
        putBody["status"]!["value"]!.GetValue<string>().ShouldBe("offline");
        patch.StatusCode.ShouldBe(HttpStatusCode.OK);
        patchBody!["name"].ShouldBeNull();
        patchBody["display"]!.GetValue<string>().ShouldBe($"Device {bId}");
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        bulkBody!.AsArray().Select(d => d!["status"]!["value"]!.GetValue<string>()).ShouldBe(["planned", "failed"]);
        await using (var conn = api.OpenDatabase())
        {
            (await conn.QueryAsync<(string? Name, string Status)>("SELECT name, status FROM dcim_device WHERE serial = @serial ORDER BY id", new { serial }))
                .ShouldBe([(serial + "-a2", "planned"), (null, "failed")]);
        }

        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, Devices, new object[] { new { id = aId }, new { id = bId } });

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM dcim_device WHERE serial = @serial", new { serial })).ShouldBe(0);
    }

    [Fact]
    public async Task Tags_are_written_by_id_or_name_and_cleared_and_custom_fields_merge_with_null_removing_a_key()
    {
        var red = Http.Unique("red");
        var blue = Http.Unique("blue");
        var redId = (await _client.PostJsonAsync("/api/extras/tags/", new { name = red, slug = red })).Body!["id"]!.GetValue<long>();
        await _client.PostJsonAsync("/api/extras/tags/", new { name = blue, slug = blue });
        var device = await DeviceAsync(new { name = Http.Unique("tg"), tags = new object[] { redId, new { name = blue } }, custom_fields = new { rack = "r1", u = 4 } });
        var id = device["id"]!.GetValue<long>();
        var url = device["url"]!.GetValue<string>();

        var (_, patched) = await _client.SendAsync(HttpMethod.Patch, url, new { custom_fields = new { u = (int?)null, row = "b" } });
        var (_, byTag) = await _client.GetJsonAsync($"{Devices}?tag={blue}");
        var (_, cleared) = await _client.SendAsync(HttpMethod.Patch, url, new { tags = Array.Empty<int>() });

        device["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order().ShouldBe(new[] { blue, red }.Order());
        patched!["tags"]!.AsArray().Count.ShouldBe(2, "omitting tags leaves them");
        patched["custom_fields"]!.AsObject().Select(p => $"{p.Key}={p.Value}").Order().ShouldBe(["rack=r1", "row=b"]);
        byTag!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ShouldBe([id]);
        cleared!["tags"]!.AsArray().ShouldBeEmpty();
        (await api.ScalarAsync<long>("SELECT count(*) FROM dcim_device_tags WHERE object_id = @id", new { id })).ShouldBe(0);
        (await api.ScalarAsync<string>("SELECT custom_field_data::text FROM dcim_device WHERE id = @id", new { id })).ShouldBe("""{"row": "b", "rack": "r1"}""");
    }

    [Theory]
    [InlineData("q", "pve", new[] { "dcim_device_name_trgm", "dcim_device_serial_trgm", "dcim_device_description_trgm", "dcim_device_comments_trgm" })]
    [InlineData("status", "active", new[] { "dcim_device_status" })]
    [InlineData("serial", "SN1", new[] { "dcim_device_serial" })]
    [InlineData("description__ic", "rack", new[] { "dcim_device_description_trgm" })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new DeviceResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_device_json_shape_is_pinned()
    {
        var (_, created) = await _client.PostJsonAsync(Devices, new { name = "pve-host-1", status = "active", serial = "SN-PINNED", description = "pinned" });

        var contract = await Approvals.ContractAsync(_client, created!, new { name = "", status = "bogus" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
