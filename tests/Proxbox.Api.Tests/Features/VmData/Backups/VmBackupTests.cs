using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.VmData.Backups;

namespace Proxbox.Api.Tests.Features.VmData.Backups;

[Collection(ApiCollection.Name)]
public sealed class VmBackupTests(ApiFactory api)
{
    private const string Backups = VmDataSeed.Backups;
    private readonly HttpClient _client = api.CreateClient();
    private readonly VmDataSeed _seed = new(api.CreateClient());

    private static long Id(JsonNode node) => VmDataSeed.Id(node);

    private Task<JsonNode> BackupAsync(object body) => _seed.CreateAsync(Backups, body);

    [Fact]
    public async Task The_docs_example_lists_the_backups_of_one_virtual_machine()
    {
        var mine = await _seed.VmAsync();
        var other = await _seed.VmAsync();
        var a = await BackupAsync(new { virtual_machine = Id(mine), vmid = 100, volume_id = Http.Unique("vol") });
        var b = await BackupAsync(new { virtual_machine = Id(mine), vmid = 100, volume_id = Http.Unique("vol") });
        await BackupAsync(new { virtual_machine = Id(other), vmid = 101, volume_id = Http.Unique("vol") });

        (await _seed.IdsAsync($"{Backups}?virtual_machine_id={Id(mine)}")).Order().ShouldBe([Id(a), Id(b)]);
        (await _seed.IdsAsync($"{Backups}?virtual_machine={Id(mine)}")).Order().ShouldBe([Id(a), Id(b)]);
    }

    [Fact]
    public async Task The_docs_example_filters_pbs_vm_backups_by_format_and_format_json_stays_the_renderer_switch()
    {
        var vm = await _seed.VmAsync();
        var pbs = await BackupAsync(new { virtual_machine = Id(vm), format = "pbs-vm", volume_id = "vm/100/a" });
        var zst = await BackupAsync(new { virtual_machine = Id(vm), format = "zst", volume_id = "vzdump-qemu-100.vma.zst" });

        (await _seed.IdsAsync($"{Backups}?virtual_machine_id={Id(vm)}&format=pbs-vm")).ShouldBe([Id(pbs)]);
        (await _seed.IdsAsync($"{Backups}?virtual_machine_id={Id(vm)}&format__n=pbs-vm")).ShouldBe([Id(zst)]);
        (await _seed.IdsAsync($"{Backups}?virtual_machine_id={Id(vm)}&format=json")).Order().ShouldBe([Id(pbs), Id(zst)]);
        var (bad, errors) = await _client.GetJsonAsync($"{Backups}?format=bogus");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.ToJsonString().ShouldBe("""{"format":["Select a valid choice. bogus is not one of the available choices."]}""");
    }

    [Fact]
    public async Task Create_reads_back_every_field_nested_objects_and_choices_and_stores_them()
    {
        var cluster = await _seed.ClusterAsync();
        var storage = await _seed.StorageAsync(cluster: cluster);
        var vm = await _seed.VmAsync();
        var volume = "vm/100/2026-04-01T02:00:00Z-" + Guid.NewGuid().ToString("N")[..8];

        var (response, body) = await _client.PostJsonAsync(Backups, new
        {
            proxmox_storage = Id(storage), virtual_machine = new { name = vm["name"]!.GetValue<string>() }, storage = " pbs-main ", subtype = "qemu",
            format = new { value = "pbs-vm" }, creation_time = "2026-04-01T02:00:00", size = 10737418240L, notes = "nightly backup", volume_id = volume,
            vmid = "100", used = 8589934592L, encrypted = "a]b:c1:d2:e3", verification_state = "ok", verification_upid = "UPID:pve-node-01:...",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var id = Id(body!);
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/plugins/proxbox/backups/{id}/");
        body!["display"]!.GetValue<string>().ShouldBe("vm-100 backup (2026-04-01)");
        body["proxmox_storage"]!.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = Id(storage), ["url"] = $"http://localhost/api/plugins/proxbox/storage/{Id(storage)}/", ["display"] = storage["name"]!.GetValue<string>(),
            ["cluster"] = new JsonObject
            {
                ["id"] = Id(cluster), ["url"] = $"http://localhost/api/virtualization/clusters/{Id(cluster)}/", ["display"] = cluster["name"]!.GetValue<string>(),
                ["name"] = cluster["name"]!.GetValue<string>(), ["description"] = "lab",
            },
            ["name"] = storage["name"]!.GetValue<string>(),
        }.ToJsonString());
        body["virtual_machine"]!.ToJsonString().ShouldBe(new JsonObject
        {
            ["id"] = Id(vm), ["url"] = $"http://localhost/api/virtualization/virtual-machines/{Id(vm)}/", ["display"] = vm["name"]!.GetValue<string>(),
            ["name"] = vm["name"]!.GetValue<string>(),
        }.ToJsonString());
        body["storage"]!.GetValue<string>().ShouldBe("pbs-main");
        body["subtype"]!.ToJsonString().ShouldBe("""{"value":"qemu","label":"QEMU"}""");
        body["format"]!.ToJsonString().ShouldBe("""{"value":"pbs-vm","label":"PBS VM"}""");
        body["creation_time"]!.GetValue<string>().ShouldBe("2026-04-01T02:00:00Z");
        body["size"]!.GetValue<long>().ShouldBe(10737418240L);
        body["vmid"]!.GetValue<int>().ShouldBe(100);
        body["used"]!.GetValue<long>().ShouldBe(8589934592L);
        body["encrypted"]!.GetValue<string>().ShouldBe("a]b:c1:d2:e3");
        await using var conn = api.OpenDatabase();
        var row = await conn.QuerySingleAsync<(long? StorageId, long VmId, string Storage, string Subtype, string Format, DateTime Created, long Size, string VolumeId, int Vmid)>(
            "SELECT proxmox_storage_id, virtual_machine_id, storage, subtype, format, creation_time, size, volume_id, vmid FROM netbox_proxbox_vmbackup WHERE id = @id", new { id });
        row.ShouldBe((Id(storage), Id(vm), "pbs-main", "qemu", "pbs-vm", new DateTime(2026, 4, 1, 2, 0, 0, DateTimeKind.Utc), 10737418240L, volume, 100));
        var (_, again) = await _client.GetJsonAsync(body["url"]!.GetValue<string>());
        again!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Fact]
    public async Task Omitted_fields_take_their_defaults_and_subtype_and_format_may_be_null()
    {
        var vm = await _seed.VmAsync();

        var defaults = await BackupAsync(new { virtual_machine = Id(vm) });
        var nulls = await BackupAsync(new { virtual_machine = Id(vm), subtype = (string?)null, format = new { value = (string?)null } });

        defaults["subtype"]!.ToJsonString().ShouldBe("""{"value":"undefined","label":"Undefined"}""");
        defaults["format"]!.ToJsonString().ShouldBe("""{"value":"undefined","label":"Undefined"}""");
        defaults["encrypted"]!.GetValue<string>().ShouldBe("");
        foreach (var key in new[] { "proxmox_storage", "storage", "creation_time", "size", "notes", "volume_id", "vmid", "used", "verification_state", "verification_upid" })
        {
            defaults[key].ShouldBeNull(key);
        }

        nulls["subtype"].ShouldBeNull();
        nulls["format"].ShouldBeNull();
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE id = @id AND subtype IS NULL AND format IS NULL", new { id = Id(nulls) })).ShouldBe(1);
        (await api.ScalarAsync<string>("SELECT subtype || '/' || format || '/' || encrypted || '.' FROM netbox_proxbox_vmbackup WHERE id = @id", new { id = Id(defaults) }))
            .ShouldBe("undefined/undefined/.");
    }

    [Fact]
    public async Task Display_names_the_guest_by_vmid_else_by_the_vm_and_drops_the_day_without_a_creation_time()
    {
        var vm = await _seed.VmAsync();
        var name = vm["name"]!.GetValue<string>();

        var full = await BackupAsync(new { virtual_machine = Id(vm), vmid = 100, creation_time = "2026-04-01T23:30:00-02:00" });
        var noVmid = await BackupAsync(new { virtual_machine = Id(vm), creation_time = "2026-04-01T02:00:00Z" });
        var noTime = await BackupAsync(new { virtual_machine = Id(vm), vmid = 7 });
        var neither = await BackupAsync(new { virtual_machine = Id(vm) });

        full["display"]!.GetValue<string>().ShouldBe("vm-100 backup (2026-04-02)", "the day is the UTC day");
        noVmid["display"]!.GetValue<string>().ShouldBe($"{name} backup (2026-04-01)");
        noTime["display"]!.GetValue<string>().ShouldBe("vm-7 backup");
        neither["display"]!.GetValue<string>().ShouldBe($"{name} backup");
        VmBackupResource.Display(0, "x", null).ShouldBe("vm-0 backup");
    }

    [Fact]
    public async Task Required_fields_types_lengths_ranges_and_choices_use_netbox_messages_and_store_nothing()
    {
        var vm = await _seed.VmAsync();
        var marker = Http.Unique("bad");

        var (missing, missingBody) = await _client.PostJsonAsync(Backups, new { notes = marker });
        var (invalid, invalidBody) = await _client.PostJsonAsync(Backups, new
        {
            virtual_machine = Id(vm), notes = marker, storage = new string('s', 256), volume_id = new string('v', 256), encrypted = (string?)null,
            verification_state = new string('x', 256), vmid = -1, size = "big", subtype = "kvm", format = "zip", creation_time = "yesterday",
        });
        var (tooBig, tooBigBody) = await _client.PostJsonAsync(Backups, new { virtual_machine = Id(vm), notes = marker, vmid = 2147483648L, used = "9223372036854775808" });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!.ToJsonString().ShouldBe("""{"virtual_machine":["This field is required."]}""");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalidBody!["storage"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["volume_id"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["verification_state"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 255 characters.");
        invalidBody["encrypted"]![0]!.GetValue<string>().ShouldBe("This field may not be null.");
        invalidBody["vmid"]![0]!.GetValue<string>().ShouldBe("Ensure this value is greater than or equal to 0.");
        invalidBody["size"]![0]!.GetValue<string>().ShouldBe("A valid integer is required.");
        invalidBody["subtype"]![0]!.GetValue<string>().ShouldBe("\"kvm\" is not a valid choice.");
        invalidBody["format"]![0]!.GetValue<string>().ShouldBe("\"zip\" is not a valid choice.");
        invalidBody["creation_time"]![0]!.GetValue<string>().ShouldStartWith("Datetime has wrong format.");
        tooBig.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooBigBody!["vmid"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 2147483647.");
        tooBigBody["used"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 9223372036854775807.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE notes = @marker", new { marker })).ShouldBe(0);
    }

    [Fact]
    public async Task The_unique_backup_tuple_is_refused_with_upstreams_message_unless_a_part_is_null()
    {
        var vm = await _seed.VmAsync();
        var volume = Http.Unique("vol");
        var tuple = new { virtual_machine = Id(vm), storage = "pbs-main", subtype = "qemu", format = "pbs-vm", volume_id = volume, vmid = 100 };
        var first = await BackupAsync(tuple);

        var (again, againBody) = await _client.PostJsonAsync(Backups, tuple);
        var (inBulk, inBulkBody) = await _client.PostJsonAsync(Backups, new object[]
        {
            new { virtual_machine = Id(vm), storage = "pbs-main", volume_id = volume + "-b", vmid = 100 },
            new { virtual_machine = Id(vm), storage = "pbs-main", volume_id = volume + "-b", vmid = 100 },
        });
        var other = await BackupAsync(new { virtual_machine = Id(vm), storage = "pbs-main", subtype = "qemu", format = "pbs-vm", volume_id = volume + "-c", vmid = 100 });
        var (moved, movedBody) = await _client.SendAsync(HttpMethod.Patch, other["url"]!.GetValue<string>(), new { volume_id = volume });
        await BackupAsync(new { virtual_machine = Id(vm), storage = (string?)null, subtype = "qemu", format = "pbs-vm", volume_id = volume + "-n", vmid = 100 });
        await BackupAsync(new { virtual_machine = Id(vm), storage = (string?)null, subtype = "qemu", format = "pbs-vm", volume_id = volume + "-n", vmid = 100 });

        const string Message = """{"__all__":["VM Backup with this Storage, Virtual machine, Subtype, Format, Volume id and Vmid already exists."]}""";
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        againBody!.ToJsonString().ShouldBe(Message);
        inBulk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        inBulkBody![0]!.AsObject().ShouldBeEmpty();
        inBulkBody[1]!.ToJsonString().ShouldBe(Message);
        moved.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        movedBody!.ToJsonString().ShouldBe(Message);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE volume_id = @volume", new { volume })).ShouldBe(1);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE volume_id = @v", new { v = volume + "-n" })).ShouldBe(2,
            "rows with a NULL storage are never compared, as in the database constraint");
        Id(first).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Filters_by_storage_text_and_link_under_both_spellings_numbers_times_and_text_lookups()
    {
        var vm = await _seed.VmAsync();
        var storage = await _seed.StorageAsync();
        var sid = Id(storage);
        var tag = $"?virtual_machine_id={Id(vm)}";
        var a = await BackupAsync(new
        {
            virtual_machine = Id(vm), proxmox_storage = sid, storage = "pbs-main", vmid = 100, size = 1000, used = 10, creation_time = "2026-04-01T02:00:00Z",
            volume_id = "vm/100/2026-04-01", encrypted = "fp:1",
        });
        var b = await BackupAsync(new
        {
            virtual_machine = Id(vm), storage = "local", vmid = 101, size = 5000, used = 50, creation_time = "2026-04-03T02:00:00Z",
            volume_id = "local:backup/vzdump-qemu-101.vma.zst", subtype = "lxc",
        });
        var c = await BackupAsync(new { virtual_machine = Id(vm), vmid = 102 });

        async Task Expect(string query, params JsonNode[] expected) =>
            (await _seed.IdsAsync($"{Backups}{tag}&{query}")).Order().ShouldBe(expected.Select(Id).Order(), query);

        await Expect("storage=pbs-main", a);
        await Expect("storage__ic=PBS", a);
        await Expect("storage__isw=loc", b);
        await Expect("storage__n=local", a, c);
        await Expect("storage__empty=true", c);
        await Expect("storage=null", c);
        await Expect($"proxmox_storage={sid}", a);
        await Expect($"proxmox_storage_id={sid}", a);
        await Expect("proxmox_storage=null", b, c);
        await Expect($"proxmox_storage__n={sid}", b, c);
        await Expect("vmid=100&vmid=102", a, c);
        await Expect("vmid=100,101", a, b);
        await Expect("vmid__gte=101", b, c);
        await Expect("size__lt=5000", a);
        await Expect("size__empty=true", c);
        await Expect("used__gt=10", b);
        await Expect("creation_time__gte=2026-04-02T00:00:00Z", b);
        await Expect("creation_time__lt=2026-04-02", a);
        await Expect("creation_time=2026-04-01T02:00:00Z", a);
        await Expect("creation_time__empty=true", c);
        await Expect("volume_id=vm/100/2026-04-01", a);
        await Expect("volume_id__iew=.zst", b);
        await Expect("encrypted=fp:1", a);
        await Expect("encrypted__empty=true", b, c);
        await Expect("subtype=lxc", b);
        await Expect("subtype__n=lxc", a, c);
        await Expect($"id={Id(a)},{Id(c)}", a, c);
        await Expect($"id__gte={Id(b)}&id__lte={Id(c)}", b, c);
        await Expect($"q={storage["name"]!.GetValue<string>()[3..]}", a);
        await Expect("q=VZDUMP-QEMU", b);
        await Expect("q=pbs-m", a);

        var (bad, errors) = await _client.GetJsonAsync($"{Backups}?creation_time__gte=soon&vmid=x");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!["creation_time__gte"]![0]!.GetValue<string>().ShouldBe("Enter a valid date/time.");
        errors["vmid"]![0]!.GetValue<string>().ShouldBe("Enter a whole number.");
    }

    [Fact]
    public async Task Q_finds_backups_by_their_vms_name()
    {
        var vm = await _seed.VmAsync(Http.Unique("web-server"));
        var other = await _seed.VmAsync();
        var mine = await BackupAsync(new { virtual_machine = Id(vm) });
        await BackupAsync(new { virtual_machine = Id(other) });

        (await _seed.IdsAsync($"{Backups}?q={vm["name"]!.GetValue<string>().ToUpperInvariant()}")).ShouldBe([Id(mine)]);
    }

    [Fact]
    public async Task Default_ordering_is_storage_then_vm_name_then_creation_time_and_cursor_paging_walks_by_id()
    {
        var zed = await _seed.VmAsync(Http.Unique("zz"));
        var abe = await _seed.VmAsync(Http.Unique("aa"));
        var storage = Http.Unique("ord");
        var z1 = await BackupAsync(new { virtual_machine = Id(zed), storage, creation_time = "2026-01-01T00:00:00Z" });
        var a2 = await BackupAsync(new { virtual_machine = Id(abe), storage, creation_time = "2026-01-02T00:00:00Z" });
        var a1 = await BackupAsync(new { virtual_machine = Id(abe), storage, creation_time = "2026-01-01T00:00:00Z" });
        var other = await BackupAsync(new { virtual_machine = Id(abe), storage = storage + "-x", creation_time = "2025-01-01T00:00:00Z" });
        var filter = $"storage__isw={storage}";

        (await _seed.IdsAsync($"{Backups}?{filter}")).ShouldBe([Id(a1), Id(a2), Id(z1), Id(other)]);
        (await _seed.IdsAsync($"{Backups}?{filter}&ordering=-creation_time")).ShouldBe([Id(a2), Id(z1), Id(a1), Id(other)]);
        (await _seed.IdsAsync($"{Backups}?{filter}&ordering=virtual_machine")).ShouldBe([Id(a2), Id(a1), Id(other), Id(z1)]);
        var (_, first) = await _client.GetJsonAsync($"{Backups}?{filter}&start=0&limit=2");
        first!["count"].ShouldBeNull();
        first["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(z1), Id(a2)]);
        var (_, second) = await _client.GetJsonAsync(first["next"]!.GetValue<string>());
        second!["results"]!.AsArray().Select(r => Id(r!)).ShouldBe([Id(a1), Id(other)]);
    }

    [Fact]
    public async Task Put_patch_bulk_update_and_delete()
    {
        var vm = await _seed.VmAsync();
        var a = await BackupAsync(new { virtual_machine = Id(vm), vmid = 1, notes = "a" });
        var b = await BackupAsync(new { virtual_machine = Id(vm), vmid = 2 });

        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, a["url"]!.GetValue<string>(), new { virtual_machine = Id(vm), format = "zst" });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, Backups, new object[] { new { id = Id(a), vmid = 10 }, new { id = Id(b), vmid = 20 } });
        var (gone, _) = await _client.SendAsync(HttpMethod.Delete, Backups, new object[] { new { id = Id(a) }, new { id = Id(b) } });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        putBody!["format"]!["value"]!.GetValue<string>().ShouldBe("zst");
        putBody["notes"]!.GetValue<string>().ShouldBe("a", "PUT leaves an omitted optional field as it was, as DRF does");
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        bulkBody!.AsArray().Select(x => x!["vmid"]!.GetValue<int>()).Order().ShouldBe([10, 20]);
        gone.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE id IN (@a, @b)", new { a = Id(a), b = Id(b) })).ShouldBe(0);
        var (missing, missingBody) = await _client.GetJsonAsync(a["url"]!.GetValue<string>());
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missingBody!.ToJsonString().ShouldBe("""{"detail":"No VMBackup matches the given query."}""");
    }

    [Fact]
    public async Task Deleting_the_vm_deletes_its_backups_and_deleting_the_storage_unlinks_them()
    {
        var vm = await _seed.VmAsync();
        var keep = await _seed.VmAsync();
        var storage = await _seed.StorageAsync();
        var goes = await BackupAsync(new { virtual_machine = Id(vm), proxmox_storage = Id(storage) });
        var stays = await BackupAsync(new { virtual_machine = Id(keep), proxmox_storage = Id(storage), storage = "pbs-main" });

        (await _client.SendAsync(HttpMethod.Delete, storage["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var (_, unlinked) = await _client.GetJsonAsync(stays["url"]!.GetValue<string>());
        (await _client.SendAsync(HttpMethod.Delete, vm["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        unlinked!["proxmox_storage"].ShouldBeNull();
        unlinked["storage"]!.GetValue<string>().ShouldBe("pbs-main", "the raw storage id is Proxmox's, not the link");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE id = @id", new { id = Id(goes) })).ShouldBe(0);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_vmbackup WHERE id = @id AND proxmox_storage_id IS NULL", new { id = Id(stays) })).ShouldBe(1);
        (await _client.GetJsonAsync(goes["url"]!.GetValue<string>())).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("virtual_machine_id", "1", new[] { "netbox_proxbox_vmbackup_virtual_machine" })]
    [InlineData("proxmox_storage", "1", new[] { "netbox_proxbox_vmbackup_proxmox_storage" })]
    // Equality on a column with a trigram index too: with thousands of rows about, the planner may take either.
    [InlineData("storage", "pbs-main", new[] { "netbox_proxbox_vmbackup_ordering|netbox_proxbox_vmbackup_storage_trgm" })]
    [InlineData("storage__ic", "pbs", new[] { "netbox_proxbox_vmbackup_storage_trgm" })]
    [InlineData("format", "pbs-vm", new[] { "netbox_proxbox_vmbackup_format" })]
    [InlineData("subtype", "qemu", new[] { "netbox_proxbox_vmbackup_subtype" })]
    [InlineData("creation_time__gte", "2026-04-01T00:00:00Z", new[] { "netbox_proxbox_vmbackup_creation_time" })]
    [InlineData("size__gt", "1000", new[] { "netbox_proxbox_vmbackup_size" })]
    [InlineData("used__lt", "1000", new[] { "netbox_proxbox_vmbackup_used" })]
    [InlineData("encrypted", "fp", new[] { "netbox_proxbox_vmbackup_encrypted" })]
    [InlineData("volume_id", "vm/100/x", new[] { "netbox_proxbox_vmbackup_volume_id" })]
    [InlineData("volume_id__ic", "vm/100", new[] { "netbox_proxbox_vmbackup_volume_id_trgm" })]
    [InlineData("vmid", "100", new[] { "netbox_proxbox_vmbackup_vmid" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_vmbackup_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "netbox_proxbox_vmbackup_last_updated" })]
    [InlineData("q", "web", new[]
    {
        "netbox_proxbox_vmbackup_proxmox_storage", "netbox_proxbox_vmbackup_storage_trgm", "netbox_proxbox_vmbackup_volume_id_trgm",
        "virtualization_virtualmachine_name_trgm",
    })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new VmBackupResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_backup_json_shape_is_pinned()
    {
        var cluster = await _seed.ClusterAsync("Pinned backup cluster");
        var storage = await _seed.StorageAsync("pinned-backup-storage", cluster);
        var vm = await _seed.VmAsync("pinned-backup-vm");
        var backup = await BackupAsync(new
        {
            proxmox_storage = Id(storage), virtual_machine = Id(vm), storage = "backup-storage", subtype = "qemu", format = "pbs-vm",
            creation_time = "2026-04-01T02:00:00Z", size = 10737418240L, notes = "nightly backup", volume_id = "vm/100/2026-04-01T02:00:00Z", vmid = 100,
            used = 8589934592L, encrypted = "a]b:c1:d2:e3", verification_state = "ok", verification_upid = "UPID:pve-node-01:...",
        });

        var contract = await Approvals.ContractAsync(_client, backup, new { virtual_machine = Id(vm), vmid = -1, creation_time = "yesterday" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
