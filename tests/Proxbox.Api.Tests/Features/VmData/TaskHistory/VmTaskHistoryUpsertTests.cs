using System.Net;
using System.Text.Json.Nodes;
using Dapper;

namespace Proxbox.Api.Tests.Features.VmData.TaskHistory;

/// <summary>A POST is an upsert by UPID: the sync backend re-sends every task it sees on every run.</summary>
[Collection(ApiCollection.Name)]
public sealed class VmTaskHistoryUpsertTests(ApiFactory api)
{
    private const string Tasks = VmDataSeed.TaskHistory;
    private readonly HttpClient _client = api.CreateClient();
    private readonly VmDataSeed _seed = new(api.CreateClient());

    private static long Id(JsonNode node) => VmDataSeed.Id(node);

    private static JsonObject Body(JsonNode vm, object? extra = null) => VmTaskHistoryTests.Body(vm, extra);

    /// <summary>A task carrying every field, as the sync backend sends them.</summary>
    private static JsonObject Complete(JsonNode vm, string upid, string status) => Body(vm, new
    {
        upid, status, vm_type = "qemu", pid = 6699, pstart = 1009001583L, task_id = "100", end_time = "2026-04-01T02:08:32Z", task_state = "stopped",
        exitstatus = status, custom_fields = new { },
    });

    private Task<long> CountAsync(string[] upids) =>
        api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmtaskhistory WHERE upid = ANY(@upids)", new { upids });

    private async Task<DateTime> LastUpdatedAsync(long id) =>
        await api.ScalarAsync<DateTime>("SELECT last_updated FROM netbox_proxbox_vmtaskhistory WHERE id = @id", new { id });

    [Fact]
    public async Task A_post_with_an_existing_upid_updates_that_row_and_answers_201_with_its_id()
    {
        var vm = await _seed.VmAsync();
        var other = await _seed.VmAsync();
        var first = Body(vm, new { task_state = "running", end_time = (string?)null, pid = 42 });
        var created = await _seed.CreateAsync(Tasks, first);

        var (response, body) = await _client.PostJsonAsync(Tasks, Body(other, new
        {
            upid = first["upid"]!.GetValue<string>(), task_state = "stopped", end_time = "2026-04-01T02:08:32Z", status = "OK",
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        Id(body!).ShouldBe(Id(created));
        response.Headers.Location!.ToString().ShouldBe(created["url"]!.GetValue<string>());
        body!["task_state"]!.GetValue<string>().ShouldBe("stopped");
        body["virtual_machine"]!["id"]!.GetValue<long>().ShouldBe(Id(other), "every supplied field is overwritten, the VM included");
        body["pid"]!.GetValue<int>().ShouldBe(42, "a field the re-send omits keeps its stored value");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long Count, long VmId, string State, DateTime End, int Pid)>(
                "SELECT count(*) OVER (), virtual_machine_id, task_state, end_time, pid FROM netbox_proxbox_vmtaskhistory WHERE upid = @upid",
                new { upid = first["upid"]!.GetValue<string>() }))
            .ShouldBe((1L, Id(other), "stopped", new DateTime(2026, 4, 1, 2, 8, 32, DateTimeKind.Utc), 42));
    }

    [Fact]
    public async Task An_unchanged_re_send_rewrites_nothing_and_keeps_last_updated()
    {
        var vm = await _seed.VmAsync();
        // Complete items (every field) take the shorter statement; the single re-send below omits fields and merges.
        var items = Enumerable.Range(0, 3).Select(i => Complete(vm, VmTaskHistoryTests.Upid(), "OK")).ToArray();
        var partial = items[0].DeepClone().AsObject();
        partial.Remove("vm_type");
        var (_, created) = await _client.PostJsonAsync(Tasks, items);
        var ids = created!.AsArray().Select(t => Id(t!)).ToArray();
        var before = await Task.WhenAll(ids.Select(LastUpdatedAsync));
        var xminBefore = await api.ScalarAsync<string>("SELECT string_agg(xmin::text, ',' ORDER BY id) FROM netbox_proxbox_vmtaskhistory WHERE id = ANY(@ids)", new { ids });

        var (single, singleBody) = await _client.PostJsonAsync(Tasks, partial);
        var (bulk, bulkBody) = await _client.PostJsonAsync(Tasks, items);

        single.StatusCode.ShouldBe(HttpStatusCode.Created);
        Id(singleBody!).ShouldBe(ids[0]);
        bulk.StatusCode.ShouldBe(HttpStatusCode.Created);
        bulkBody!.AsArray().Select(t => Id(t!)).ShouldBe(ids);
        bulkBody.AsArray().Select(t => t!["last_updated"]!.GetValue<string>()).ShouldBe(created.AsArray().Select(t => t!["last_updated"]!.GetValue<string>()));
        (await Task.WhenAll(ids.Select(LastUpdatedAsync))).ShouldBe(before);
        (await api.ScalarAsync<string>("SELECT string_agg(xmin::text, ',' ORDER BY id) FROM netbox_proxbox_vmtaskhistory WHERE id = ANY(@ids)", new { ids }))
            .ShouldBe(xminBefore, "no row version was written");

        items[1]["status"] = "changed";
        var (_, changed) = await _client.PostJsonAsync(Tasks, items);
        var after = await Task.WhenAll(ids.Select(LastUpdatedAsync));
        changed!.AsArray().Select(t => t!["status"]!.GetValue<string>()).ShouldBe(["OK", "changed", "OK"]);
        after[0].ShouldBe(before[0]);
        after[1].ShouldBeGreaterThan(before[1]);
        after[2].ShouldBe(before[2]);
    }

    [Fact]
    public async Task A_bulk_post_updates_existing_upids_creates_new_ones_and_answers_in_item_order()
    {
        var vm = await _seed.VmAsync();
        var existing = await _seed.CreateAsync(Tasks, Body(vm));
        var fresh = Body(vm, new { status = "new" });

        var (response, body) = await _client.PostJsonAsync(Tasks, new[] { fresh, Body(vm, new { upid = existing["upid"]!.GetValue<string>(), status = "updated" }) });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var answers = body!.AsArray();
        answers.Select(t => t!["upid"]!.GetValue<string>()).ShouldBe([fresh["upid"]!.GetValue<string>(), existing["upid"]!.GetValue<string>()]);
        Id(answers[1]!).ShouldBe(Id(existing));
        Id(answers[0]!).ShouldNotBe(Id(existing));
        answers.Select(t => t!["status"]!.GetValue<string>()).ShouldBe(["new", "updated"]);
        (await CountAsync([fresh["upid"]!.GetValue<string>(), existing["upid"]!.GetValue<string>()])).ShouldBe(2);
    }

    [Fact]
    public async Task Duplicate_upids_in_one_bulk_behave_as_if_sent_in_order_the_later_wins()
    {
        var vm = await _seed.VmAsync();
        var upid = VmTaskHistoryTests.Upid();

        var (response, body) = await _client.PostJsonAsync(Tasks, new[]
        {
            Body(vm, new { upid, status = "first", pid = 1 }), Body(vm, new { status = "other" }), Body(vm, new { upid, status = "second" }),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var answers = body!.AsArray();
        answers.Count.ShouldBe(3);
        Id(answers[0]!).ShouldBe(Id(answers[2]!));
        answers[0]!["status"]!.GetValue<string>().ShouldBe("second");
        answers[2]!["status"]!.GetValue<string>().ShouldBe("second");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(string Status, int? Pid)>("SELECT status, pid FROM netbox_proxbox_vmtaskhistory WHERE upid = @upid", new { upid }))
            .ShouldBe(("second", (int?)1), "the later item updates the row the earlier one created, and keeps the pid it omits");
    }

    [Fact]
    public async Task A_bulk_post_with_one_invalid_item_writes_nothing_and_names_the_item_by_position()
    {
        var vm = await _seed.VmAsync();
        var existing = await _seed.CreateAsync(Tasks, Body(vm, new { status = "before" }));
        var fresh = Body(vm);
        var items = new[]
        {
            fresh, Body(vm, new { upid = existing["upid"]!.GetValue<string>(), status = "after" }), Body(vm, new { virtual_machine = 987654321 }),
            Body(vm, new { start_time = "yesterday" }),
        };

        var (response, body) = await _client.PostJsonAsync(Tasks, items);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.DeepEquals(body, JsonNode.Parse("""
            [{}, {}, {"virtual_machine": ["Related object not found using the provided numeric ID: 987654321"]},
             {"start_time": ["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}]
            """)).ShouldBeTrue(body!.ToJsonString());
        (await CountAsync([fresh["upid"]!.GetValue<string>(), items[2]["upid"]!.GetValue<string>(), items[3]["upid"]!.GetValue<string>()])).ShouldBe(0);
        (await api.ScalarAsync<string>("SELECT status FROM netbox_proxbox_vmtaskhistory WHERE id = @id", new { id = Id(existing) })).ShouldBe("before");
    }

    [Fact]
    public async Task Concurrent_clients_sending_the_same_upids_get_201_and_exactly_one_row_per_upid()
    {
        var vm = await _seed.VmAsync();
        var upids = Enumerable.Range(0, 200).Select(_ => VmTaskHistoryTests.Upid()).ToArray();

        // Eight clients each send all 200 tasks in one bulk, in their own order, with their own status; half of them
        // send every field (the statement for complete items), half only the required ones (the merging statement).
        var bulks = await Task.WhenAll(Enumerable.Range(0, 8).Select(client =>
        {
            var order = upids.OrderBy(_ => Random.Shared.Next()).ToArray();
            return api.CreateClient().PostJsonAsync(Tasks, order.Select(upid => client % 2 == 0
                ? Body(vm, new { upid, status = $"client-{client}" })
                : Complete(vm, upid, $"client-{client}")).ToArray());
        }));
        // And eight clients send 25 of them one at a time, interleaved.
        var singles = await Task.WhenAll(Enumerable.Range(0, 8).Select(async client =>
        {
            var http = api.CreateClient();
            var answers = new List<(HttpStatusCode, long)>();
            foreach (var upid in upids.Take(25).OrderBy(_ => Random.Shared.Next()))
            {
                var (response, body) = await http.PostJsonAsync(Tasks, Body(vm, new { upid, status = $"single-{client}" }));
                answers.Add((response.StatusCode, response.StatusCode == HttpStatusCode.Created ? Id(body!) : 0));
            }

            return answers;
        }));

        bulks.Select(b => b.Response.StatusCode).ShouldAllBe(code => code == HttpStatusCode.Created);
        singles.SelectMany(s => s).Select(a => a.Item1).ShouldAllBe(code => code == HttpStatusCode.Created);
        (await CountAsync(upids)).ShouldBe(200);
        var stored = (await api.OpenDatabase().QueryAsync<(string Upid, long Id)>(
            "SELECT upid, id FROM netbox_proxbox_vmtaskhistory WHERE upid = ANY(@upids)", new { upids })).ToDictionary(r => r.Upid, r => r.Id);
        foreach (var (response, body) in bulks)
        {
            body!.AsArray().ShouldAllBe(t => stored[t!["upid"]!.GetValue<string>()] == t["id"]!.GetValue<long>());
        }

        singles.SelectMany(s => s).Select(a => a.Item2).ShouldAllBe(id => stored.ContainsValue(id));
    }

    [Fact]
    public async Task A_row_found_unchanged_and_deleted_by_another_client_before_the_answer_is_written_again_under_a_new_id()
    {
        var vm = await _seed.VmAsync();
        var (kept, changed) = (Complete(vm, VmTaskHistoryTests.Upid(), "OK"), Complete(vm, VmTaskHistoryTests.Upid(), "OK"));
        var (_, created) = await _client.PostJsonAsync(Tasks, new[] { kept, changed });
        var keptId = Id(created![0]!);
        changed["status"] = "changed";

        // Another client holds the row the re-send changes, so the upsert stops there, after it found the other row
        // unchanged; meanwhile a third client deletes that one, and is not kept waiting by the upsert.
        await using var holder = api.OpenDatabase();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM netbox_proxbox_vmtaskhistory WHERE upid = @upid FOR UPDATE", new { upid = changed["upid"]!.GetValue<string>() }, hold);
        var resend = _client.PostJsonAsync(Tasks, new[] { kept, changed });
        var waiting = false;
        for (var i = 0; i < 200 && !waiting; i++)
        {
            await Task.Delay(25);
            waiting = await api.ScalarAsync<bool>(
                "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%existing_id%')");
        }

        waiting.ShouldBeTrue("the re-send waits for the held row");
        await using (var deleter = api.OpenDatabase())
        {
            await deleter.ExecuteAsync("SET lock_timeout = '5s'; DELETE FROM netbox_proxbox_vmtaskhistory WHERE id = @keptId", new { keptId });
        }

        await hold.CommitAsync();
        var (response, body) = await resend;

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var answered = Id(body![0]!);
        answered.ShouldNotBe(keptId);
        body[0]!["upid"]!.GetValue<string>().ShouldBe(kept["upid"]!.GetValue<string>());
        body[1]!["status"]!.GetValue<string>().ShouldBe("changed");
        (await api.ScalarAsync<string>("SELECT status FROM netbox_proxbox_vmtaskhistory WHERE id = @answered AND upid = @upid",
            new { answered, upid = kept["upid"]!.GetValue<string>() })).ShouldBe("OK");
    }

    [Fact]
    public async Task Adding_is_not_changing_a_user_without_the_change_permission_may_create_but_not_rewrite()
    {
        var vm = await _seed.VmAsync();
        var existing = await _seed.CreateAsync(Tasks, Body(vm, new { status = "before" }));
        var username = Http.Unique("adder");
        var user = (await _client.PostJsonAsync("/api/users/users/", new { username })).Body!;
        var token = (await _client.PostJsonAsync("/api/users/tokens/", new { user = Id(user) })).Body!;
        await _client.PostJsonAsync("/api/users/permissions/", new
        {
            name = Http.Unique("add-tasks"), object_types = new[] { "netbox_proxbox.vmtaskhistory" }, actions = new[] { "view", "add" }, users = new[] { Id(user) },
        });
        var adder = api.CreateClient($"Token nbt_{token["key"]!.GetValue<string>()}.{token["token"]!.GetValue<string>()}");
        var same = Body(vm, new { upid = existing["upid"]!.GetValue<string>(), status = "before" });

        var (unchanged, unchangedBody) = await adder.PostJsonAsync(Tasks, same);
        var (rewrite, _) = await adder.PostJsonAsync(Tasks, Body(vm, new { upid = existing["upid"]!.GetValue<string>(), status = "after" }));
        var (fresh, _) = await adder.PostJsonAsync(Tasks, Body(vm));

        unchanged.StatusCode.ShouldBe(HttpStatusCode.Created, "re-sending what is stored changes nothing");
        Id(unchangedBody!).ShouldBe(Id(existing));
        rewrite.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        fresh.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.ScalarAsync<string>("SELECT status FROM netbox_proxbox_vmtaskhistory WHERE id = @id", new { id = Id(existing) })).ShouldBe("before");
    }

    [Fact]
    public async Task Ten_thousand_items_upsert_in_one_request_then_a_five_percent_change_rewrites_only_those_rows_then_all_change()
    {
        var vms = new[] { await _seed.VmAsync(), await _seed.VmAsync() };
        var run = Guid.NewGuid().ToString("N")[..8];
        var items = Enumerable.Range(0, 10_000).Select(i => new JsonObject
        {
            ["virtual_machine"] = Id(vms[i % 2]), ["vm_type"] = i % 3 == 0 ? "lxc" : "qemu", ["upid"] = $"UPID:pve-{run}:{i:X8}:0000BEEF:6600{i:X4}:vzdump:{100 + i % 50}:root@pam:",
            ["node"] = $"pve-{run}", ["pid"] = i, ["pstart"] = 1_000_000L + i, ["task_id"] = (100 + i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["task_type"] = "vzdump", ["username"] = "root@pam", ["start_time"] = DateTime.UnixEpoch.AddDays(20_000).AddMinutes(i).ToString("O"),
            ["end_time"] = DateTime.UnixEpoch.AddDays(20_000).AddMinutes(i + 1).ToString("O"), ["description"] = $"QEMU {100 + i % 50} - Backup",
            ["status"] = "OK", ["task_state"] = "stopped", ["exitstatus"] = "OK", ["custom_fields"] = new JsonObject(),
        }).ToArray();

        var (response, body) = await _client.PostJsonAsync(Tasks, items);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var answers = body!.AsArray();
        answers.Count.ShouldBe(10_000);
        answers.Select(t => t!["upid"]!.GetValue<string>()).ShouldBe(items.Select(i => i["upid"]!.GetValue<string>()));
        answers.Select(t => Id(t!)).Distinct().Count().ShouldBe(10_000);
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmtaskhistory WHERE node = @node", new { node = $"pve-{run}" })).ShouldBe(10_000);
        foreach (var i in new[] { 0, 1, 4_999, 9_999 })
        {
            var row = await conn.QuerySingleAsync<(long Id, long VmId, string VmType, int Pid, long Pstart, string TaskId, DateTime Start)>(
                "SELECT id, virtual_machine_id, vm_type, pid, pstart, task_id, start_time FROM netbox_proxbox_vmtaskhistory WHERE upid = @upid",
                new { upid = items[i]["upid"]!.GetValue<string>() });
            row.ShouldBe((Id(answers[i]!), Id(vms[i % 2]), i % 3 == 0 ? "lxc" : "qemu", i, 1_000_000L + i, (100 + i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
                DateTime.UnixEpoch.AddDays(20_000).AddMinutes(i)));
            answers[i]!["display"]!.GetValue<string>().ShouldBe($"vzdump on pve-{run} ({DateTime.UnixEpoch.AddDays(20_000).AddMinutes(i):yyyy-MM-dd})");
        }

        var stamps = (await conn.QueryAsync<(string Upid, DateTime LastUpdated)>(
            "SELECT upid, last_updated FROM netbox_proxbox_vmtaskhistory WHERE node = @node", new { node = $"pve-{run}" })).ToDictionary(r => r.Upid, r => r.LastUpdated);
        for (var i = 0; i < items.Length; i += 20)
        {
            items[i]["status"] = "job errors";
            items[i]["task_state"] = "ERROR";
        }

        var (again, againBody) = await _client.PostJsonAsync(Tasks, items);

        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        againBody!.AsArray().Select(t => Id(t!)).ShouldBe(answers.Select(t => Id(t!)));
        var after = (await conn.QueryAsync<(string Upid, DateTime LastUpdated, string Status)>(
            "SELECT upid, last_updated, status FROM netbox_proxbox_vmtaskhistory WHERE node = @node", new { node = $"pve-{run}" })).ToList();
        after.Count.ShouldBe(10_000);
        after.Count(r => r.LastUpdated != stamps[r.Upid]).ShouldBe(500);
        after.Count(r => r.Status == "job errors").ShouldBe(500);
        after.Where(r => r.Status == "job errors").ShouldAllBe(r => r.LastUpdated != stamps[r.Upid]);

        // Then every item changed: every row is rewritten once, and each answer still carries its row's id.
        foreach (var item in items)
        {
            item["status"] = "resynced";
        }

        var (all, allBody) = await _client.PostJsonAsync(Tasks, items);

        all.StatusCode.ShouldBe(HttpStatusCode.Created);
        allBody!.AsArray().Select(t => Id(t!)).ShouldBe(answers.Select(t => Id(t!)));
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmtaskhistory WHERE node = @node AND status = 'resynced'", new { node = $"pve-{run}" }))
            .ShouldBe(10_000);
    }
}
