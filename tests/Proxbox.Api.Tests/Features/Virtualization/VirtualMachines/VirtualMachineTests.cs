using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.Virtualization.VirtualMachines;

namespace Proxbox.Api.Tests.Features.Virtualization.VirtualMachines;

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

    private async Task<string[]> NamesAsync(string prefix, string query) =>
        (await _client.GetJsonAsync($"{Vms}?name__isw={prefix}&{query}")).Body!["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Create_answers_201_with_location_defaults_the_status_and_stores_the_row()
    {
        var name = Http.Unique("vm");

        var (response, body) = await _client.PostJsonAsync(Vms, new { name = $" {name}  ", comments = "from proxmox" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = body!["id"]!.GetValue<long>();
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/virtualization/virtual-machines/{id}/");
        body["display"]!.GetValue<string>().ShouldBe(name);
        body["status"]!.ToJsonString().ShouldBe("""{"value":"active","label":"Active"}""");
        body["cluster"].ShouldBeNull();
        body["vcpus"].ShouldBeNull();
        body["memory"].ShouldBeNull();
        body["disk"].ShouldBeNull();
        await using var conn = api.OpenDatabase();
        var row = await conn.QuerySingleAsync<(string Name, string Status, long? ClusterId, decimal? Vcpus, int? Memory, int? Disk, string Comments)>(
            "SELECT name, status, cluster_id, vcpus, memory, disk, comments FROM virtualization_virtualmachine WHERE id = @id", new { id });
        row.ShouldBe((name, "active", null, null, null, null, "from proxmox"));
        var (fetched, again) = await _client.GetJsonAsync(body["url"]!.GetValue<string>());
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        again!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Fact]
    public async Task Name_is_required_and_lengths_are_validated_and_nothing_is_stored()
    {
        var marker = Http.Unique("len");

        var (missing, missingBody) = await _client.PostJsonAsync(Vms, new { comments = marker });
        var (tooLong, tooLongBody) = await _client.PostJsonAsync(Vms, new { name = new string('n', 65), description = new string('d', 201), comments = marker });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!.ToJsonString().ShouldBe("""{"name":["This field is required."]}""");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooLongBody!["name"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 64 characters.");
        tooLongBody["description"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 200 characters.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE comments = @marker", new { marker })).ShouldBe(0);
    }

    [Fact]
    public async Task A_deleted_clusters_id_is_not_found_in_either_numeric_form()
    {
        var cluster = await ClusterAsync();
        var id = cluster["id"]!.GetValue<long>();
        await _client.SendAsync(HttpMethod.Delete, cluster["url"]!.GetValue<string>());
        var name = Http.Unique("gone");

        var (asNumber, numberBody) = await _client.PostJsonAsync(Vms, new { name, cluster = id });
        var (asString, stringBody) = await _client.PostJsonAsync(Vms, new { name, cluster = id.ToString() });
        var (asDict, dictBody) = await _client.PostJsonAsync(Vms, new { name, cluster = new { id } });

        foreach (var (response, body) in new[] { (asNumber, numberBody), (asString, stringBody), (asDict, dictBody) })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            body!.ToJsonString().ShouldBe($$"""{"cluster":["Related object not found using the provided numeric ID: {{id}}"]}""");
        }

        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing_and_answers_an_array_in_order()
    {
        var cluster = await ClusterAsync();
        var cid = cluster["id"]!.GetValue<long>();
        var prefix = Http.Unique("bulk");

        var (refused, errors) = await _client.PostJsonAsync(Vms, new object[]
        {
            new { name = prefix + "-ok", cluster = cid }, new { name = prefix + "-bad", cluster = new { name = "no-such-cluster" } },
        });
        var storedAfterRefusal = await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE name LIKE @p", new { p = prefix + "%" });
        var (created, body) = await _client.PostJsonAsync(Vms, new object[]
        {
            new { name = prefix + "-2", cluster = cid, memory = 1 }, new { name = prefix + "-1", cluster = new { name = cluster["name"]!.GetValue<string>() }, memory = 2 },
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.AsArray().Count.ShouldBe(2);
        errors[0]!.AsObject().ShouldBeEmpty();
        errors[1]!["cluster"]![0]!.GetValue<string>().ShouldBe("Related object not found using the provided attributes: {'name': 'no-such-cluster'}");
        storedAfterRefusal.ShouldBe(0);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        body!.AsArray().Select(v => v!["name"]!.GetValue<string>()).ShouldBe([prefix + "-2", prefix + "-1"]);
        body.AsArray().Select(v => v!["cluster"]!["id"]!.GetValue<long>()).ShouldBe([cid, cid]);
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<(string Name, long ClusterId, int Memory)>(
                "SELECT name, cluster_id, memory FROM virtualization_virtualmachine WHERE name LIKE @p ORDER BY name", new { p = prefix + "%" }))
            .ShouldBe([(prefix + "-1", cid, 2), (prefix + "-2", cid, 1)]);
    }

    [Fact]
    public async Task Uniqueness_holds_on_rename_on_moving_clusters_and_within_one_bulk_request_but_not_without_a_cluster()
    {
        var one = await ClusterAsync();
        var two = await ClusterAsync();
        long oneId = one["id"]!.GetValue<long>(), twoId = two["id"]!.GetValue<long>();
        var name = Http.Unique("uq");
        await VmAsync(new { name, cluster = oneId });
        var other = await VmAsync(new { name = Http.Unique("uq"), cluster = oneId });
        var elsewhere = await VmAsync(new { name, cluster = twoId });

        var (rename, renameBody) = await _client.SendAsync(HttpMethod.Patch, other["url"]!.GetValue<string>(), new { name = name.ToUpperInvariant() });
        var (move, moveBody) = await _client.SendAsync(HttpMethod.Patch, elsewhere["url"]!.GetValue<string>(), new { cluster = oneId });
        var twin = Http.Unique("twin");
        var (bulk, bulkBody) = await _client.PostJsonAsync(Vms, new object[] { new { name = twin, cluster = twoId }, new { name = twin, cluster = twoId } });
        var loose = Http.Unique("loose");
        var (unclustered, unclusteredBody) = await _client.PostJsonAsync(Vms, new object[] { new { name = loose }, new { name = loose } });

        const string Message = """{"__all__":["Virtual machine name must be unique per cluster."]}""";
        rename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        renameBody!.ToJsonString().ShouldBe(Message);
        move.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        moveBody!.ToJsonString().ShouldBe(Message);
        bulk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bulkBody!.AsArray()[0]!.AsObject().ShouldBeEmpty();
        bulkBody[1]!.ToJsonString().ShouldBe(Message);
        unclustered.StatusCode.ShouldBe(HttpStatusCode.Created, "VMs without a cluster are not compared (NULLs are distinct, as in NetBox's constraint)");
        unclusteredBody!.AsArray().Count.ShouldBe(2);
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(string Name, long ClusterId)>("SELECT name, cluster_id FROM virtualization_virtualmachine WHERE id = @id", new { id = other["id"]!.GetValue<long>() }))
            .ShouldBe((other["name"]!.GetValue<string>(), oneId));
        (await conn.ExecuteScalarAsync<long>("SELECT cluster_id FROM virtualization_virtualmachine WHERE id = @id", new { id = elsewhere["id"]!.GetValue<long>() })).ShouldBe(twoId);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE name = @twin", new { twin })).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE name = @loose AND cluster_id IS NULL", new { loose })).ShouldBe(2);
    }

    [Fact]
    public async Task Null_sentinel_negations_number_lookups_text_lookups_and_tags()
    {
        var cluster = await ClusterAsync();
        var cid = cluster["id"]!.GetValue<long>();
        var prefix = Http.Unique("lk");
        var tag = Http.Unique("t");
        await _client.PostJsonAsync("/api/extras/tags/", new { name = tag, slug = tag });
        await VmAsync(new { name = $"{prefix}-a", cluster = cid, vcpus = 1.5, memory = 1024, disk = 10, description = "Web tier", tags = new[] { new { slug = tag } } });
        await VmAsync(new { name = $"{prefix}-b", cluster = cid, status = "offline", vcpus = 4, memory = 4096, comments = "needs a RAID check" });
        await VmAsync(new { name = $"{prefix}-c", status = "planned" });

        (await NamesAsync(prefix, $"cluster=null&cluster={cid}")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync(prefix, "cluster_id=null")).ShouldBe([$"{prefix}-c"]);
        (await NamesAsync(prefix, $"cluster_id__n={cid}")).ShouldBe([$"{prefix}-c"]);
        (await NamesAsync(prefix, "cluster__n=null")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await NamesAsync(prefix, $"cluster__name__ic={cluster["name"]!.GetValue<string>().ToUpperInvariant()}")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await NamesAsync(prefix, "status=planned&status=offline")).ShouldBe([$"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync(prefix, "status__n=offline")).ShouldBe([$"{prefix}-a", $"{prefix}-c"]);
        (await NamesAsync(prefix, "vcpus=1.5")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync(prefix, "vcpus__gt=1.5")).ShouldBe([$"{prefix}-b"]);
        (await NamesAsync(prefix, "vcpus__lte=4")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await NamesAsync(prefix, "vcpus__empty=true")).ShouldBe([$"{prefix}-c"]);
        (await NamesAsync(prefix, "vcpus=null")).ShouldBe([$"{prefix}-c"]);
        (await NamesAsync(prefix, "memory=1024,4096")).ShouldBe([$"{prefix}-a", $"{prefix}-b"]);
        (await NamesAsync(prefix, "memory__lt=4096")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync(prefix, "memory__n=1024")).ShouldBe([$"{prefix}-b", $"{prefix}-c"], "negation keeps NULL memory, as Django's exclude() does");
        (await NamesAsync(prefix, "disk=null")).ShouldBe([$"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync(prefix, "disk__gte=10")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync(prefix, "description__ic=web")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync(prefix, "description=Web tier")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync(prefix, "q=raid")).ShouldBe([$"{prefix}-b"], "q searches comments too");
        (await NamesAsync(prefix, $"tag={tag}")).ShouldBe([$"{prefix}-a"]);
        (await NamesAsync(prefix, $"tag__n={tag}")).ShouldBe([$"{prefix}-b", $"{prefix}-c"]);

        foreach (var (query, key, message) in new[]
                 {
                     ("memory=lots", "memory", "Enter a whole number."),
                     ("vcpus=two", "vcpus", "Enter a number."),
                     ("cluster=prod", "cluster", "\u201cprod\u201d is not a valid value."),
                     ("cluster_id=prod", "cluster_id", "\u201cprod\u201d is not a valid value."),
                     ("status__n=bogus", "status__n", "Select a valid choice. bogus is not one of the available choices."),
                 })
        {
            var (bad, errors) = await _client.GetJsonAsync($"{Vms}?{query}");
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            errors!.ToJsonString().ShouldBe(new JsonObject { [key] = new JsonArray(message) }.ToJsonString(), query);
        }
    }

    [Fact]
    public async Task Default_ordering_is_by_name_then_id_and_ordering_takes_cluster_and_numbers()
    {
        var zed = await ClusterAsync(Http.Unique("zz"));
        var abe = await ClusterAsync(Http.Unique("aa"));
        var prefix = Http.Unique("dflt");
        var b = await VmAsync(new { name = $"{prefix}-b", cluster = abe["id"]!.GetValue<long>(), memory = 3 });
        var a1 = await VmAsync(new { name = $"{prefix}-a", cluster = zed["id"]!.GetValue<long>(), memory = 1 });
        var a2 = await VmAsync(new { name = $"{prefix}-a", cluster = abe["id"]!.GetValue<long>(), memory = 2 });

        async Task<long[]> Ids(string query) =>
            (await _client.GetJsonAsync($"{Vms}?name__isw={prefix}{query}")).Body!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ToArray();
        long Id(JsonNode vm) => vm["id"]!.GetValue<long>();

        (await Ids("")).ShouldBe([Id(a1), Id(a2), Id(b)]);
        (await Ids("&ordering=-cluster")).ShouldBe([Id(a1), Id(b), Id(a2)], "ties on the cluster's name fall back to id");
        (await Ids("&ordering=-memory")).ShouldBe([Id(b), Id(a2), Id(a1)]);
        (await Ids("&ordering=nonsense")).ShouldBe([Id(a1), Id(a2), Id(b)], "unknown ordering terms are ignored");
    }

    [Fact]
    public async Task Patch_detaches_the_cluster_and_a_detail_delete_removes_the_row()
    {
        var cluster = await ClusterAsync();
        var vm = await VmAsync(new { name = Http.Unique("pd"), cluster = cluster["id"]!.GetValue<long>(), vcpus = 2, memory = 2048 });
        var id = vm["id"]!.GetValue<long>();
        var url = vm["url"]!.GetValue<string>();

        var (patched, body) = await _client.SendAsync(HttpMethod.Patch, url, new { cluster = (object?)null, status = new { value = "offline" }, vcpus = "0.5" });

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["cluster"].ShouldBeNull();
        body["status"]!["value"]!.GetValue<string>().ShouldBe("offline");
        body["vcpus"]!.GetValue<decimal>().ShouldBe(0.5m);
        body["memory"]!.GetValue<int>().ShouldBe(2048, "a PATCH leaves the fields it omits");
        await using (var conn = api.OpenDatabase())
        {
            (await conn.QuerySingleAsync<(long? ClusterId, string Status, decimal Vcpus, int Memory)>(
                    "SELECT cluster_id, status, vcpus, memory FROM virtualization_virtualmachine WHERE id = @id", new { id }))
                .ShouldBe((null, "offline", 0.5m, 2048));
        }

        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, url);
        var (after, afterBody) = await _client.GetJsonAsync(url);

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        after.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        afterBody!.ToJsonString().ShouldBe("""{"detail":"No VirtualMachine matches the given query."}""");
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_virtualmachine WHERE id = @id", new { id })).ShouldBe(0);
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_cluster WHERE id = @id", new { id = cluster["id"]!.GetValue<long>() })).ShouldBe(1);
    }

    [Theory]
    [InlineData("q", "pve", new[] { "virtualization_virtualmachine_name_trgm", "virtualization_virtualmachine_description_trgm", "virtualization_virtualmachine_comments_trgm" })]
    [InlineData("cluster", "1", new[] { "virtualization_virtualmachine_unique_name_cluster" })]
    [InlineData("cluster__name", "prod", new[] { "virtualization_cluster_name_key", "virtualization_virtualmachine_unique_name_cluster" })]
    [InlineData("status", "active", new[] { "virtualization_virtualmachine_status" })]
    [InlineData("name__ic", "web", new[] { "virtualization_virtualmachine_name_trgm" })]
    [InlineData("vcpus__gte", "2", new[] { "virtualization_virtualmachine_vcpus" })]
    [InlineData("memory__lt", "1024", new[] { "virtualization_virtualmachine_memory" })]
    [InlineData("disk", "10", new[] { "virtualization_virtualmachine_disk" })]
    [InlineData("description__ic", "web", new[] { "virtualization_virtualmachine_description_trgm" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "virtualization_virtualmachine_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "virtualization_virtualmachine_last_updated" })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new VirtualMachineResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_virtual_machine_json_shape_is_pinned()
    {
        var cluster = await ClusterAsync("Pinned VM cluster");
        var vm = await VmAsync(new
        {
            name = "pinned-vm", cluster = cluster["id"]!.GetValue<long>(), status = "active", vcpus = 2, memory = 2048, disk = 20480,
            description = "pinned", custom_fields = new { owner = "ops" },
        });

        var contract = await Approvals.ContractAsync(_client, vm, new { name = "", status = "bogus" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
