using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.Operations.BackupRoutines;

namespace Proxbox.Api.Tests.Features.Operations.BackupRoutines;

[Collection(ApiCollection.Name)]
public sealed class BackupRoutineTests(ApiFactory api)
{
    private const string Routines = Lab.Routines;
    private readonly HttpClient _client = api.CreateClient();
    private readonly Lab _lab = new(api.CreateClient());

    private static long Id(JsonNode node) => node["id"]!.GetValue<long>();

    private async Task<string[]> JobsAsync(long endpoint, string query) =>
        (await _client.GetJsonAsync($"{Routines}?endpoint_id={endpoint}&{query}")).Body!["results"]!.AsArray().Select(r => r!["job_id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Create_answers_201_with_location_and_every_default_and_stores_the_row()
    {
        var endpoint = await _lab.EndpointAsync();

        var (response, body) = await _client.PostJsonAsync(Routines, new { endpoint = Id(endpoint), job_id = "  backup-defaults  " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var id = Id(body!);
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/plugins/proxbox/backup-routines/{id}/");
        body!.AsObject().Select(p => p.Key).ShouldBe([
            "id", "url", "display", "endpoint", "job_id", "enabled", "schedule", "next_run", "node", "storage", "selection", "comment", "status",
            "keep_last", "keep_daily", "keep_weekly", "keep_monthly", "keep_yearly", "keep_all", "notes_template", "bwlimit", "zstd", "io_workers",
            "fleecing", "fleecing_storage", "repeat_missed", "pbs_change_detection_mode", "raw_config", "tags", "custom_fields", "created", "last_updated",
        ]);
        body["display"]!.GetValue<string>().ShouldBe("backup-defaults", "no schedule, no parenthesis");
        body["endpoint"]!.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = Id(endpoint), ["url"] = endpoint["url"]!.GetValue<string>(), ["display"] = endpoint["display"]!.GetValue<string>(),
            ["name"] = endpoint["name"]!.GetValue<string>(),
        }.ToJsonString());
        body["enabled"]!.GetValue<bool>().ShouldBeTrue();
        body["schedule"]!.GetValue<string>().ShouldBe("");
        body["next_run"].ShouldBeNull();
        body["selection"]!.ToJsonString().ShouldBe("[]");
        body["status"]!.ToJsonString().ShouldBe("""{"value":"active","label":"Active"}""");
        body["fleecing"]!.GetValue<string>().ShouldBe("");
        body["raw_config"]!.ToJsonString().ShouldBe("{}");
        foreach (var key in new[] { "node", "storage", "keep_last", "keep_daily", "keep_weekly", "keep_monthly", "keep_yearly", "keep_all", "bwlimit", "zstd", "io_workers", "fleecing_storage", "repeat_missed" })
        {
            body[key].ShouldBeNull(key);
        }

        await using var conn = api.OpenDatabase();
        var row = await conn.QuerySingleAsync<(string JobId, bool Enabled, string Schedule, string Selection, string Status, bool? KeepAll, bool? RepeatMissed, string Fleecing, string RawConfig)>(
            "SELECT job_id, enabled, schedule, selection::text, status, keep_all, repeat_missed, fleecing, raw_config::text FROM netbox_proxbox_backuproutine WHERE id = @id", new { id });
        row.ShouldBe(("backup-defaults", true, "", "[]", "active", null, null, "", "{}"));
        var (_, again) = await _client.GetJsonAsync(body["url"]!.GetValue<string>());
        again!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Fact]
    public async Task Nested_node_storage_and_fleecing_storage_read_back_in_their_nested_forms()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var node = await _lab.NodeAsync(endpoint, nodeId: 3);
        var cluster = await _lab.ClusterAsync();
        var storage = await _lab.StorageAsync(cluster);
        var scratch = await _lab.StorageAsync(cluster);

        var routine = await _lab.RoutineAsync(new
        {
            endpoint, job_id = "job-1", schedule = "0 2 * * *", node, storage = new { id = storage }, fleecing_storage = scratch.ToString(),
            selection = new[] { 100, 101, 102 }, keep_daily = 7, keep_weekly = 4, keep_monthly = 3, raw_config = new { compress = "zstd", mode = "snapshot" },
        });

        routine["display"]!.GetValue<string>().ShouldBe("job-1 (0 2 * * *)");
        routine["node"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name", "node_id", "online"]);
        routine["node"]!["id"]!.GetValue<long>().ShouldBe(node);
        routine["node"]!["url"]!.GetValue<string>().ShouldBe($"http://localhost/api/plugins/proxbox/nodes/{node}/");
        routine["node"]!["node_id"]!.GetValue<int>().ShouldBe(3);
        routine["node"]!["online"]!.GetValue<bool>().ShouldBeTrue();
        routine["storage"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "cluster", "name"]);
        routine["storage"]!["url"]!.GetValue<string>().ShouldBe($"http://localhost/api/plugins/proxbox/storage/{storage}/");
        routine["storage"]!["display"]!.GetValue<string>().ShouldBe(routine["storage"]!["name"]!.GetValue<string>());
        routine["storage"]!["cluster"]!["id"]!.GetValue<long>().ShouldBe(cluster);
        routine["fleecing_storage"]!["id"]!.GetValue<long>().ShouldBe(scratch);
        routine["selection"]!.ToJsonString().ShouldBe("[100,101,102]");
        routine["raw_config"]!["compress"]!.GetValue<string>().ShouldBe("zstd");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long Node, long Storage, long Fleecing, string Selection)>(
                "SELECT node_id, storage_id, fleecing_storage_id, selection::text FROM netbox_proxbox_backuproutine WHERE id = @id", new { id = Id(routine) }))
            .ShouldBe((node, storage, scratch, "[100, 101, 102]"));
    }

    [Fact]
    public async Task Required_fields_lengths_ranges_choices_and_types_answer_with_netbox_messages_and_store_nothing()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var marker = Http.Unique("bad");

        var (missing, missingBody) = await _client.PostJsonAsync(Routines, new { comment = marker });
        var (invalid, invalidBody) = await _client.PostJsonAsync(Routines, new
        {
            endpoint, job_id = new string('j', 256), schedule = new string('s', 256), fleecing = new string('f', 256), pbs_change_detection_mode = new string('p', 51),
            keep_daily = -1, bwlimit = 2147483648L, status = "gone", raw_config = new[] { 1 }, enabled = "perhaps", keep_all = "sometimes", comment = marker,
        });
        var (blank, blankBody) = await _client.PostJsonAsync(Routines, new { endpoint, job_id = "  ", comment = marker });
        var (nullStatus, nullStatusBody) = await _client.PostJsonAsync(Routines, new { endpoint, job_id = marker, status = (string?)null, comment = marker });
        var (noEndpoint, noEndpointBody) = await _client.PostJsonAsync(Routines, new { endpoint = 987654321, job_id = marker, comment = marker });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!.ToJsonString().ShouldBe("""{"endpoint":["This field is required."],"job_id":["This field is required."]}""");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalidBody!["job_id"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["schedule"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["fleecing"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["pbs_change_detection_mode"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 50 characters.");
        invalidBody["keep_daily"]![0]!.GetValue<string>().ShouldBe("Ensure this value is greater than or equal to 0.");
        invalidBody["bwlimit"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 2147483647.");
        invalidBody["status"]![0]!.GetValue<string>().ShouldBe("\"gone\" is not a valid choice.");
        invalidBody["raw_config"]![0]!.GetValue<string>().ShouldBe("Expected a dictionary of items but got type \"list\".");
        invalidBody["enabled"]![0]!.GetValue<string>().ShouldBe("Must be a valid boolean.");
        invalidBody["keep_all"]![0]!.GetValue<string>().ShouldBe("Must be a valid boolean.");
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        blankBody!.ToJsonString().ShouldBe("""{"job_id":["This field may not be blank."]}""");
        nullStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        nullStatusBody!.ToJsonString().ShouldBe("""{"status":["This field cannot be null."]}""", "the model's message, as upstream's serializer lets null through to it");
        noEndpoint.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noEndpointBody!.ToJsonString().ShouldBe("""{"endpoint":["Related object not found using the provided numeric ID: 987654321"]}""");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_backuproutine WHERE comment = @marker", new { marker })).ShouldBe(0);
    }

    [Theory]
    [InlineData("[100, \"101\", 102.0, 0]", null, "[100, 101, 102, 0]")]
    [InlineData("[]", null, "[]")]
    [InlineData("[100, \"abc\"]", "Item 1: A valid integer is required.", null)]
    [InlineData("[-1]", "Item 0: Ensure this value is greater than or equal to 0.", null)]
    [InlineData("[100, null]", "Item 1: This field may not be null.", null)]
    [InlineData("[1.5]", "Item 0: A valid integer is required.", null)]
    [InlineData("[2147483648]", "Item 0: Ensure this value is less than or equal to 2147483647.", null)]
    [InlineData("[{\"vmid\": 100}]", "Item 0: A valid integer is required.", null)]
    [InlineData("[[100]]", "Item 0: A valid integer is required.", null)]
    [InlineData("[true]", "Item 0: A valid integer is required.", null)]
    [InlineData("\"100,101\"", "Expected a list of items but got type \"str\".", null)]
    [InlineData("{\"100\": true}", "Expected a list of items but got type \"dict\".", null)]
    [InlineData("100", "Expected a list of items but got type \"int\".", null)]
    [InlineData("null", "This field may not be null.", null)]
    public async Task Selection_is_a_list_of_vmids_and_anything_else_is_a_field_error(string selection, string? error, string? stored)
    {
        var endpoint = await _lab.EndpointIdAsync();
        var job = Http.Unique("sel");

        var (response, body) = await _client.PostJsonAsync(Routines, $$"""{"endpoint": {{endpoint}}, "job_id": "{{job}}", "selection": {{selection}}}""");

        if (error is null)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
            (await api.ScalarAsync<string>("SELECT selection::text FROM netbox_proxbox_backuproutine WHERE id = @id", new { id = Id(body!) })).ShouldBe(stored);
            body!["selection"]!.ToJsonString().ShouldBe(stored!.Replace(" ", ""));
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            body!.ToJsonString().ShouldBe(new JsonObject { ["selection"] = new JsonArray(error) }.ToJsonString());
            (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_backuproutine WHERE job_id = @job", new { job })).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_selection_patch_replaces_the_list_and_a_bad_item_leaves_it()
    {
        var routine = await _lab.RoutineAsync(new { endpoint = await _lab.EndpointIdAsync(), job_id = "sel-patch", selection = new[] { 100 } });
        var url = routine["url"]!.GetValue<string>();

        var (ok, okBody) = await _client.SendAsync(HttpMethod.Patch, url, new { selection = new[] { 200, 201 } });
        var (bad, badBody) = await _client.SendAsync(HttpMethod.Patch, url, """{"selection": [300, "x"]}""");

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        okBody!["selection"]!.ToJsonString().ShouldBe("[200,201]");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badBody!.ToJsonString().ShouldBe("""{"selection":["Item 1: A valid integer is required."]}""");
        (await api.ScalarAsync<string>("SELECT selection::text FROM netbox_proxbox_backuproutine WHERE id = @id", new { id = Id(routine) })).ShouldBe("[200, 201]");
    }

    [Fact]
    public async Task Fleecing_takes_json_booleans_as_proxmox_option_strings_and_the_flags_are_nullable()
    {
        var endpoint = await _lab.EndpointIdAsync();

        var on = await _lab.RoutineAsync(new { endpoint, job_id = "fl-on", fleecing = true, keep_all = true, repeat_missed = false });
        var off = await _lab.RoutineAsync(new { endpoint, job_id = "fl-off", fleecing = false, keep_all = (bool?)null, repeat_missed = "1" });
        var text = await _lab.RoutineAsync(new { endpoint, job_id = "fl-text", fleecing = " enabled=1,storage=local-lvm " });
        var (number, numberBody) = await _client.PostJsonAsync(Routines, new { endpoint, job_id = "fl-num", fleecing = 1 });
        var (list, listBody) = await _client.PostJsonAsync(Routines, new { endpoint, job_id = "fl-list", fleecing = new[] { "enabled=1" } });

        on["fleecing"]!.GetValue<string>().ShouldBe("enabled=1");
        on["keep_all"]!.GetValue<bool>().ShouldBeTrue();
        on["repeat_missed"]!.GetValue<bool>().ShouldBeFalse();
        off["fleecing"]!.GetValue<string>().ShouldBe("");
        off["keep_all"].ShouldBeNull();
        off["repeat_missed"]!.GetValue<bool>().ShouldBeTrue();
        text["fleecing"]!.GetValue<string>().ShouldBe("enabled=1,storage=local-lvm");
        number.StatusCode.ShouldBe(HttpStatusCode.Created);
        numberBody!["fleecing"]!.GetValue<string>().ShouldBe("1", "numbers are stringified");
        list.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        listBody!.ToJsonString().ShouldBe("""{"fleecing":["Not a valid string."]}""");
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<(string Job, string Fleecing, bool? KeepAll, bool? RepeatMissed)>(
                "SELECT job_id, fleecing, keep_all, repeat_missed FROM netbox_proxbox_backuproutine WHERE endpoint_id = @endpoint ORDER BY job_id", new { endpoint }))
            .ShouldBe([("fl-num", "1", null, null), ("fl-off", "", null, true), ("fl-on", "enabled=1", true, false), ("fl-text", "enabled=1,storage=local-lvm", null, null)]);
    }

    [Fact]
    public async Task Job_ids_are_unique_per_endpoint_on_create_rename_and_within_a_bulk_request()
    {
        var one = await _lab.EndpointIdAsync();
        var two = await _lab.EndpointIdAsync();
        await _lab.RoutineAsync(new { endpoint = one, job_id = "dup" });
        var other = await _lab.RoutineAsync(new { endpoint = one, job_id = "other" });

        var (clash, clashBody) = await _client.PostJsonAsync(Routines, new { endpoint = one, job_id = "dup" });
        var (elsewhere, _) = await _client.PostJsonAsync(Routines, new { endpoint = two, job_id = "dup" });
        var (rename, renameBody) = await _client.SendAsync(HttpMethod.Patch, other["url"]!.GetValue<string>(), new { job_id = "dup" });
        var (bulk, bulkBody) = await _client.PostJsonAsync(Routines, new object[] { new { endpoint = two, job_id = "twin" }, new { endpoint = two, job_id = "twin" } });

        const string Message = """{"__all__":["Backup Routine with this Proxmox endpoint and Job ID already exists."]}""";
        clash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        clashBody!.ToJsonString().ShouldBe(Message);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Created);
        rename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        renameBody!.ToJsonString().ShouldBe(Message);
        bulk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bulkBody!.ToJsonString().ShouldBe($"[{{}},{Message}]");
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<string>("SELECT job_id FROM netbox_proxbox_backuproutine WHERE endpoint_id = @one ORDER BY job_id", new { one })).ShouldBe(["dup", "other"]);
        (await conn.QueryAsync<string>("SELECT job_id FROM netbox_proxbox_backuproutine WHERE endpoint_id = @two ORDER BY job_id", new { two })).ShouldBe(["dup"]);
    }

    [Fact]
    public async Task The_operations_docs_curl_examples_filter_as_documented()
    {
        // The three examples of the plugin's operations page, each over routines that it must leave out.
        var endpoint = await _lab.EndpointIdAsync();
        var node = await _lab.NodeAsync(endpoint);
        var otherNode = await _lab.NodeAsync(endpoint);
        var storage = await _lab.StorageAsync();
        var otherStorage = await _lab.StorageAsync();
        await _lab.RoutineAsync(new { endpoint, job_id = "a-enabled-node-storage", node, storage });
        await _lab.RoutineAsync(new { endpoint, job_id = "b-disabled", enabled = false, node, storage = otherStorage });
        await _lab.RoutineAsync(new { endpoint, job_id = "c-stale", node, status = "stale", storage });
        await _lab.RoutineAsync(new { endpoint, job_id = "d-other-node", node = otherNode });

        (await JobsAsync(endpoint, "enabled=true")).ShouldBe(["a-enabled-node-storage", "c-stale", "d-other-node"]);
        (await JobsAsync(endpoint, $"storage_id={storage}")).ShouldBe(["a-enabled-node-storage", "c-stale"]);
        (await JobsAsync(endpoint, $"node_id={node}&status=active")).ShouldBe(["a-enabled-node-storage", "b-disabled"]);

        // The same through upstream's spelling, the listed filters, their lookups and q.
        (await JobsAsync(endpoint, $"storage={storage}")).ShouldBe(["a-enabled-node-storage", "c-stale"]);
        (await JobsAsync(endpoint, $"node={node}&status=active")).ShouldBe(["a-enabled-node-storage", "b-disabled"]);
        (await JobsAsync(endpoint, "enabled=False")).ShouldBe(["b-disabled"]);
        (await JobsAsync(endpoint, "storage=null")).ShouldBe(["d-other-node"]);
        (await JobsAsync(endpoint, $"storage__n={storage}")).ShouldBe(["b-disabled", "d-other-node"]);
        (await JobsAsync(endpoint, "status=stale")).ShouldBe(["c-stale"]);
        (await JobsAsync(endpoint, "status__n=stale")).ShouldBe(["a-enabled-node-storage", "b-disabled", "d-other-node"]);
        (await JobsAsync(endpoint, "job_id=b-disabled")).ShouldBe(["b-disabled"]);
        (await JobsAsync(endpoint, "job_id__isw=c-")).ShouldBe(["c-stale"]);
        (await JobsAsync(endpoint, "q=OTHER-NODE")).ShouldBe(["d-other-node"]);
        var (_, other) = await _client.GetJsonAsync($"{Routines}?endpoint={await _lab.EndpointIdAsync()}");
        other!["count"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task Keep_counts_schedules_comments_and_next_run_filter_and_bad_values_are_field_errors()
    {
        var endpoint = await _lab.EndpointIdAsync();
        await _lab.RoutineAsync(new { endpoint, job_id = "r1", keep_last = 3, keep_daily = 7, keep_weekly = 4, keep_monthly = 3, comment = "nightly VM backups", schedule = "daily" });
        await _lab.RoutineAsync(new { endpoint, job_id = "r2", keep_last = 1, keep_daily = 14, keep_yearly = 2, comment = "weekly", schedule = "sat 03:00" });
        await _lab.RoutineAsync(new { endpoint, job_id = "r3", comment = "none kept", schedule = "not a schedule", next_run = "2031-01-01T00:00:00Z" });

        (await JobsAsync(endpoint, "keep_last=3")).ShouldBe(["r1"]);
        (await JobsAsync(endpoint, "keep_last__gte=1")).ShouldBe(["r1", "r2"]);
        (await JobsAsync(endpoint, "keep_daily__gt=7")).ShouldBe(["r2"]);
        (await JobsAsync(endpoint, "keep_weekly=4")).ShouldBe(["r1"]);
        (await JobsAsync(endpoint, "keep_monthly__empty=true")).ShouldBe(["r2", "r3"]);
        (await JobsAsync(endpoint, "keep_yearly=2")).ShouldBe(["r2"]);
        (await JobsAsync(endpoint, "keep_daily=null")).ShouldBe(["r3"]);
        (await JobsAsync(endpoint, "keep_daily__n=7")).ShouldBe(["r2", "r3"]);
        (await JobsAsync(endpoint, "schedule=sat 03:00")).ShouldBe(["r2"]);
        (await JobsAsync(endpoint, "q=nightly")).ShouldBe(["r1"]);
        (await JobsAsync(endpoint, "next_run__gte=2030-06-01")).ShouldBe(["r3"]);
        (await JobsAsync(endpoint, "next_run__empty=true")).ShouldBe(["r1", "r2"]);
        (await JobsAsync(endpoint, "ordering=-keep_daily")).ShouldBe(["r3", "r2", "r1"], "descending puts nulls first, as PostgreSQL does");

        foreach (var (query, key, message) in new[]
                 {
                     ("keep_last=many", "keep_last", "Enter a whole number."),
                     ("storage_id=main", "storage_id", "\u201cmain\u201d is not a valid value."),
                     ("node=pve", "node", "\u201cpve\u201d is not a valid value."),
                     ("status=gone", "status", "Select a valid choice. gone is not one of the available choices."),
                     ("next_run__lt=tomorrow", "next_run__lt", "Enter a valid date/time."),
                 })
        {
            var (bad, errors) = await _client.GetJsonAsync($"{Routines}?{query}");
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            errors!.ToJsonString().ShouldBe(new JsonObject { [key] = new JsonArray(message) }.ToJsonString(), query);
        }
    }

    [Fact]
    public async Task Default_ordering_is_by_endpoint_then_job_id()
    {
        var zed = await _lab.EndpointIdAsync(Http.Unique("zz-order"));
        var abe = await _lab.EndpointIdAsync(Http.Unique("aa-order"));
        var z2 = await _lab.RoutineAsync(new { endpoint = zed, job_id = "job-2" });
        var z1 = await _lab.RoutineAsync(new { endpoint = zed, job_id = "job-1" });
        var a9 = await _lab.RoutineAsync(new { endpoint = abe, job_id = "job-9" });

        var (_, body) = await _client.GetJsonAsync($"{Routines}?id={Id(z2)}&id={Id(z1)}&id={Id(a9)}");
        var (_, byJob) = await _client.GetJsonAsync($"{Routines}?id={Id(z2)}&id={Id(z1)}&id={Id(a9)}&ordering=-job_id");

        body!["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(a9), Id(z1), Id(z2)]);
        byJob!["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(a9), Id(z2), Id(z1)]);
    }

    [Fact]
    public async Task Deleting_the_endpoint_takes_its_routines_and_deleting_a_node_or_storage_only_unlinks_it()
    {
        var endpoint = await _lab.EndpointAsync();
        var keeper = await _lab.EndpointIdAsync();
        var node = await _lab.NodeAsync(keeper);
        var storage = await _lab.StorageAsync();
        var scratch = await _lab.StorageAsync();
        var doomed = await _lab.RoutineAsync(new { endpoint = Id(endpoint), job_id = "goes" });
        var stays = await _lab.RoutineAsync(new { endpoint = keeper, job_id = "stays", node, storage, fleecing_storage = scratch });

        (await _client.SendAsync(HttpMethod.Delete, endpoint["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, $"/api/plugins/proxbox/nodes/{node}/")).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, $"/api/plugins/proxbox/storage/{storage}/")).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, $"/api/plugins/proxbox/storage/{scratch}/")).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await _client.GetJsonAsync(doomed["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var (_, after) = await _client.GetJsonAsync(stays["url"]!.GetValue<string>());
        after!["node"].ShouldBeNull();
        after["storage"].ShouldBeNull();
        after["fleecing_storage"].ShouldBeNull();
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_backuproutine WHERE id = @id", new { id = Id(doomed) })).ShouldBe(0);
        (await conn.QuerySingleAsync<(long? Node, long? Storage, long? Fleecing)>(
                "SELECT node_id, storage_id, fleecing_storage_id FROM netbox_proxbox_backuproutine WHERE id = @id", new { id = Id(stays) }))
            .ShouldBe((null, null, null));
    }

    [Fact]
    public async Task Put_patch_bulk_patch_and_bulk_delete()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var a = await _lab.RoutineAsync(new { endpoint, job_id = "a", schedule = "daily", keep_last = 2, comment = "kept" });
        var b = await _lab.RoutineAsync(new { endpoint, job_id = "b" });

        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, a["url"]!.GetValue<string>(), new { endpoint, job_id = "a", enabled = false });
        var (patch, patchBody) = await _client.SendAsync(HttpMethod.Patch, b["url"]!.GetValue<string>(), new { schedule = "", status = new { value = "stale" } });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, Routines, new object[] { new { id = Id(a), keep_daily = 1 }, new { id = Id(b), keep_daily = 2 } });
        var (gone, _) = await _client.SendAsync(HttpMethod.Delete, Routines, new object[] { new { id = Id(a) }, new { id = Id(b) } });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        putBody!["enabled"]!.GetValue<bool>().ShouldBeFalse();
        putBody["schedule"]!.GetValue<string>().ShouldBe("daily", "a PUT keeps what it does not send, as DRF's update does");
        putBody["keep_last"]!.GetValue<int>().ShouldBe(2);
        patch.StatusCode.ShouldBe(HttpStatusCode.OK);
        patchBody!["status"]!["value"]!.GetValue<string>().ShouldBe("stale");
        patchBody["display"]!.GetValue<string>().ShouldBe("b");
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        bulkBody!.AsArray().Select(r => r!["keep_daily"]!.GetValue<int>()).ShouldBe([1, 2]);
        gone.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_backuproutine WHERE endpoint_id = @endpoint", new { endpoint })).ShouldBe(0);
    }

    [Fact]
    public async Task Options_offers_the_status_choices_and_a_missing_routine_is_netboxs_404()
    {
        var (_, options) = await _client.SendAsync(HttpMethod.Options, Routines);

        options!["name"]!.GetValue<string>().ShouldBe("Backup Routine List");
        options["actions"]!["POST"]!["status"]!["choices"]!.ToJsonString().ShouldBe("""[{"value":"active","display_name":"Active"},{"value":"stale","display_name":"Stale"}]""");
        var (_, missing) = await _client.GetJsonAsync($"{Routines}987654321/");
        missing!.ToJsonString().ShouldBe("""{"detail":"No BackupRoutine matches the given query."}""");
    }

    [Fact]
    public async Task A_user_limited_to_enabled_routines_sees_only_those()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var visible = await _lab.RoutineAsync(new { endpoint, job_id = "on" });
        var hidden = await _lab.RoutineAsync(new { endpoint, job_id = "off", enabled = false });
        var client = await Permissions.ClientAsync(api, _client, ["netbox_proxbox.backuproutine"], ["view"], new { enabled = true });

        var (_, list) = await client.GetJsonAsync($"{Routines}?endpoint={endpoint}");
        var (detail, _) = await client.GetJsonAsync(hidden["url"]!.GetValue<string>());
        var (write, _) = await client.SendAsync(HttpMethod.Patch, visible["url"]!.GetValue<string>(), new { comment = "no change right" });

        list!["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(visible)]);
        detail.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        write.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.ScalarAsync<string>("SELECT comment FROM netbox_proxbox_backuproutine WHERE id = @id", new { id = Id(visible) })).ShouldBe("");
    }

    [Theory]
    [InlineData("q", "nightly", new[] { "netbox_proxbox_backuproutine_job_id_trgm", "netbox_proxbox_backuproutine_comment_trgm" })]
    [InlineData("endpoint_id", "1", new[] { "netbox_proxbox_backuproutine_unique_endpoint_job_id" })]
    [InlineData("job_id", "job-1", new[] { "netbox_proxbox_backuproutine_job_id" })]
    [InlineData("job_id__ic", "job", new[] { "netbox_proxbox_backuproutine_job_id_trgm" })]
    [InlineData("node_id", "1", new[] { "netbox_proxbox_backuproutine_node" })]
    [InlineData("storage_id", "2", new[] { "netbox_proxbox_backuproutine_storage" })]
    [InlineData("fleecing_storage", "2", new[] { "netbox_proxbox_backuproutine_fleecing_storage" })]
    [InlineData("status", "stale", new[] { "netbox_proxbox_backuproutine_status" })]
    [InlineData("next_run__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_backuproutine_next_run" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_backuproutine_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_backuproutine_last_updated" })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new BackupRoutineResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_backup_routine_json_shape_is_pinned()
    {
        var endpoint = await _lab.EndpointIdAsync("Pinned routine endpoint");
        var node = await _lab.NodeAsync(endpoint, "pinned-routine-node");
        var cluster = await _lab.ClusterAsync("Pinned routine cluster");
        var storage = await _lab.StorageAsync(cluster, "pinned-backup-storage");
        var routine = await _lab.RoutineAsync(new
        {
            endpoint, job_id = "job-1", schedule = "2199-12-24 18:00", node, storage, selection = new[] { 100, 101, 102 }, comment = "nightly VM backups",
            keep_daily = 7, keep_weekly = 4, keep_monthly = 3, fleecing = false, repeat_missed = false, raw_config = new { compress = "zstd", mode = "snapshot" },
            custom_fields = new { owner = "ops" },
        });

        routine["next_run"]!.GetValue<string>().ShouldBe("2199-12-24T18:00:00Z");
        var contract = await Approvals.ContractAsync(_client, routine, new { endpoint, job_id = "", selection = new object[] { 100, "x" } });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
