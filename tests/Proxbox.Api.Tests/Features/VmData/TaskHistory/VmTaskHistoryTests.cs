using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.VmData.TaskHistory;

namespace Proxbox.Api.Tests.Features.VmData.TaskHistory;

[Collection(ApiCollection.Name)]
public sealed class VmTaskHistoryTests(ApiFactory api)
{
    private const string Tasks = VmDataSeed.TaskHistory;
    private readonly HttpClient _client = api.CreateClient();
    private readonly VmDataSeed _seed = new(api.CreateClient());

    private static long Id(JsonNode node) => VmDataSeed.Id(node);

    /// <summary>A UPID as Proxmox writes them, unique per call.</summary>
    public static string Upid(string node = "pve-node-01", string type = "vzdump") =>
        $"UPID:{node}:{Random.Shared.Next():X8}:{Random.Shared.Next():X8}:{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}:{type}:100:root@pam:";

    /// <summary>A task body with every required field; <paramref name="extra"/> adds or overrides keys.</summary>
    public static JsonObject Body(JsonNode vm, object? extra = null)
    {
        var body = new JsonObject
        {
            ["virtual_machine"] = Id(vm), ["upid"] = Upid(), ["node"] = "pve-node-01", ["task_type"] = "vzdump", ["username"] = "root@pam",
            ["start_time"] = "2026-04-01T02:00:00Z", ["description"] = "VM 100 backup", ["status"] = "OK",
        };
        if (extra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        return body;
    }

    private Task<JsonNode> TaskAsync(JsonNode vm, object? extra = null) => _seed.CreateAsync(Tasks, Body(vm, extra));

    [Fact]
    public async Task The_docs_example_lists_the_task_history_of_one_virtual_machine()
    {
        var mine = await _seed.VmAsync();
        var other = await _seed.VmAsync();
        var a = await TaskAsync(mine);
        var b = await TaskAsync(mine, new { start_time = "2026-04-02T02:00:00Z" });
        await TaskAsync(other);

        (await _seed.IdsAsync($"{Tasks}?virtual_machine_id={Id(mine)}")).ShouldBe([Id(b), Id(a)]);
        (await _seed.IdsAsync($"{Tasks}?virtual_machine={Id(mine)}")).ShouldBe([Id(b), Id(a)]);
    }

    [Fact]
    public async Task The_docs_example_filters_failed_backup_tasks()
    {
        var vm = await _seed.VmAsync();
        var failed = await TaskAsync(vm, new { task_type = "vzdump", task_state = "ERROR", status = "job errors" });
        await TaskAsync(vm, new { task_type = "vzdump", task_state = "stopped" });
        await TaskAsync(vm, new { task_type = "qmstart", task_state = "ERROR" });
        await TaskAsync(vm, new { task_type = "vzdump", task_state = "error" });

        (await _seed.IdsAsync($"{Tasks}?virtual_machine_id={Id(vm)}&task_type=vzdump&task_state=ERROR")).ShouldBe([Id(failed)]);
    }

    [Fact]
    public async Task The_docs_example_searches_by_upid()
    {
        var vm = await _seed.VmAsync();
        var hit = await TaskAsync(vm, new { upid = Upid("pve-node-01"), node = "pve-a" });
        await TaskAsync(vm, new { upid = Upid("pve-node-02"), node = "pve-b" });

        (await _seed.IdsAsync($"{Tasks}?virtual_machine_id={Id(vm)}&q=UPID:pve-node-01")).ShouldBe([Id(hit)]);
        (await _seed.IdsAsync($"{Tasks}?virtual_machine_id={Id(vm)}&q=upid:PVE-NODE-01")).ShouldBe([Id(hit)]);
    }

    [Fact]
    public async Task Create_reads_back_every_field_with_the_documented_display_and_stores_it()
    {
        var vm = await _seed.VmAsync();
        var upid = Upid();

        var (response, body) = await _client.PostJsonAsync(Tasks, new
        {
            virtual_machine = Id(vm), vm_type = "qemu", upid, node = "pve-node-01", pid = 6699, pstart = 1009001583L, task_id = 100, task_type = "vzdump",
            username = "root@pam", start_time = "2026-04-01T02:00:00+00:00", end_time = "2026-04-01T02:08:32.5Z", description = "VM 100 backup", status = "OK",
            task_state = "stopped", exitstatus = "OK",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/plugins/proxbox/task-history/{Id(body!)}/");
        body!["display"]!.GetValue<string>().ShouldBe("vzdump on pve-node-01 (2026-04-01)");
        body["virtual_machine"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name"]);
        body["task_id"]!.GetValue<string>().ShouldBe("100", "numbers are stringified into text fields, as DRF does");
        body["pstart"]!.GetValue<long>().ShouldBe(1009001583L);
        body["end_time"]!.GetValue<string>().ShouldBe("2026-04-01T02:08:32.500000Z");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long VmId, string VmType, string Upid, int Pid, long Pstart, string TaskId, DateTime Start, string Status)>(
                "SELECT virtual_machine_id, vm_type, upid, pid, pstart, task_id, start_time, status FROM netbox_proxbox_vmtaskhistory WHERE id = @id", new { id = Id(body) }))
            .ShouldBe((Id(vm), "qemu", upid, 6699, 1009001583L, "100", new DateTime(2026, 4, 1, 2, 0, 0, DateTimeKind.Utc), "OK"));
    }

    [Fact]
    public async Task Display_takes_the_utc_day_of_the_start()
    {
        var vm = await _seed.VmAsync();

        var task = await TaskAsync(vm, new { task_type = "qmstart", node = "pve-node-07", start_time = "2026-04-01T22:30:00-03:00" });

        task["display"]!.GetValue<string>().ShouldBe("qmstart on pve-node-07 (2026-04-02)");
    }

    [Fact]
    public async Task Defaults_required_fields_lengths_and_ranges_use_netbox_messages_and_long_texts_are_kept()
    {
        var vm = await _seed.VmAsync();
        var marker = Http.Unique("bad");
        var longText = string.Concat(Enumerable.Repeat("ERROR: backup failed: ", 300));

        var defaults = await TaskAsync(vm);
        var (missing, missingBody) = await _client.PostJsonAsync(Tasks, new { task_state = marker });
        var (invalid, invalidBody) = await _client.PostJsonAsync(Tasks, Body(vm, new
        {
            task_state = marker, vm_type = new string('q', 17), upid = new string('u', 256), node = "", pid = -1, pstart = 1.5, task_id = new string('t', 256),
            username = new string('r', 256), start_time = (string?)null, description = " ", status = true, exitstatus = new[] { "OK" },
        }));
        var (nullType, nullTypeBody) = await _client.PostJsonAsync(Tasks, Body(vm, new { task_state = marker, vm_type = (string?)null }));
        var kept = await TaskAsync(vm, new { status = longText, exitstatus = longText, description = longText });

        defaults["vm_type"]!.GetValue<string>().ShouldBe("unknown");
        foreach (var key in new[] { "pid", "pstart", "task_id", "end_time", "task_state", "exitstatus" })
        {
            defaults[key].ShouldBeNull(key);
        }

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!.AsObject().Select(p => p.Key).Order()
            .ShouldBe(["description", "node", "start_time", "status", "task_type", "upid", "username", "virtual_machine"]);
        missingBody["upid"]![0]!.GetValue<string>().ShouldBe("This field is required.");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalidBody!["vm_type"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 16 characters.");
        invalidBody["upid"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["node"]![0]!.GetValue<string>().ShouldBe("This field may not be blank.");
        invalidBody["pid"]![0]!.GetValue<string>().ShouldBe("Ensure this value is greater than or equal to 0.");
        invalidBody["pstart"]![0]!.GetValue<string>().ShouldBe("A valid integer is required.");
        invalidBody["task_id"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["username"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["start_time"]![0]!.GetValue<string>().ShouldBe("This field may not be null.");
        invalidBody["description"]![0]!.GetValue<string>().ShouldBe("This field may not be blank.");
        invalidBody["status"]![0]!.GetValue<string>().ShouldBe("Not a valid string.");
        invalidBody["exitstatus"]![0]!.GetValue<string>().ShouldBe("Not a valid string.");
        nullType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        nullTypeBody!.ToJsonString().ShouldBe("""{"vm_type":["This field may not be null."]}""");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmtaskhistory WHERE task_state = @marker", new { marker })).ShouldBe(0);
        kept["status"]!.GetValue<string>().Length.ShouldBe(longText.Trim().Length);
        (await api.ScalarAsync<int>("SELECT char_length(status) + char_length(exitstatus) + char_length(description) FROM netbox_proxbox_vmtaskhistory WHERE id = @id",
            new { id = Id(kept) })).ShouldBe(3 * longText.Trim().Length);
    }

    [Fact]
    public async Task A_patch_onto_another_tasks_upid_is_refused_with_upstreams_field_message()
    {
        var vm = await _seed.VmAsync();
        var first = await TaskAsync(vm);
        var second = await TaskAsync(vm);

        var (response, body) = await _client.SendAsync(HttpMethod.Patch, second["url"]!.GetValue<string>(), new { upid = first["upid"]!.GetValue<string>() });
        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, second["url"]!.GetValue<string>(), Body(vm, new { upid = second["upid"]!.GetValue<string>(), status = "done" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!.ToJsonString().ShouldBe("""{"upid":["VM Task History with this upid already exists."]}""");
        put.StatusCode.ShouldBe(HttpStatusCode.OK, "keeping its own UPID is no conflict");
        putBody!["status"]!.GetValue<string>().ShouldBe("done");
        (await api.ScalarAsync<string>("SELECT upid FROM netbox_proxbox_vmtaskhistory WHERE id = @id", new { id = Id(second) })).ShouldBe(second["upid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Filters_by_every_documented_field_with_lookups_and_q_over_the_vms_name()
    {
        var vm = await _seed.VmAsync(Http.Unique("taskvm"));
        var scope = $"?virtual_machine_id={Id(vm)}";
        var a = await TaskAsync(vm, new
        {
            vm_type = "qemu", node = "pve-node-01", pid = 10, pstart = 1000, task_id = "100", task_type = "vzdump", username = "root@pam",
            start_time = "2026-04-01T02:00:00Z", end_time = "2026-04-01T02:08:00Z", description = "QEMU 100 - Backup", status = "OK", task_state = "stopped", exitstatus = "OK",
        });
        var b = await TaskAsync(vm, new
        {
            vm_type = "lxc", node = "pve-node-02", pid = 20, pstart = 2000, task_id = "101", task_type = "vzmigrate", username = "admin@pve",
            start_time = "2026-04-02T02:00:00Z", description = "CT 101 - Migrate", status = "migration aborted", task_state = "stopped", exitstatus = "migration aborted",
        });
        var c = await TaskAsync(vm, new { node = "pve-node-02", task_type = "qmstart", start_time = "2026-04-03T02:00:00Z", description = "QEMU 100 - Start", status = "running" });

        async Task Expect(string query, params JsonNode[] expected) =>
            (await _seed.IdsAsync($"{Tasks}{scope}&{query}")).Order().ShouldBe(expected.Select(Id).Order(), query);

        await Expect("vm_type=lxc", b);
        await Expect("vm_type=unknown", c);
        await Expect($"upid={Uri.EscapeDataString(a["upid"]!.GetValue<string>())}", a);
        await Expect("node=pve-node-02", b, c);
        await Expect("node__n=pve-node-02", a);
        await Expect("pid=10,20", a, b);
        await Expect("pid__empty=true", c);
        await Expect("pstart__gte=1500", b);
        await Expect("task_id=101", b);
        await Expect("task_id=null", c);
        await Expect("task_type=vzdump&task_type=qmstart", a, c);
        await Expect("task_type__n=vzdump", b, c);
        await Expect("username=admin@pve", b);
        await Expect("start_time__lt=2026-04-02T00:00:00Z", a);
        await Expect("start_time__gte=2026-04-02T02:00:00Z", b, c);
        await Expect("start_time=2026-04-03T02:00:00Z", c);
        await Expect("end_time__empty=true", b, c);
        await Expect("end_time__lte=2026-04-01T03:00:00Z", a);
        await Expect("description__ic=qemu 100", a, c);
        await Expect("description=CT 101 - Migrate", b);
        await Expect("status=OK", a);
        await Expect("status__n=OK", b, c);
        await Expect("status__ic=ABORT", b);
        await Expect("task_state=stopped", a, b);
        await Expect("task_state__empty=true", c);
        await Expect("exitstatus=migration aborted", b);
        await Expect("exitstatus=null", c);
        await Expect($"id={Id(a)},{Id(c)}", a, c);
        await Expect($"id__lt={Id(c)}", a, b);
        await Expect("q=admin@", b);
        await Expect("q=running", c);
        await Expect("q=LXC", b);
        (await _seed.IdsAsync($"{Tasks}?q={vm["name"]!.GetValue<string>()}")).ShouldBe([Id(c), Id(b), Id(a)]);
    }

    [Fact]
    public async Task Default_ordering_is_newest_first_then_vm_name_then_node_and_cursor_paging_walks_by_id()
    {
        var prefix = Http.Unique("ord");
        var zed = await _seed.VmAsync(prefix + "-zz");
        var abe = await _seed.VmAsync(prefix + "-aa");
        var old = await TaskAsync(abe, new { start_time = "2026-01-01T00:00:00Z" });
        var zNew = await TaskAsync(zed, new { start_time = "2026-02-01T00:00:00Z", node = "n1" });
        var aNew2 = await TaskAsync(abe, new { start_time = "2026-02-01T00:00:00Z", node = "n2" });
        var aNew1 = await TaskAsync(abe, new { start_time = "2026-02-01T00:00:00Z", node = "n1" });
        var scope = $"?virtual_machine_id={Id(zed)}&virtual_machine_id={Id(abe)}";

        (await _seed.IdsAsync($"{Tasks}{scope}")).ShouldBe([Id(aNew1), Id(aNew2), Id(zNew), Id(old)]);
        (await _seed.IdsAsync($"{Tasks}{scope}&ordering=start_time")).ShouldBe([Id(old), Id(zNew), Id(aNew2), Id(aNew1)]);
        var (_, page) = await _client.GetJsonAsync($"{Tasks}{scope}&start={Id(old)}&limit=3");
        page!["count"].ShouldBeNull();
        page["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(old), Id(zNew), Id(aNew2)]);
        var (_, rest) = await _client.GetJsonAsync(page["next"]!.GetValue<string>());
        rest!["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(aNew1)]);
    }

    [Fact]
    public async Task Deleting_the_vm_deletes_its_task_history()
    {
        var vm = await _seed.VmAsync();
        var keep = await _seed.VmAsync();
        var goes = await TaskAsync(vm);
        var stays = await TaskAsync(keep);

        (await _client.SendAsync(HttpMethod.Delete, vm["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmtaskhistory WHERE id = @id", new { id = Id(goes) })).ShouldBe(0);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmtaskhistory WHERE id = @id", new { id = Id(stays) })).ShouldBe(1);
        (await _client.GetJsonAsync(goes["url"]!.GetValue<string>())).Body!.ToJsonString().ShouldBe("""{"detail":"No VMTaskHistory matches the given query."}""");
    }

    [Fact]
    public async Task Patch_and_bulk_patch_change_the_fields_the_backend_patches()
    {
        var vm = await _seed.VmAsync();
        var a = await TaskAsync(vm, new { task_state = "running" });
        var b = await TaskAsync(vm, new { task_state = "running" });

        var (bulk, body) = await _client.SendAsync(HttpMethod.Patch, Tasks, new object[]
        {
            new { id = Id(a), end_time = "2026-04-01T02:08:32Z", status = "OK", task_state = "stopped", exitstatus = "OK" },
            new { id = Id(b), end_time = "2026-04-01T02:09:00Z", status = "error", task_state = "stopped", exitstatus = "error" },
        });

        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!.AsArray().Select(t => t!["task_state"]!.GetValue<string>()).ShouldBe(["stopped", "stopped"]);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmtaskhistory WHERE id IN (@a, @b) AND task_state = 'stopped' AND end_time IS NOT NULL",
            new { a = Id(a), b = Id(b) })).ShouldBe(2);
    }

    [Theory]
    [InlineData("virtual_machine_id", "1", new[] { "netbox_proxbox_vmtaskhistory_virtual_machine" })]
    [InlineData("vm_type", "lxc", new[] { "netbox_proxbox_vmtaskhistory_vm_type" })]
    [InlineData("upid", "UPID:pve-node-01:x", new[] { "netbox_proxbox_vmtaskhistory_upid_key" })]
    [InlineData("upid__ic", "pve-node-01", new[] { "netbox_proxbox_vmtaskhistory_upid_trgm" })]
    [InlineData("node", "pve-node-01", new[] { "netbox_proxbox_vmtaskhistory_node" })]
    [InlineData("pid", "6699", new[] { "netbox_proxbox_vmtaskhistory_pid" })]
    [InlineData("pstart__gte", "1000", new[] { "netbox_proxbox_vmtaskhistory_pstart" })]
    [InlineData("task_id", "100", new[] { "netbox_proxbox_vmtaskhistory_task_id" })]
    [InlineData("task_type", "vzdump", new[] { "netbox_proxbox_vmtaskhistory_task_type" })]
    [InlineData("username", "root@pam", new[] { "netbox_proxbox_vmtaskhistory_username" })]
    [InlineData("start_time__lt", "2026-04-01T00:00:00Z", new[] { "netbox_proxbox_vmtaskhistory_start_time" })]
    [InlineData("end_time__gte", "2026-04-01T00:00:00Z", new[] { "netbox_proxbox_vmtaskhistory_end_time" })]
    [InlineData("description", "VM 100 backup", new[] { "netbox_proxbox_vmtaskhistory_description" })]
    [InlineData("status", "OK", new[] { "netbox_proxbox_vmtaskhistory_status" })]
    [InlineData("task_state", "ERROR", new[] { "netbox_proxbox_vmtaskhistory_task_state" })]
    [InlineData("exitstatus", "OK", new[] { "netbox_proxbox_vmtaskhistory_exitstatus" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_vmtaskhistory_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_vmtaskhistory_last_updated" })]
    [InlineData("q", "UPID:pve-node-01", new[]
    {
        // The VM's name is matched through the VMs' own indexes; which one depends on the table's size.
        "netbox_proxbox_vmtaskhistory_virtual_machine", "netbox_proxbox_vmtaskhistory_vm_type_trgm",
        "netbox_proxbox_vmtaskhistory_upid_trgm", "netbox_proxbox_vmtaskhistory_node_trgm", "netbox_proxbox_vmtaskhistory_task_id_trgm",
        "netbox_proxbox_vmtaskhistory_task_type_trgm", "netbox_proxbox_vmtaskhistory_username_trgm", "netbox_proxbox_vmtaskhistory_description_trgm",
        "netbox_proxbox_vmtaskhistory_status_trgm", "netbox_proxbox_vmtaskhistory_task_state_trgm", "netbox_proxbox_vmtaskhistory_exitstatus_trgm",
    })]
    [InlineData("description__ic", "backup", new[] { "netbox_proxbox_vmtaskhistory_description_trgm" })]
    [InlineData("status__ic", "error", new[] { "netbox_proxbox_vmtaskhistory_status_trgm" })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new VmTaskHistoryResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_task_history_json_shape_is_pinned()
    {
        var vm = await _seed.VmAsync("pinned-task-vm");
        var task = await _seed.CreateAsync(Tasks, new
        {
            virtual_machine = Id(vm), vm_type = "qemu", upid = "UPID:pve-node-01:00001A2B:3C4D5E6F:67890ABC:vzdump:100:root@pam:", node = "pve-node-01",
            pid = 6699, pstart = 1009001583L, task_id = "100", task_type = "vzdump", username = "root@pam", start_time = "2026-04-01T02:00:00Z",
            end_time = "2026-04-01T02:08:32Z", description = "VM 100 backup", status = "OK", task_state = "stopped", exitstatus = "OK",
        });

        var contract = await Approvals.ContractAsync(_client, task, new { virtual_machine = Id(vm), upid = "", start_time = "yesterday" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
