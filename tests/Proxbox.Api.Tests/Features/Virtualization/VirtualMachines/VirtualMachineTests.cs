using System.Net;
using System.Text.Json.Nodes;
using Dapper;

namespace Proxbox.Api.Tests.Features.Virtualization;

[Collection(ApiCollection.Name)]
public sealed class VirtualMachineTests(ApiFactory api)
{
    private const string Vms = "/api/virtualization/virtual-machines/";
    private const string Clusters = "/api/virtualization/clusters/";
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonNode> ClusterAsync(string? name = null)
    {
        var (response, body) = await _client.PostJsonAsync(Clusters, new { name = name ?? Http.Unique("cl"), description = "lab" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }

    private async Task<JsonNode> VmAsync(object body)
    {
        var (response, created) = await _client.PostJsonAsync(Vms, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    [Fact]
    public async Task Create_reads_back_choices_nested_cluster_and_numbers()
    {
        var cluster = await ClusterAsync();
        var name = Http.Unique("vm");

        var vm = await VmAsync(new { name, status = "planned", cluster = cluster["id"]!.GetValue<long>(), vcpus = 2.5, memory = 4096, disk = 32768 });

        vm["status"]!.ToJsonString().ShouldBe("""{"value":"planned","label":"Planned"}""");
        vm["cluster"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name", "description"]);
        vm["cluster"]!["name"]!.GetValue<string>().ShouldBe(cluster["name"]!.GetValue<string>());
        vm["vcpus"]!.GetValue<decimal>().ShouldBe(2.5m);
        vm["memory"]!.GetValue<int>().ShouldBe(4096);
        var stored = await api.ScalarAsync<long>("SELECT cluster_id FROM virtualization_virtualmachine WHERE id = @id", new { id = vm["id"]!.GetValue<long>() });
        stored.ShouldBe(cluster["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Every_reference_form_resolves_the_cluster()
    {
        var cluster = await ClusterAsync();
        var id = cluster["id"]!.GetValue<long>();
        object[] forms = [id, id.ToString(), new { id }, cluster, new { name = cluster["name"]!.GetValue<string>() }];

        foreach (var form in forms)
        {
            var vm = await VmAsync(new { name = Http.Unique("ref"), cluster = form });
            vm["cluster"]!["id"]!.GetValue<long>().ShouldBe(id, form.ToString());
        }
    }

    [Theory]
    [InlineData("987654321", "Related object not found using the provided numeric ID: 987654321")]
    [InlineData("{\"name\": \"no-such-cluster\"}", "Related object not found using the provided attributes: {'name': 'no-such-cluster'}")]
    [InlineData("\"not-a-number\"", "Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: not-a-number")]
    [InlineData("{\"colour\": \"red\"}", "Cannot resolve keyword 'colour' into field. Choices are: id, name.")]
    public async Task A_bad_reference_is_a_field_error_and_nothing_is_written(string cluster, string message)
    {
        var name = Http.Unique("badref");

        var (response, body) = await _client.PostJsonAsync(Vms, $$"""{"name": "{{name}}", "cluster": {{cluster}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["cluster"]![0]!.GetValue<string>().ShouldBe(message);
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public async Task Choices_are_written_plain_or_as_a_value_object_and_validated()
    {
        var plain = await VmAsync(new { name = Http.Unique("ch"), status = "staged" });
        var wrapped = await VmAsync(new { name = Http.Unique("ch"), status = new { value = "failed" } });
        var (bad, body) = await _client.PostJsonAsync(Vms, new { name = Http.Unique("ch"), status = "bogus" });

        plain["status"]!["value"]!.GetValue<string>().ShouldBe("staged");
        wrapped["status"]!["value"]!.GetValue<string>().ShouldBe("failed");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["status"]![0]!.GetValue<string>().ShouldBe("\"bogus\" is not a valid choice.");
    }

    [Fact]
    public async Task Numbers_are_range_checked_with_netbox_messages()
    {
        var (response, body) = await _client.PostJsonAsync(Vms, new { name = Http.Unique("num"), vcpus = 0, memory = -1, disk = 99999999999 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["vcpus"]![0]!.GetValue<string>().ShouldBe("Ensure this value is greater than or equal to 0.01.");
        body["memory"]![0]!.GetValue<string>().ShouldBe("Ensure this value is greater than or equal to 0.");
        body["disk"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 2147483647.");
    }

    [Fact]
    public async Task A_name_is_unique_per_cluster_case_insensitively_but_not_across_clusters()
    {
        var one = await ClusterAsync();
        var two = await ClusterAsync();
        var name = Http.Unique("Dup");
        await VmAsync(new { name, cluster = one["id"]!.GetValue<long>() });

        var (clash, body) = await _client.PostJsonAsync(Vms, new { name = name.ToUpperInvariant(), cluster = one["id"]!.GetValue<long>() });
        var (elsewhere, _) = await _client.PostJsonAsync(Vms, new { name, cluster = two["id"]!.GetValue<long>() });

        clash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["__all__"]![0]!.GetValue<string>().ShouldBe("Virtual machine name must be unique per cluster.");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Filters_by_cluster_under_every_spelling_status_and_numbers()
    {
        var cluster = await ClusterAsync();
        var cid = cluster["id"]!.GetValue<long>();
        var prefix = Http.Unique("flt");
        await VmAsync(new { name = $"{prefix}-a", cluster = cid, status = "active", memory = 1024 });
        await VmAsync(new { name = $"{prefix}-b", cluster = cid, status = "offline", memory = 8192 });
        await VmAsync(new { name = $"{prefix}-c", status = "offline" });

        async Task<string[]> Names(string query) =>
            (await _client.GetJsonAsync($"{Vms}?name__isw={prefix}&{query}")).Body!["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToArray();

        (await Names($"cluster={cid}")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await Names($"cluster_id={cid}")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await Names($"cluster__name={cluster["name"]!.GetValue<string>()}")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await Names("cluster=null")).ShouldBe([$"{prefix}-c"]);
        (await Names($"cluster__n={cid}")).ShouldBe([$"{prefix}-c"]);
        (await Names("status=offline")).ShouldBe([$"{prefix}-b", $"{prefix}-c"]);
        (await Names("memory__gte=2048")).ShouldBe([$"{prefix}-b"]);
        (await Names("ordering=-name")).ShouldBe([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"]);
        var (bad, errors) = await _client.GetJsonAsync($"{Vms}?status=bogus");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!["status"]![0]!.GetValue<string>().ShouldBe("Select a valid choice. bogus is not one of the available choices.");
    }

    [Fact]
    public async Task Ordering_by_cluster_sorts_by_the_clusters_name()
    {
        var zed = await ClusterAsync(Http.Unique("zz"));
        var abe = await ClusterAsync(Http.Unique("aa"));
        var prefix = Http.Unique("ord");
        await VmAsync(new { name = $"{prefix}-1", cluster = zed["id"]!.GetValue<long>() });
        await VmAsync(new { name = $"{prefix}-2", cluster = abe["id"]!.GetValue<long>() });

        var (_, body) = await _client.GetJsonAsync($"{Vms}?name__isw={prefix}&ordering=cluster");

        body!["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ShouldBe([$"{prefix}-2", $"{prefix}-1"]);
    }

    [Fact]
    public async Task Tags_are_written_by_id_or_slug_replaced_and_cleared_and_custom_fields_merge()
    {
        var red = Http.Unique("red");
        var blue = Http.Unique("blue");
        var redId = (await _client.PostJsonAsync("/api/extras/tags/", new { name = red, slug = red })).Body!["id"]!.GetValue<long>();
        await _client.PostJsonAsync("/api/extras/tags/", new { name = blue, slug = blue });
        var vm = await VmAsync(new { name = Http.Unique("tags"), tags = new object[] { redId, new { slug = blue } }, custom_fields = new { owner = "ops", tier = 1 } });
        var url = vm["url"]!.GetValue<string>();

        vm["tags"]!.AsArray().Select(t => t!["slug"]!.GetValue<string>()).Order().ShouldBe(new[] { blue, red }.Order());
        var (_, patched) = await _client.SendAsync(HttpMethod.Patch, url, new { tags = new[] { redId }, custom_fields = new { tier = (int?)null, site = "lab" } });
        patched!["tags"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()).ShouldBe([redId]);
        // Merged key by key (jsonb orders keys its own way, as in NetBox).
        patched["custom_fields"]!.AsObject().Select(p => $"{p.Key}={p.Value}").Order().ShouldBe(["owner=ops", "site=lab"]);
        var (_, untouched) = await _client.SendAsync(HttpMethod.Patch, url, new { description = "tags stay" });
        untouched!["tags"]!.AsArray().Count.ShouldBe(1);
        var (_, cleared) = await _client.SendAsync(HttpMethod.Patch, url, new { tags = Array.Empty<int>() });
        cleared!["tags"]!.AsArray().ShouldBeEmpty();
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine_tags WHERE object_id = @id", new { id = vm["id"]!.GetValue<long>() })).ShouldBe(0);
    }

    [Fact]
    public async Task Deleting_a_cluster_leaves_its_vms_without_one()
    {
        var cluster = await ClusterAsync();
        var vm = await VmAsync(new { name = Http.Unique("orphan"), cluster = cluster["id"]!.GetValue<long>() });

        (await _client.SendAsync(HttpMethod.Delete, cluster["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var (_, after) = await _client.GetJsonAsync(vm["url"]!.GetValue<string>());
        after!["cluster"].ShouldBeNull();
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE id = @id AND cluster_id IS NULL", new { id = vm["id"]!.GetValue<long>() })).ShouldBe(1);
    }

    [Fact]
    public async Task Put_patch_bulk_update_and_bulk_delete()
    {
        var a = await VmAsync(new { name = Http.Unique("upd") });
        var b = await VmAsync(new { name = Http.Unique("upd") });

        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, a["url"]!.GetValue<string>(), new { name = a["name"]!.GetValue<string>(), status = "offline", memory = 512 });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, Vms, new object[]
        {
            new { id = a["id"]!.GetValue<long>(), disk = 10 }, new { id = b["id"]!.GetValue<long>(), disk = 20 },
        });
        var (gone, _) = await _client.SendAsync(HttpMethod.Delete, Vms, new object[] { new { id = a["id"]!.GetValue<long>() }, new { id = b["id"]!.GetValue<long>() } });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        putBody!["memory"]!.GetValue<int>().ShouldBe(512);
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        bulkBody!.AsArray().Select(v => v!["disk"]!.GetValue<int>()).Order().ShouldBe([10, 20]);
        gone.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE id IN (@a, @b)", new { a = a["id"]!.GetValue<long>(), b = b["id"]!.GetValue<long>() })).ShouldBe(0);
    }

    [Fact]
    public async Task Options_offers_the_status_choices_for_pynetbox()
    {
        var (_, options) = await _client.SendAsync(HttpMethod.Options, Vms);

        options!["name"]!.GetValue<string>().ShouldBe("Virtual Machine List");
        options["actions"]!["POST"]!["status"]!["choices"]![1]!.ToJsonString().ShouldBe("""{"value":"active","display_name":"Active"}""");
    }

    [Fact]
    public async Task A_user_limited_to_one_clusters_vms_sees_and_writes_only_those()
    {
        var mine = await ClusterAsync();
        var other = await ClusterAsync();
        var mineId = mine["id"]!.GetValue<long>();
        var visible = await VmAsync(new { name = Http.Unique("mine"), cluster = mineId });
        var hidden = await VmAsync(new { name = Http.Unique("theirs"), cluster = other["id"]!.GetValue<long>() });
        var username = Http.Unique("ops");
        var user = (await _client.PostJsonAsync("/api/users/users/", new { username })).Body!;
        var token = (await _client.PostJsonAsync("/api/users/tokens/", new { user = user["id"]!.GetValue<long>() })).Body!;
        await _client.PostJsonAsync("/api/users/permissions/", new
        {
            name = Http.Unique("one-cluster"), object_types = new[] { "virtualization.virtualmachine" },
            actions = new[] { "view", "add", "change" }, constraints = new { cluster = mineId }, users = new[] { user["id"]!.GetValue<long>() },
        });
        var client = api.CreateClient($"Token nbt_{token["key"]!.GetValue<string>()}.{token["token"]!.GetValue<string>()}");

        var (_, list) = await client.GetJsonAsync($"{Vms}?id={visible["id"]}&id={hidden["id"]}");
        var (_, count) = await client.GetJsonAsync($"{Vms}?limit=1&cluster={other["id"]}");
        var (detail, _) = await client.GetJsonAsync(hidden["url"]!.GetValue<string>());
        var (intoOther, _) = await client.PostJsonAsync(Vms, new { name = Http.Unique("sneak"), cluster = other["id"]!.GetValue<long>() });
        var (moveOut, _) = await client.SendAsync(HttpMethod.Patch, visible["url"]!.GetValue<string>(), new { cluster = other["id"]!.GetValue<long>() });
        var (inside, _) = await client.PostJsonAsync(Vms, new { name = Http.Unique("fine"), cluster = mineId });

        list!["count"]!.GetValue<long>().ShouldBe(1);
        list["results"]![0]!["id"]!.GetValue<long>().ShouldBe(visible["id"]!.GetValue<long>());
        count!["count"]!.GetValue<long>().ShouldBe(0);
        detail.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        intoOther.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        moveOut.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        inside.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.ScalarAsync<long>("SELECT cluster_id FROM virtualization_virtualmachine WHERE id = @id", new { id = visible["id"]!.GetValue<long>() })).ShouldBe(mineId);
    }

    [Fact]
    public async Task The_cluster_and_vm_json_shapes_are_pinned()
    {
        var cluster = (await _client.PostJsonAsync(Clusters, new { name = "Snapshot cluster", description = "pinned", comments = "c" })).Body!;
        var vm = await VmAsync(new { name = "snapshot-vm", cluster = cluster["id"]!.GetValue<long>(), status = "active", vcpus = 2, memory = 2048, disk = 20480, custom_fields = new { owner = "ops" } });
        var (_, brief) = await _client.GetJsonAsync(vm["url"]!.GetValue<string>() + "?brief=true");
        var (_, clusterBrief) = await _client.GetJsonAsync(cluster["url"]!.GetValue<string>() + "?brief=true");

        Snapshots.Normalize(new JsonObject
        {
            ["cluster"] = cluster.DeepClone(), ["cluster_brief"] = clusterBrief!.DeepClone(), ["vm"] = vm.DeepClone(), ["vm_brief"] = brief!.DeepClone(),
        }).ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
