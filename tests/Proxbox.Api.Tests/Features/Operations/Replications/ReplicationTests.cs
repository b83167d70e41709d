using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.Operations.Replications;

namespace Proxbox.Api.Tests.Features.Operations.Replications;

[Collection(ApiCollection.Name)]
public sealed class ReplicationTests(ApiFactory api)
{
    private const string Replications = Lab.Replications;
    private readonly HttpClient _client = api.CreateClient();
    private readonly Lab _lab = new(api.CreateClient());

    private static long Id(JsonNode node) => node["id"]!.GetValue<long>();

    private async Task<string[]> JobsAsync(long vm, string query) =>
        (await _client.GetJsonAsync($"{Replications}?virtual_machine={vm}&{query}")).Body!["results"]!.AsArray()
            .Select(r => r!["replication_id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Create_answers_201_with_every_default_and_the_documented_display()
    {
        var vmName = Http.Unique("web");
        var vm = await _lab.VmAsync(vmName);

        var (response, body) = await _client.PostJsonAsync(Replications, new { replication_id = "100-0", virtual_machine = vm, guest = 100, target = " pve-node-02 ", jobnum = 0 });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var id = Id(body!);
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/plugins/proxbox/replications/{id}/");
        body!.AsObject().Select(p => p.Key).ShouldBe([
            "id", "url", "display", "endpoint", "replication_id", "virtual_machine", "proxmox_node", "guest", "target", "job_type", "schedule", "rate",
            "comment", "disable", "source", "jobnum", "remove_job", "status", "raw_config", "tags", "custom_fields", "created", "last_updated",
        ]);
        body["display"]!.GetValue<string>().ShouldBe($"100-0 ({vmName} → pve-node-02)");
        body["virtual_machine"]!.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = vm, ["url"] = $"http://localhost/api/virtualization/virtual-machines/{vm}/", ["display"] = vmName, ["name"] = vmName,
        }.ToJsonString());
        body["job_type"]!.ToJsonString().ShouldBe("""{"value":"local","label":"Local"}""");
        body["status"]!.ToJsonString().ShouldBe("""{"value":"active","label":"Active"}""");
        body["schedule"]!.GetValue<string>().ShouldBe("");
        body["disable"]!.GetValue<bool>().ShouldBeFalse();
        body["raw_config"]!.ToJsonString().ShouldBe("{}");
        foreach (var key in new[] { "endpoint", "proxmox_node", "rate", "comment", "source", "remove_job" })
        {
            body[key].ShouldBeNull(key);
        }

        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(string ReplicationId, long Vm, int Guest, string Target, string JobType, string Schedule, bool Disable, int Jobnum, string? RemoveJob, string Status, long? Endpoint)>(
                "SELECT replication_id, virtual_machine_id, guest, target, job_type, schedule, disable, jobnum, remove_job, status, endpoint_id FROM netbox_proxbox_replication WHERE id = @id", new { id }))
            .ShouldBe(("100-0", vm, 100, "pve-node-02", "local", "", false, 0, null, "active", null));
        var (_, again) = await _client.GetJsonAsync(body["url"]!.GetValue<string>());
        again!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Fact]
    public async Task Required_fields_lengths_ranges_choices_and_types_answer_with_netbox_messages_and_store_nothing()
    {
        var vm = await _lab.VmAsync();

        var (missing, missingBody) = await _client.PostJsonAsync(Replications, new { comment = "x" });
        var (invalid, invalidBody) = await _client.PostJsonAsync(Replications, new
        {
            replication_id = new string('r', 256), virtual_machine = vm, guest = -1, target = new string('t', 256), jobnum = 2147483648L, schedule = new string('s', 129),
            source = new string('s', 256), job_type = "remote", remove_job = "partial", status = "gone", rate = "fast", disable = "maybe", raw_config = "x",
        });
        var (nulls, nullsBody) = await _client.PostJsonAsync(Replications, new
        {
            replication_id = "1-0", virtual_machine = vm, guest = 1, target = "t", jobnum = 0, status = (string?)null, disable = (bool?)null,
        });
        var (nullType, nullTypeBody) = await _client.PostJsonAsync(Replications, new { replication_id = "1-0", virtual_machine = vm, guest = 1, target = "t", jobnum = 0, job_type = (string?)null });
        var (blank, blankBody) = await _client.PostJsonAsync(Replications, new { replication_id = "", virtual_machine = vm, guest = 1, target = " ", jobnum = 0 });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!.ToJsonString().ShouldBe(
            """{"replication_id":["This field is required."],"virtual_machine":["This field is required."],"guest":["This field is required."],"target":["This field is required."],"jobnum":["This field is required."]}""");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalidBody!.ToJsonString().ShouldBe(new JsonObject
        {
            ["replication_id"] = new JsonArray("Ensure this field has no more than 255 characters."),
            ["guest"] = new JsonArray("Ensure this value is greater than or equal to 0."),
            ["target"] = new JsonArray("Ensure this field has no more than 255 characters."),
            ["job_type"] = new JsonArray("\"remote\" is not a valid choice."),
            ["schedule"] = new JsonArray("Ensure this field has no more than 128 characters."),
            ["rate"] = new JsonArray("A valid number is required."),
            ["disable"] = new JsonArray("Must be a valid boolean."),
            ["source"] = new JsonArray("Ensure this field has no more than 255 characters."),
            ["jobnum"] = new JsonArray("Ensure this value is less than or equal to 2147483647."),
            ["remove_job"] = new JsonArray("\"partial\" is not a valid choice."),
            ["status"] = new JsonArray("\"gone\" is not a valid choice."),
            ["raw_config"] = new JsonArray("Expected a dictionary of items but got type \"str\"."),
        }.ToJsonString());
        nulls.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        nullsBody!.ToJsonString().ShouldBe("""{"disable":["This field may not be null."],"status":["This field may not be null."]}""");
        nullType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        nullTypeBody!.ToJsonString().ShouldBe("""{"job_type":["This field may not be blank."]}""", "upstream's answer to a null job type");
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        blankBody!.ToJsonString().ShouldBe("""{"replication_id":["This field may not be blank."],"target":["This field may not be blank."]}""");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_replication WHERE virtual_machine_id = @vm", new { vm })).ShouldBe(0);
    }

    [Fact]
    public async Task Remove_job_is_a_nullable_choice_and_blank_reads_and_filters_as_null()
    {
        var vm = await _lab.VmAsync();

        var none = await _lab.ReplicationAsync(new { replication_id = "1-0", virtual_machine = vm, guest = 1, target = "t", jobnum = 0 });
        var blank = await _lab.ReplicationAsync(new { replication_id = "1-1", virtual_machine = vm, guest = 1, target = "t", jobnum = 1, remove_job = "" });
        var local = await _lab.ReplicationAsync(new { replication_id = "1-2", virtual_machine = vm, guest = 1, target = "t", jobnum = 2, remove_job = "local" });
        var full = await _lab.ReplicationAsync(new { replication_id = "1-3", virtual_machine = vm, guest = 1, target = "t", jobnum = 3, remove_job = new { value = "full" } });

        none["remove_job"].ShouldBeNull();
        blank["remove_job"].ShouldBeNull();
        local["remove_job"]!.ToJsonString().ShouldBe("""{"value":"local","label":"Local"}""");
        full["remove_job"]!.ToJsonString().ShouldBe("""{"value":"full","label":"Full"}""");
        (await JobsAsync(vm, "remove_job=null")).ShouldBe(["1-0", "1-1"]);
        (await JobsAsync(vm, "remove_job=full")).ShouldBe(["1-3"]);
        (await JobsAsync(vm, "remove_job=null&remove_job=local")).ShouldBe(["1-0", "1-1", "1-2"]);
        (await JobsAsync(vm, "remove_job__n=local")).ShouldBe(["1-0", "1-1", "1-3"]);
        var (bad, errors) = await _client.GetJsonAsync($"{Replications}?remove_job=partial");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.ToJsonString().ShouldBe("""{"remove_job":["Select a valid choice. partial is not one of the available choices."]}""");
        var (cleared, clearedBody) = await _client.SendAsync(HttpMethod.Patch, full["url"]!.GetValue<string>(), new { remove_job = (string?)null });
        cleared.StatusCode.ShouldBe(HttpStatusCode.OK);
        clearedBody!["remove_job"].ShouldBeNull();
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<string?>("SELECT remove_job FROM netbox_proxbox_replication WHERE virtual_machine_id = @vm ORDER BY jobnum", new { vm }))
            .ShouldBe([null, null, "local", null]);
    }

    [Fact]
    public async Task Replication_ids_are_unique_per_endpoint_but_never_compared_without_one()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var vm = await _lab.VmAsync();
        await _lab.ReplicationAsync(new { endpoint, replication_id = "100-0", virtual_machine = vm, guest = 100, target = "b", jobnum = 0 });

        var (clash, clashBody) = await _client.PostJsonAsync(Replications, new { endpoint, replication_id = "100-0", virtual_machine = vm, guest = 100, target = "c", jobnum = 0 });
        var (loose, _) = await _client.PostJsonAsync(Replications, new object[]
        {
            new { replication_id = "100-0", virtual_machine = vm, guest = 100, target = "b", jobnum = 0 },
            new { replication_id = "100-0", virtual_machine = vm, guest = 100, target = "c", jobnum = 0 },
        });

        clash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        clashBody!.ToJsonString().ShouldBe("""{"__all__":["Replication with this Proxmox endpoint and Replication id already exists."]}""");
        loose.StatusCode.ShouldBe(HttpStatusCode.Created, "without an endpoint the rule does not apply, as with Django's constraint");
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<(long? Endpoint, string Target)>(
                "SELECT endpoint_id, target FROM netbox_proxbox_replication WHERE virtual_machine_id = @vm ORDER BY endpoint_id NULLS LAST, target", new { vm }))
            .ShouldBe([(endpoint, "b"), (null, "b"), (null, "c")]);
    }

    [Fact]
    public async Task The_operations_docs_curl_examples_filter_as_documented()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var vm = await _lab.VmAsync();
        var otherVm = await _lab.VmAsync();
        var target = Http.Unique("pve-node-02");
        await _lab.ReplicationAsync(new { endpoint, replication_id = "100-0", virtual_machine = vm, guest = 100, target, jobnum = 0 });
        await _lab.ReplicationAsync(new { endpoint, replication_id = "100-1", virtual_machine = vm, guest = 100, target = "pve-node-03", jobnum = 1, status = "stale" });
        await _lab.ReplicationAsync(new { endpoint, replication_id = "101-0", virtual_machine = otherVm, guest = 101, target, jobnum = 0 });

        // "list all replication jobs": every row, in the default ordering.
        var (_, all) = await _client.GetJsonAsync($"{Replications}?limit=0");
        all!["count"]!.GetValue<long>().ShouldBe(await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_replication"));
        // "active replications for a specific VM" and "by target node", each leaving rows out.
        var (_, forVm) = await _client.GetJsonAsync($"{Replications}?virtual_machine_id={vm}&status=active");
        forVm!["results"]!.AsArray().Select(r => r!["replication_id"]!.GetValue<string>()).ShouldBe(["100-0"]);
        var (_, byTarget) = await _client.GetJsonAsync($"{Replications}?target={target}");
        byTarget!["results"]!.AsArray().Select(r => (r!["replication_id"]!.GetValue<string>(), r["target"]!.GetValue<string>())).ShouldBe([("100-0", target), ("101-0", target)]);
    }

    [Fact]
    public async Task Every_documented_filter_and_q_over_id_vm_name_target_comment_and_source()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var node = await _lab.NodeAsync(endpoint, "pve-node-02");
        var vmName = Http.Unique("qvm");
        var vm = await _lab.VmAsync(vmName);
        await _lab.ReplicationAsync(new { endpoint, replication_id = "200-0", virtual_machine = vm, proxmox_node = node, guest = 200, target = "pve-node-02", jobnum = 0, schedule = "*/15", comment = "HA replication", source = "pve-node-01", rate = 10.5 });
        await _lab.ReplicationAsync(new { replication_id = "201-1", virtual_machine = vm, guest = 201, target = "pve-node-03", jobnum = 1, schedule = "hourly", disable = true, source = "pve-node-04" });

        (await JobsAsync(vm, $"endpoint={endpoint}")).ShouldBe(["200-0"]);
        (await JobsAsync(vm, $"endpoint_id={endpoint}")).ShouldBe(["200-0"]);
        (await JobsAsync(vm, "endpoint=null")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, $"proxmox_node={node}")).ShouldBe(["200-0"]);
        (await JobsAsync(vm, $"proxmox_node_id={node}")).ShouldBe(["200-0"]);
        (await JobsAsync(vm, $"proxmox_node_id__n={node}")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, "replication_id=201-1")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, "guest__gte=201")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, "guest=200,201")).ShouldBe(["200-0", "201-1"]);
        (await JobsAsync(vm, "target__iew=-03")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, "job_type=local")).ShouldBe(["200-0", "201-1"]);
        (await JobsAsync(vm, "schedule=*/15")).ShouldBe(["200-0"]);
        (await JobsAsync(vm, "disable=true")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, "disable=0")).ShouldBe(["200-0"]);
        (await JobsAsync(vm, "source=pve-node-01")).ShouldBe(["200-0"]);
        (await JobsAsync(vm, "jobnum=1")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, "status=active")).ShouldBe(["200-0", "201-1"]);
        (await JobsAsync(vm, "q=201-")).ShouldBe(["201-1"]);
        (await JobsAsync(vm, "q=node-03")).ShouldBe(["201-1"], "target");
        (await JobsAsync(vm, "q=ha repl")).ShouldBe(["200-0"], "comment");
        (await JobsAsync(vm, "q=NODE-04")).ShouldBe(["201-1"], "source");
        var (_, byVmName) = await _client.GetJsonAsync($"{Replications}?q={vmName.ToUpperInvariant()}");
        byVmName!["results"]!.AsArray().Select(r => r!["replication_id"]!.GetValue<string>()).ShouldBe(["200-0", "201-1"], "the VM's name");
        (await JobsAsync(vm, "ordering=-rate")).ShouldBe(["201-1", "200-0"]);

        foreach (var (query, key, message) in new[]
                 {
                     ("guest=web", "guest", "Enter a whole number."),
                     ("virtual_machine_id=web", "virtual_machine_id", "\u201cweb\u201d is not a valid value."),
                     ("job_type=remote", "job_type", "Select a valid choice. remote is not one of the available choices."),
                     ("status__n=gone", "status__n", "Select a valid choice. gone is not one of the available choices."),
                 })
        {
            var (bad, errors) = await _client.GetJsonAsync($"{Replications}?{query}");
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            errors!.ToJsonString().ShouldBe(new JsonObject { [key] = new JsonArray(message) }.ToJsonString(), query);
        }
    }

    [Fact]
    public async Task Default_ordering_is_by_endpoint_then_replication_id_with_endpointless_jobs_last()
    {
        var zed = await _lab.EndpointIdAsync(Http.Unique("zz-repl"));
        var abe = await _lab.EndpointIdAsync(Http.Unique("aa-repl"));
        var vm = await _lab.VmAsync();
        var loose = await _lab.ReplicationAsync(new { replication_id = "100-0", virtual_machine = vm, guest = 100, target = "t", jobnum = 0 });
        var z = await _lab.ReplicationAsync(new { endpoint = zed, replication_id = "100-0", virtual_machine = vm, guest = 100, target = "t", jobnum = 0 });
        var a2 = await _lab.ReplicationAsync(new { endpoint = abe, replication_id = "101-0", virtual_machine = vm, guest = 101, target = "t", jobnum = 0 });
        var a1 = await _lab.ReplicationAsync(new { endpoint = abe, replication_id = "100-0", virtual_machine = vm, guest = 100, target = "t", jobnum = 0 });

        var (_, body) = await _client.GetJsonAsync($"{Replications}?virtual_machine={vm}");

        body!["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(a1), Id(a2), Id(z), Id(loose)]);
    }

    [Fact]
    public async Task Deleting_the_vm_or_the_endpoint_takes_replications_and_deleting_the_node_only_unlinks_it()
    {
        var endpoint = await _lab.EndpointAsync();
        var keeper = await _lab.EndpointIdAsync();
        var node = await _lab.NodeAsync(keeper);
        var vm = await _lab.VmAsync();
        var otherVm = await _lab.VmAsync();
        var byVm = await _lab.ReplicationAsync(new { endpoint = keeper, replication_id = "1-0", virtual_machine = vm, guest = 1, target = "t", jobnum = 0 });
        var byEndpoint = await _lab.ReplicationAsync(new { endpoint = Id(endpoint), replication_id = "2-0", virtual_machine = otherVm, guest = 2, target = "t", jobnum = 0 });
        var stays = await _lab.ReplicationAsync(new { endpoint = keeper, replication_id = "3-0", virtual_machine = otherVm, proxmox_node = node, guest = 3, target = "t", jobnum = 0 });

        (await _client.SendAsync(HttpMethod.Delete, $"/api/virtualization/virtual-machines/{vm}/")).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, endpoint["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _client.SendAsync(HttpMethod.Delete, $"/api/plugins/proxbox/nodes/{node}/")).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await _client.GetJsonAsync(byVm["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _client.GetJsonAsync(byEndpoint["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _client.GetJsonAsync(stays["url"]!.GetValue<string>())).Body!["proxmox_node"].ShouldBeNull();
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<(long Id, long? Node)>("SELECT id, proxmox_node_id FROM netbox_proxbox_replication WHERE id = ANY(@ids) ORDER BY id",
                new { ids = new[] { Id(byVm), Id(byEndpoint), Id(stays) } }))
            .ShouldBe([(Id(stays), null)]);
    }

    [Fact]
    public async Task The_sync_marks_two_thousand_replications_stale_in_one_bulk_patch_all_or_nothing()
    {
        var endpoint = await _lab.EndpointIdAsync();
        var vm = await _lab.VmAsync();
        var (created, createdBody) = await _client.PostJsonAsync(Replications, Enumerable.Range(0, 2000)
            .Select(i => new { endpoint, replication_id = $"{1000 + i}-0", virtual_machine = vm, guest = 1000 + i, target = "pve-node-02", jobnum = 0 }).ToArray());
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ids = createdBody!.AsArray().Select(r => Id(r!)).ToArray();
        ids.Length.ShouldBe(2000);

        // One invalid item refuses the whole request: nothing changes.
        var refusedItems = ids.Select((id, i) => (object)(i == 1234 ? new { id, status = "gone" } : new { id, status = "stale" })).ToArray();
        var (refused, refusedBody) = await _client.SendAsync(HttpMethod.Patch, Replications, refusedItems);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refusedBody!["status"]![0]!.GetValue<string>().ShouldBe("\"gone\" is not a valid choice.");
        refusedBody.AsObject().Count.ShouldBe(1);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_replication WHERE endpoint_id = @endpoint AND status = 'stale'", new { endpoint })).ShouldBe(0);

        // The backend's call: every id with the new status, plus one that no longer exists (skipped, as NetBox skips it).
        var (marked, markedBody) = await _client.SendAsync(HttpMethod.Patch, Replications,
            ids.Select(id => new { id, status = "stale" }).Append(new { id = 987654321L, status = "stale" }).ToArray());

        marked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answers = markedBody!.AsArray();
        answers.Count.ShouldBe(2000);
        answers.Select(r => Id(r!)).Order().ShouldBe(ids.Order());
        answers.ShouldAllBe(r => r!["status"]!["value"]!.GetValue<string>() == "stale");
        answers.Select(r => r!["replication_id"]!.GetValue<string>()).ShouldBe(answers.Select(r => r!["replication_id"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            "a bulk update answers in the resource's ordering");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long Stale, long Active, long Touched)>(
                """
                SELECT count(*) FILTER (WHERE status = 'stale'), count(*) FILTER (WHERE status = 'active'), count(*) FILTER (WHERE last_updated > created)
                FROM netbox_proxbox_replication WHERE endpoint_id = @endpoint
                """, new { endpoint }))
            .ShouldBe((2000L, 0L, 2000L));
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_replication WHERE endpoint_id = @endpoint AND target = 'pve-node-02' AND guest >= 1000",
            new { endpoint })).ShouldBe(2000, "the fields the PATCH did not carry are kept");
    }

    [Theory]
    [InlineData("q", "pve", new[] { "netbox_proxbox_replication_replication_id_trgm", "netbox_proxbox_replication_target_trgm", "netbox_proxbox_replication_comment_trgm", "netbox_proxbox_replication_source_trgm", "virtualization_virtualmachine_name_trgm" })]
    [InlineData("endpoint", "1", new[] { "netbox_proxbox_replication_unique_endpoint_replication_id" })]
    [InlineData("virtual_machine_id", "10", new[] { "netbox_proxbox_replication_virtual_machine" })]
    [InlineData("proxmox_node", "1", new[] { "netbox_proxbox_replication_proxmox_node" })]
    [InlineData("replication_id", "100-0", new[] { "netbox_proxbox_replication_replication_id" })]
    [InlineData("target", "pve-node-02", new[] { "netbox_proxbox_replication_target" })]
    [InlineData("target__ic", "node", new[] { "netbox_proxbox_replication_target_trgm" })]
    [InlineData("guest", "100", new[] { "netbox_proxbox_replication_guest" })]
    [InlineData("status", "stale", new[] { "netbox_proxbox_replication_status" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_replication_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_replication_last_updated" })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new ReplicationResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_replication_json_shape_is_pinned()
    {
        var endpoint = await _lab.EndpointIdAsync("Pinned replication endpoint");
        var node = await _lab.NodeAsync(endpoint, "pve-node-01");
        var vm = await _lab.VmAsync("pinned-web-server-01");
        var replication = await _lab.ReplicationAsync(new
        {
            endpoint, replication_id = "100-0", virtual_machine = vm, proxmox_node = node, guest = 100, target = "pve-node-02", job_type = "local",
            schedule = "*/15", comment = "HA replication", source = "pve-node-01", jobnum = 0, raw_config = new { type = "local" },
        });

        var contract = await Approvals.ContractAsync(_client, replication, new { endpoint, replication_id = "", guest = -1 });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
