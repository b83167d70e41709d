using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.VmData.Snapshots;

namespace Proxbox.Api.Tests.Features.VmData.Snapshots;

[Collection(ApiCollection.Name)]
public sealed class VmSnapshotTests(ApiFactory api)
{
    private const string Snaps = VmDataSeed.Snapshots;
    private readonly HttpClient _client = api.CreateClient();
    private readonly VmDataSeed _seed = new(api.CreateClient());
    private int _vmid = Random.Shared.Next(1_000_000, 2_000_000_000);

    private static long Id(JsonNode node) => VmDataSeed.Id(node);

    /// <summary>A snapshot of <paramref name="vm"/>; each gets a fresh Proxmox guest id unless the body names one.</summary>
    private Task<JsonNode> SnapshotAsync(JsonNode vm, object? extra = null)
    {
        var body = new JsonObject { ["virtual_machine"] = Id(vm), ["name"] = Http.Unique("snap"), ["vmid"] = _vmid++, ["node"] = "pve-node-01" };
        if (extra is not null)
        {
            foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        return _seed.CreateAsync(Snaps, body);
    }

    [Fact]
    public async Task The_docs_example_lists_the_snapshots_of_one_virtual_machine()
    {
        var mine = await _seed.VmAsync();
        var other = await _seed.VmAsync();
        var a = await SnapshotAsync(mine);
        var b = await SnapshotAsync(mine);
        await SnapshotAsync(other);

        (await _seed.IdsAsync($"{Snaps}?virtual_machine_id={Id(mine)}")).Order().ShouldBe([Id(a), Id(b)]);
        (await _seed.IdsAsync($"{Snaps}?virtual_machine={Id(mine)}")).Order().ShouldBe([Id(a), Id(b)]);
    }

    [Fact]
    public async Task The_docs_example_filters_active_qemu_snapshots()
    {
        var vm = await _seed.VmAsync();
        var hit = await SnapshotAsync(vm, new { subtype = "qemu", status = "active" });
        await SnapshotAsync(vm, new { subtype = "lxc", status = "active" });
        await SnapshotAsync(vm, new { subtype = "qemu", status = "stale" });

        (await _seed.IdsAsync($"{Snaps}?virtual_machine_id={Id(vm)}&subtype=qemu&status=active")).ShouldBe([Id(hit)]);
        var (bad, errors) = await _client.GetJsonAsync($"{Snaps}?status=gone");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.ToJsonString().ShouldBe("""{"status":["Select a valid choice. gone is not one of the available choices."]}""");
    }

    [Fact]
    public async Task The_docs_example_searches_by_snapshot_name()
    {
        var vm = await _seed.VmAsync();
        var hit = await SnapshotAsync(vm, new { name = "pre-upgrade" });
        await SnapshotAsync(vm, new { name = "nightly", description = "after the upgrade" });

        (await _seed.IdsAsync($"{Snaps}?virtual_machine_id={Id(vm)}&q=pre-upgrade")).ShouldBe([Id(hit)]);
        (await _seed.IdsAsync($"{Snaps}?virtual_machine_id={Id(vm)}&q=PRE-UP")).ShouldBe([Id(hit)]);
    }

    [Fact]
    public async Task Create_reads_back_every_field_with_the_name_as_display_and_stores_it()
    {
        var storage = await _seed.StorageAsync();
        var vm = await _seed.VmAsync();
        var name = Http.Unique("pre-upgrade");

        var (response, body) = await _client.PostJsonAsync(Snaps, new
        {
            proxmox_storage = Id(storage), virtual_machine = Id(vm), name, description = "Before OS upgrade", vmid = 100, node = "pve-node-01",
            snaptime = "2026-03-15T10:00:00Z", parent = "current", subtype = "lxc", status = "stale",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        body!["display"]!.GetValue<string>().ShouldBe(name);
        body["proxmox_storage"]!["id"]!.GetValue<long>().ShouldBe(Id(storage));
        body["proxmox_storage"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "cluster", "name"]);
        body["virtual_machine"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name"]);
        body["subtype"]!.ToJsonString().ShouldBe("""{"value":"lxc","label":"LXC"}""");
        body["status"]!.ToJsonString().ShouldBe("""{"value":"stale","label":"Stale"}""");
        body["snaptime"]!.GetValue<string>().ShouldBe("2026-03-15T10:00:00Z");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long VmId, string Name, int Vmid, string Node, string Parent, string Subtype, string Status)>(
                "SELECT virtual_machine_id, name, vmid, node, parent, subtype, status FROM netbox_proxbox_vmsnapshot WHERE id = @id", new { id = Id(body) }))
            .ShouldBe((Id(vm), name, 100, "pve-node-01", "current", "lxc", "stale"));
    }

    [Fact]
    public async Task Subtype_and_status_default_required_fields_lengths_and_ranges_use_netbox_messages()
    {
        var vm = await _seed.VmAsync();
        var marker = Http.Unique("bad");

        var defaults = await SnapshotAsync(vm);
        var (missing, missingBody) = await _client.PostJsonAsync(Snaps, new { description = marker });
        var (invalid, invalidBody) = await _client.PostJsonAsync(Snaps, new
        {
            virtual_machine = Id(vm), description = marker, name = new string('n', 256), node = "  ", vmid = -1, parent = new string('p', 256),
            subtype = "vm", status = (string?)null, snaptime = "15/03/2026",
        });

        defaults["subtype"]!.ToJsonString().ShouldBe("""{"value":"qemu","label":"QEMU"}""");
        defaults["status"]!.ToJsonString().ShouldBe("""{"value":"active","label":"Active"}""");
        defaults["description"].ShouldBeNull();
        defaults["parent"].ShouldBeNull();
        defaults["snaptime"].ShouldBeNull();
        defaults["proxmox_storage"].ShouldBeNull();
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!.AsObject().Select(p => p.Key).Order().ShouldBe(["name", "node", "virtual_machine", "vmid"]);
        missingBody["vmid"]![0]!.GetValue<string>().ShouldBe("This field is required.");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalidBody!["name"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["node"]![0]!.GetValue<string>().ShouldBe("This field may not be blank.");
        invalidBody["vmid"]![0]!.GetValue<string>().ShouldBe("Ensure this value is greater than or equal to 0.");
        invalidBody["parent"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["subtype"]![0]!.GetValue<string>().ShouldBe("\"vm\" is not a valid choice.");
        invalidBody["status"]![0]!.GetValue<string>().ShouldBe("This field may not be null.");
        invalidBody["snaptime"]![0]!.GetValue<string>().ShouldStartWith("Datetime has wrong format.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmsnapshot WHERE description = @marker", new { marker })).ShouldBe(0);
    }

    [Fact]
    public async Task Vmid_name_and_node_are_unique_together_with_upstreams_message()
    {
        var vm = await _seed.VmAsync();
        var name = Http.Unique("dup");
        await SnapshotAsync(vm, new { name, vmid = 4242, node = "pve-a" });

        var (again, againBody) = await _client.PostJsonAsync(Snaps, new { virtual_machine = Id(vm), name, vmid = 4242, node = "pve-a" });
        var elsewhere = await SnapshotAsync(vm, new { name, vmid = 4242, node = "pve-b" });
        var (rename, renameBody) = await _client.SendAsync(HttpMethod.Patch, elsewhere["url"]!.GetValue<string>(), new { node = "pve-a" });

        const string Message = """{"__all__":["VM Snapshot with this Vmid, Name and Node already exists."]}""";
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        againBody!.ToJsonString().ShouldBe(Message);
        rename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        renameBody!.ToJsonString().ShouldBe(Message);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmsnapshot WHERE name = @name", new { name })).ShouldBe(2);
    }

    [Fact]
    public async Task Filters_by_every_documented_field_and_q_over_vm_and_storage_names()
    {
        var vm = await _seed.VmAsync(Http.Unique("snapvm"));
        var storage = await _seed.StorageAsync();
        var scope = $"?virtual_machine_id={Id(vm)}";
        var a = await SnapshotAsync(vm, new
        {
            proxmox_storage = Id(storage), name = "alpha", description = "Before OS upgrade", vmid = 9001, node = "pve-node-01", parent = "current",
            snaptime = "2026-03-15T10:00:00Z",
        });
        var b = await SnapshotAsync(vm, new { name = "beta", vmid = 9002, node = "pve-node-02", parent = "alpha", snaptime = "2026-03-20T10:00:00Z", subtype = "lxc" });
        var c = await SnapshotAsync(vm, new { name = "gamma", vmid = 9003, node = "pve-node-02", status = "stale" });

        async Task Expect(string query, params JsonNode[] expected) =>
            (await _seed.IdsAsync($"{Snaps}{scope}&{query}")).Order().ShouldBe(expected.Select(Id).Order(), query);

        await Expect("name=alpha", a);
        await Expect("name__n=alpha", b, c);
        await Expect("name__isw=GA", c);
        await Expect("description__ic=os upgrade", a);
        await Expect("description__empty=true", b, c);
        await Expect("vmid=9001,9003", a, c);
        await Expect("vmid__gt=9001", b, c);
        await Expect("node=pve-node-02", b, c);
        await Expect("node__n=pve-node-02", a);
        await Expect("parent=current", a);
        await Expect("parent=null", c);
        await Expect("snaptime__gte=2026-03-16T00:00:00Z", b);
        await Expect("snaptime=2026-03-15T10:00:00Z", a);
        await Expect("snaptime__empty=true", c);
        await Expect("subtype=lxc", b);
        await Expect("status=stale", c);
        await Expect("status__n=stale", a, b);
        await Expect($"proxmox_storage={Id(storage)}", a);
        await Expect($"proxmox_storage_id={Id(storage)}", a);
        await Expect("proxmox_storage=null", b, c);
        await Expect($"id={Id(a)},{Id(b)}", a, b);
        await Expect($"id__gt={Id(a)}", b, c);
        await Expect($"q={storage["name"]!.GetValue<string>()}", a);
        await Expect("q=node-02", b, c);
        await Expect("q=os upgrade", a);
        (await _seed.IdsAsync($"{Snaps}?q={vm["name"]!.GetValue<string>()}")).Order().ShouldBe(new[] { a, b, c }.Select(Id).Order());
    }

    [Fact]
    public async Task Default_ordering_is_vm_name_then_node_then_name_and_cursor_paging_walks_by_id()
    {
        var prefix = Http.Unique("ord");
        var zed = await _seed.VmAsync(prefix + "-zz");
        var abe = await _seed.VmAsync(prefix + "-aa");
        var z = await SnapshotAsync(zed, new { name = "a", node = "n1" });
        var a2 = await SnapshotAsync(abe, new { name = "b", node = "n1" });
        var a3 = await SnapshotAsync(abe, new { name = "a", node = "n2" });
        var a1 = await SnapshotAsync(abe, new { name = "a", node = "n1" });
        var scope = $"?virtual_machine_id={Id(zed)}&virtual_machine_id={Id(abe)}";

        (await _seed.IdsAsync($"{Snaps}{scope}")).ShouldBe([Id(a1), Id(a2), Id(a3), Id(z)]);
        (await _seed.IdsAsync($"{Snaps}{scope}&ordering=-name")).ShouldBe([Id(a2), Id(z), Id(a3), Id(a1)]);
        (await _seed.IdsAsync($"{Snaps}{scope}&start={Id(a2)}&limit=2")).ShouldBe([Id(a2), Id(a3)]);
    }

    [Fact]
    public async Task Deleting_the_vm_deletes_its_snapshots_and_deleting_the_storage_unlinks_them()
    {
        var vm = await _seed.VmAsync();
        var keep = await _seed.VmAsync();
        var storage = await _seed.StorageAsync();
        var goes = await SnapshotAsync(vm, new { proxmox_storage = Id(storage) });
        var stays = await SnapshotAsync(keep, new { proxmox_storage = Id(storage) });

        (await _client.SendAsync(HttpMethod.Delete, storage["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var (_, unlinked) = await _client.GetJsonAsync(stays["url"]!.GetValue<string>());
        (await _client.SendAsync(HttpMethod.Delete, vm["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        unlinked!["proxmox_storage"].ShouldBeNull();
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmsnapshot WHERE id = @id", new { id = Id(goes) })).ShouldBe(0);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmsnapshot WHERE id = @id AND proxmox_storage_id IS NULL", new { id = Id(stays) })).ShouldBe(1);
    }

    [Fact]
    public async Task Bulk_create_update_and_delete()
    {
        var vm = await _seed.VmAsync();
        var name = Http.Unique("bulk");

        var (created, body) = await _client.PostJsonAsync(Snaps, new object[]
        {
            new { virtual_machine = Id(vm), name, vmid = 1, node = "n1" }, new { virtual_machine = Id(vm), name, vmid = 2, node = "n1" },
        });
        var ids = body!.AsArray().Select(s => Id(s!)).ToArray();
        var (patched, patchedBody) = await _client.SendAsync(HttpMethod.Patch, Snaps, ids.Select(id => new { id, status = "stale" }).ToArray());
        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, Snaps, ids.Select(id => new { id }).ToArray());

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        patchedBody!.AsArray().Select(s => s!["status"]!["value"]!.GetValue<string>()).ShouldBe(["stale", "stale"]);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmsnapshot WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Theory]
    [InlineData("virtual_machine", "1", new[] { "netbox_proxbox_vmsnapshot_virtual_machine" })]
    [InlineData("proxmox_storage_id", "1", new[] { "netbox_proxbox_vmsnapshot_proxmox_storage" })]
    [InlineData("name", "pre-upgrade", new[] { "netbox_proxbox_vmsnapshot_name" })]
    [InlineData("name__ic", "upgrade", new[] { "netbox_proxbox_vmsnapshot_name_trgm" })]
    [InlineData("description", "Before OS upgrade", new[] { "netbox_proxbox_vmsnapshot_description_trgm" })]
    [InlineData("description__ic", "upgrade", new[] { "netbox_proxbox_vmsnapshot_description_trgm" })]
    [InlineData("vmid", "100", new[] { "unique_vm_snapshot_vmid_name_node" })]
    [InlineData("node", "pve-node-01", new[] { "netbox_proxbox_vmsnapshot_node" })]
    [InlineData("parent", "current", new[] { "netbox_proxbox_vmsnapshot_parent" })]
    [InlineData("snaptime__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_vmsnapshot_snaptime" })]
    [InlineData("subtype", "lxc", new[] { "netbox_proxbox_vmsnapshot_subtype" })]
    [InlineData("status", "stale", new[] { "netbox_proxbox_vmsnapshot_status" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_vmsnapshot_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_vmsnapshot_last_updated" })]
    [InlineData("q", "pre-upgrade", new[]
    {
        "netbox_proxbox_vmsnapshot_virtual_machine", "netbox_proxbox_vmsnapshot_proxmox_storage", "netbox_proxbox_vmsnapshot_name_trgm",
        "netbox_proxbox_vmsnapshot_node_trgm", "netbox_proxbox_vmsnapshot_description_trgm",
    })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new VmSnapshotResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_snapshot_json_shape_is_pinned()
    {
        var cluster = await _seed.ClusterAsync("Pinned snapshot cluster");
        var storage = await _seed.StorageAsync("pinned-snapshot-storage", cluster);
        var vm = await _seed.VmAsync("pinned-snapshot-vm");
        var snapshot = await _seed.CreateAsync(Snaps, new
        {
            proxmox_storage = Id(storage), virtual_machine = Id(vm), name = "pre-upgrade", description = "Before OS upgrade", vmid = 100, node = "pve-node-pinned",
            snaptime = "2026-03-15T10:00:00Z", parent = "current", subtype = "qemu", status = "active",
        });

        var contract = await Approvals.ContractAsync(_client, snapshot, new { virtual_machine = Id(vm), name = "" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
