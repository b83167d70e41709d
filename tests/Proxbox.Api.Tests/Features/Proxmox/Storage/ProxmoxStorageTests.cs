using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using static Proxbox.Api.Tests.Features.Proxmox.ProxmoxApi;

namespace Proxbox.Api.Tests.Features.Proxmox.Storage;

[Collection(ApiCollection.Name)]
public sealed class ProxmoxStorageTests(ApiFactory api)
{
    private static readonly string[] NullableStrings =
    [
        "storage_type", "content", "path", "nodes", "server", "username", "export", "share", "pool", "monhost", "namespace", "datastore", "subdir", "mountpoint",
        "is_mountpoint", "preallocation", "format", "prune_backups",
    ];

    private readonly HttpClient _client = api.CreateClient();
    private readonly ProxmoxApi _pve = new(api.CreateClient());

    private Task<string[]> NamesAsync(string query) => _pve.NamesAsync($"{StorageUrl}?{query}");

    private Task<JsonNode> StorageAsync(JsonNode cluster, string name, object? more = null)
    {
        var body = new JsonObject { ["cluster"] = Id(cluster), ["name"] = name };
        foreach (var (key, value) in more is null ? [] : System.Text.Json.JsonSerializer.SerializeToNode(more)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        return _pve.StorageAsync(body);
    }

    [Fact]
    public async Task The_documented_cluster_name_filter_lists_one_clusters_storage()
    {
        var prod = await _pve.NetBoxClusterAsync(Http.Unique("prod-cluster"));
        var lab = await _pve.NetBoxClusterAsync(Http.Unique("lab-cluster"));
        await StorageAsync(prod, "local-lvm");
        await StorageAsync(prod, "backup-storage");
        await StorageAsync(lab, "local-lvm");

        var (response, body) = await _client.GetJsonAsync($"{StorageUrl}?cluster__name={Name(prod)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["count"]!.GetValue<long>().ShouldBe(2);
        body["results"]!.AsArray().Select(s => Name(s!)).ShouldBe(["backup-storage", "local-lvm"]);
        body["results"]!.AsArray().ShouldAllBe(s => Id(s!["cluster"]!) == Id(prod));
    }

    [Fact]
    public async Task The_documented_enabled_and_shared_filter_keeps_enabled_shared_storage_only()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        await StorageAsync(cluster, "nfs-shared", new { enabled = true, shared = true });
        await StorageAsync(cluster, "local-dir", new { enabled = true, shared = false });
        await StorageAsync(cluster, "ceph-off", new { enabled = false, shared = true });
        await StorageAsync(cluster, "old-dir", new { enabled = false, shared = false });

        var (response, body) = await _client.GetJsonAsync($"{StorageUrl}?enabled=true&shared=true");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["count"]!.GetValue<long>().ShouldBe(await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxstorage WHERE enabled AND shared"));
        body["results"]!.AsArray().ShouldAllBe(s => s!["enabled"]!.GetValue<bool>() && s["shared"]!.GetValue<bool>());
        (await NamesAsync($"cluster={Id(cluster)}&enabled=true&shared=true")).ShouldBe(["nfs-shared"]);
        (await NamesAsync($"cluster={Id(cluster)}&enabled=True&shared=False")).ShouldBe(["local-dir"]);
        (await NamesAsync($"cluster={Id(cluster)}&enabled=0")).ShouldBe(["ceph-off", "old-dir"]);
        (await NamesAsync($"cluster={Id(cluster)}&shared=1")).ShouldBe(["ceph-off", "nfs-shared"]);
    }

    [Fact]
    public async Task Create_takes_upstreams_defaults_and_stores_them()
    {
        var cluster = await _pve.NetBoxClusterAsync(description: "Production");
        var name = Http.Unique("local-lvm");

        var (response, body) = await _client.PostJsonAsync(StorageUrl, new { cluster = Id(cluster), name = $" {name} " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        body.ShouldNotBeNull();
        response.Headers.Location!.ToString().ShouldBe(Url(body));
        Url(body).ShouldBe($"http://localhost{StorageUrl}{Id(body)}/");
        body["display"]!.GetValue<string>().ShouldBe(name);
        body["name"]!.GetValue<string>().ShouldBe(name);
        Text(body["cluster"]).ShouldBe(Text(new JsonObject
        {
            ["id"] = Id(cluster), ["url"] = $"http://localhost{NetBoxClustersUrl}{Id(cluster)}/", ["display"] = Name(cluster), ["name"] = Name(cluster), ["description"] = "Production",
        }));
        foreach (var field in NullableStrings.Append("port").Append("max_protected_backups"))
        {
            body[field].ShouldBeNull(field);
        }

        body["shared"]!.GetValue<bool>().ShouldBeFalse();
        body["enabled"]!.GetValue<bool>().ShouldBeTrue();
        Text(body["raw_config"]).ShouldBe("{}");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long ClusterId, string Name, bool Shared, bool Enabled, string RawConfig, int Nulls)>(
                $"SELECT cluster_id, name, shared, enabled, raw_config::text, num_nulls({string.Join(", ", NullableStrings)}, port, max_protected_backups) FROM netbox_proxbox_proxmoxstorage WHERE id = @id",
                new { id = Id(body) }))
            .ShouldBe((Id(cluster), name, false, true, "{}", NullableStrings.Length + 2));
    }

    [Fact]
    public async Task Every_field_is_written_and_read_back_and_raw_config_keeps_any_object()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var nodes = string.Join(",", Enumerable.Range(1, 120).Select(i => $"pve-node-{i:000}"));

        var storage = await StorageAsync(cluster, Http.Unique("pbs"), new
        {
            storage_type = "pbs", content = "backup", path = "/mnt/pbs", nodes, shared = true, enabled = "false", server = "pbs.example.com", port = 8007,
            username = "backup@pbs", export = "/export", share = "share", pool = "data", monhost = "10.0.0.1 10.0.0.2", @namespace = "ns1", datastore = "store1",
            subdir = "sub", mountpoint = "/mnt/x", is_mountpoint = "yes", preallocation = "metadata", format = "qcow2", prune_backups = "keep-last=3",
            max_protected_backups = 5, raw_config = new { thinpool = "data", nested = new { list = new object[] { 1, "two", true, null! } }, digest = "abc" },
        });

        nodes.Length.ShouldBeGreaterThan(255);
        storage["nodes"]!.GetValue<string>().ShouldBe(nodes, "nodes is unbounded: large clusters list more than 255 characters");
        storage["storage_type"]!.GetValue<string>().ShouldBe("pbs");
        storage["shared"]!.GetValue<bool>().ShouldBeTrue();
        storage["enabled"]!.GetValue<bool>().ShouldBeFalse();
        storage["port"]!.GetValue<int>().ShouldBe(8007);
        storage["namespace"]!.GetValue<string>().ShouldBe("ns1");
        storage["is_mountpoint"]!.GetValue<string>().ShouldBe("yes");
        storage["max_protected_backups"]!.GetValue<int>().ShouldBe(5);
        storage["raw_config"]!["nested"]!["list"]!.AsArray().Count.ShouldBe(4);
        storage["raw_config"]!["thinpool"]!.GetValue<string>().ShouldBe("data");
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(string Nodes, string Monhost, string Prune, string Digest)>(
                "SELECT nodes, monhost, prune_backups, raw_config->>'digest' FROM netbox_proxbox_proxmoxstorage WHERE id = @id", new { id = Id(storage) }))
            .ShouldBe((nodes, "10.0.0.1 10.0.0.2", "keep-last=3", "abc"));
    }

    [Theory]
    [InlineData("false", "\"\"")]
    [InlineData("true", "\"1\"")]
    [InlineData("\"1\"", "\"1\"")]
    [InlineData("\" yes \"", "\"yes\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("0", "\"0\"")]
    [InlineData("null", "null")]
    public async Task Is_mountpoint_is_a_string_that_also_takes_json_booleans_and_numbers(string given, string stored)
    {
        var cluster = await _pve.NetBoxClusterAsync();

        var (response, body) = await _client.PostJsonAsync(StorageUrl, $$"""{"cluster": {{Id(cluster)}}, "name": "mnt", "is_mountpoint": {{given}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        Text(body!["is_mountpoint"]).ShouldBe(stored);
        var (_, patched) = await _client.SendAsync(HttpMethod.Patch, Url(body), $$"""{"is_mountpoint": {{given}}}""");
        Text(patched!["is_mountpoint"]).ShouldBe(stored);
        (await api.ScalarAsync<string>("SELECT coalesce(to_json(is_mountpoint)::text, 'null') FROM netbox_proxbox_proxmoxstorage WHERE id = @id", new { id = Id(body) }))
            .ShouldBe(stored);
    }

    [Theory]
    [InlineData("name", 255)]
    [InlineData("storage_type", 100)]
    [InlineData("content", 255)]
    [InlineData("path", 255)]
    [InlineData("server", 255)]
    [InlineData("username", 255)]
    [InlineData("export", 255)]
    [InlineData("share", 255)]
    [InlineData("pool", 255)]
    [InlineData("monhost", 512)]
    [InlineData("namespace", 255)]
    [InlineData("datastore", 255)]
    [InlineData("subdir", 255)]
    [InlineData("mountpoint", 255)]
    [InlineData("is_mountpoint", 255)]
    [InlineData("preallocation", 50)]
    [InlineData("format", 100)]
    [InlineData("prune_backups", 512)]
    public async Task Each_string_holds_its_upstream_length_and_not_one_more(string field, int length)
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var name = Http.Unique("len");

        var (fits, fitsBody) = await _client.PostJsonAsync(StorageUrl, new JsonObject { ["cluster"] = Id(cluster), ["name"] = name, [field] = new string('x', length) });
        var (over, overBody) = await _client.PostJsonAsync(StorageUrl, new JsonObject { ["cluster"] = Id(cluster), ["name"] = Http.Unique("len"), [field] = new string('y', length + 1) });

        fits.StatusCode.ShouldBe(HttpStatusCode.Created, fitsBody?.ToJsonString());
        fitsBody![field]!.GetValue<string>().Length.ShouldBe(length);
        over.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(overBody).ShouldBe(Text(new JsonObject { [field] = new JsonArray($"Ensure this field has no more than {length} characters.") }));
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id", new { id = Id(cluster) })).ShouldBe(1);
    }

    [Fact]
    public async Task Required_fields_ranges_types_and_raw_config_answer_netbox_messages()
    {
        var cluster = await _pve.NetBoxClusterAsync();

        var (empty, emptyBody) = await _client.PostJsonAsync(StorageUrl, new { });
        var (bad, badBody) = await _client.PostJsonAsync(StorageUrl, new
        {
            cluster = Id(cluster), name = "", port = -1, max_protected_backups = 2147483648L, shared = "sometimes", raw_config = new[] { 1, 2 }, pool = new { x = 1 },
        });
        var (nulls, nullBody) = await _client.PostJsonAsync(StorageUrl, """{"cluster": null, "name": null, "shared": null, "enabled": null, "raw_config": null}""");
        var (scalar, scalarBody) = await _client.PostJsonAsync(StorageUrl, new { cluster = Id(cluster), name = "scalar", raw_config = "thinpool=data", port = 2147483648L });
        var (wide, wideBody) = await _client.PostJsonAsync(StorageUrl, new { cluster = Id(cluster), name = "wide-port", port = 70000, storage_type = 42 });

        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(emptyBody).ShouldBe("""{"cluster":["This field is required."],"name":["This field is required."]}""");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(badBody).ShouldBe(Text(new JsonObject
        {
            ["name"] = new JsonArray("This field may not be blank."),
            ["shared"] = new JsonArray("Must be a valid boolean."),
            ["port"] = new JsonArray("Ensure this value is greater than or equal to 0."),
            ["pool"] = new JsonArray("Not a valid string."),
            ["max_protected_backups"] = new JsonArray("Ensure this value is less than or equal to 2147483647."),
            ["raw_config"] = new JsonArray("Expected a dictionary of items but got type \"list\"."),
        }));
        nulls.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "cluster", "name", "shared", "enabled", "raw_config" })
        {
            nullBody![field]![0]!.GetValue<string>().ShouldBe("This field may not be null.", field);
        }

        scalar.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        scalarBody!["raw_config"]![0]!.GetValue<string>().ShouldBe("Expected a dictionary of items but got type \"str\".");
        scalarBody["port"]![0]!.GetValue<string>().ShouldBe("Ensure this value is less than or equal to 2147483647.");
        wide.StatusCode.ShouldBe(HttpStatusCode.Created, "the storage port has no 65535 cap upstream; numbers become strings");
        wideBody!["port"]!.GetValue<int>().ShouldBe(70000);
        wideBody["storage_type"]!.GetValue<string>().ShouldBe("42");
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id", new { id = Id(cluster) })).ShouldBe(1);
    }

    [Fact]
    public async Task Renaming_onto_a_taken_cluster_and_name_is_refused_on_put_patch_and_bulk_patch()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var other = await _pve.NetBoxClusterAsync();
        await StorageAsync(cluster, "local");
        var second = await StorageAsync(cluster, "nfs");
        var elsewhere = await StorageAsync(other, "local");

        var (patch, patchBody) = await _client.SendAsync(HttpMethod.Patch, Url(second), new { name = "local" });
        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, Url(second), new { cluster = Id(cluster), name = "local", path = "/x" });
        var (move, moveBody) = await _client.SendAsync(HttpMethod.Patch, Url(elsewhere), new { cluster = Id(cluster) });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, StorageUrl, new object[] { new { id = Id(second), name = "local" } });
        var (keep, _) = await _client.SendAsync(HttpMethod.Put, Url(second), new { cluster = Id(cluster), name = "nfs", path = "/nfs" });

        const string Message = """{"__all__":["Proxmox Storage with this Cluster and Name already exists."]}""";
        foreach (var (response, body) in new[] { (patch, patchBody), (put, putBody), (move, moveBody), (bulk, bulkBody) })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            Text(body).ShouldBe(Message);
        }

        keep.StatusCode.ShouldBe(HttpStatusCode.OK, "keeping its own name is no conflict");
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<(string Name, string? Path)>("SELECT name, path FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id ORDER BY name", new { id = Id(cluster) }))
            .ShouldBe([("local", null), ("nfs", "/nfs")]);
        (await conn.ExecuteScalarAsync<long>("SELECT cluster_id FROM netbox_proxbox_proxmoxstorage WHERE id = @id", new { id = Id(elsewhere) })).ShouldBe(Id(other));
    }

    [Fact]
    public async Task Filters_by_cluster_under_both_spellings_and_by_its_name_with_lookups()
    {
        var prod = await _pve.NetBoxClusterAsync(Http.Unique("aa-Prod"));
        var lab = await _pve.NetBoxClusterAsync(Http.Unique("zz-lab"));
        var prefix = Http.Unique("st");
        await StorageAsync(prod, $"{prefix}-a");
        await StorageAsync(prod, $"{prefix}-b");
        await StorageAsync(lab, $"{prefix}-c");
        var prodName = Name(prod);

        foreach (var (query, expected) in new (string, string[])[]
                 {
                     ($"cluster={Id(prod)}", ["a", "b"]),
                     ($"cluster_id={Id(prod)}", ["a", "b"]),
                     ($"cluster__n={Id(prod)}", ["c"]),
                     ($"cluster_id__n={Id(prod)}", ["c"]),
                     ($"cluster_id={Id(prod)}&cluster_id={Id(lab)}", ["a", "b", "c"]),
                     ($"cluster__name={prodName}", ["a", "b"]),
                     ($"cluster__name={prodName.ToUpperInvariant()}", []),
                     ($"cluster__name__ie={prodName.ToUpperInvariant()}", ["a", "b"]),
                     ($"cluster__name__ic=PROD", ["a", "b"]),
                     ($"cluster__name__isw=ZZ-", ["c"]),
                     ($"cluster__name__n={prodName}", ["c"]),
                     ($"cluster__name={prodName}&cluster__name={Name(lab)}", ["a", "b", "c"]),
                 })
        {
            (await NamesAsync($"name__isw={prefix}&{query}")).ShouldBe(expected.Select(e => $"{prefix}-{e}").ToArray(), query);
        }

        var (bad, errors) = await _client.GetJsonAsync($"{StorageUrl}?cluster_id=prod");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(errors).ShouldBe("""{"cluster_id":["“prod” is not a valid value."]}""");
    }

    [Fact]
    public async Task Field_filters_lookups_format_and_q_over_name_cluster_name_and_path()
    {
        var cluster = await _pve.NetBoxClusterAsync(Http.Unique("qcluster"));
        await StorageAsync(cluster, "local", new { storage_type = "dir", content = "iso,vztmpl", path = "/var/lib/vz", nodes = "pve1,pve2", format = "qcow2" });
        await StorageAsync(cluster, "nfs", new { storage_type = "nfs", content = "images", server = "nas.example.com", port = 2049, path = "/mnt/pve/nfs", format = "raw" });
        await StorageAsync(cluster, "pbs", new { storage_type = "pbs", content = "backup", server = "pbs.example.com", port = 8007, datastore = "store1" });
        await StorageAsync(cluster, "ceph", new { storage_type = "rbd", content = "images,rootdir", pool = "rbd-pool", nodes = "pve3" });

        foreach (var (query, expected) in new (string, string[])[]
                 {
                     ("name=nfs", ["nfs"]),
                     ("name__n=nfs", ["ceph", "local", "pbs"]),
                     ("storage_type=pbs&storage_type=nfs", ["nfs", "pbs"]),
                     ("content=images", ["nfs"]),
                     ("content__ic=images", ["ceph", "nfs"]),
                     ("path=/var/lib/vz", ["local"]),
                     ("path__empty=true", ["ceph", "pbs"]),
                     ("path__isw=/mnt", ["nfs"]),
                     ("nodes=pve3", ["ceph"]),
                     ("nodes__ic=pve2", ["local"]),
                     ("server__iew=example.com", ["nfs", "pbs"]),
                     ("port=8007", ["pbs"]),
                     ("port__gte=2049", ["nfs", "pbs"]),
                     ("port__lt=8000", ["nfs"]),
                     ("port=null", ["ceph", "local"]),
                     ("format=raw", ["nfs"]),
                     ("format=json", ["ceph", "local", "nfs", "pbs"]),
                     ("format__n=raw", ["ceph", "local", "pbs"]),
                     ("datastore=store1", ["pbs"]),
                     ("pool=rbd-pool", ["ceph"]),
                     ("q=NF", ["nfs"]),
                     ("q=/var/lib", ["local"]),
                     ($"q={Name(cluster)[..8].ToUpperInvariant()}", ["ceph", "local", "nfs", "pbs"]),
                     ("q=rbd-pool", []),
                     ("server__nie=NAS.example.com", ["ceph", "local", "pbs"]),
                     ("server__niew=.COM", ["ceph", "local"]),
                     ("server__nisw=nas", ["ceph", "local", "pbs"]),
                     ("server__nic=example", ["ceph", "local"]),
                     ("server__iregex=%5E(NAS%7Cpbs)%5C.", ["nfs", "pbs"]),
                     ("server__regex=%5Enas", ["nfs"]),
                     ("server__empty=false", ["nfs", "pbs"]),
                     ("server=null", ["ceph", "local"]),
                     ("port__lte=2049", ["nfs"]),
                     ("port__gt=2049", ["pbs"]),
                     ("port__n=2049", ["ceph", "local", "pbs"]),
                     ("port__empty=true", ["ceph", "local"]),
                     ("port=2049,8007", ["nfs", "pbs"]),
                     ("created__gte=2020-01-01T00:00:00Z&last_updated__lt=2999-01-01", ["ceph", "local", "nfs", "pbs"]),
                     ("created__lt=2020-01-01", []),
                 })
        {
            (await NamesAsync($"cluster={Id(cluster)}&{query}")).ShouldBe(expected, query);
        }

        var (bad, errors) = await _client.GetJsonAsync($"{StorageUrl}?port=ssh");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(errors).ShouldBe("""{"port":["Enter a whole number."]}""");
    }

    [Fact]
    public async Task Default_ordering_is_cluster_name_then_name_and_ordering_takes_fields()
    {
        var zed = await _pve.NetBoxClusterAsync(Http.Unique("zz-ord"));
        var abe = await _pve.NetBoxClusterAsync(Http.Unique("aa-ord"));
        var prefix = Http.Unique("ord");
        await StorageAsync(zed, $"{prefix}-a", new { port = 1, max_protected_backups = 9 });
        await StorageAsync(abe, $"{prefix}-c", new { port = 3, max_protected_backups = 5 });
        await StorageAsync(abe, $"{prefix}-b", new { port = 2, max_protected_backups = 7 });

        (await NamesAsync($"name__isw={prefix}")).ShouldBe([$"{prefix}-b", $"{prefix}-c", $"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&ordering=-name")).ShouldBe([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"]);
        (await NamesAsync($"name__isw={prefix}&ordering=-cluster,name")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&ordering=port")).ShouldBe([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"]);
        (await NamesAsync($"name__isw={prefix}&ordering=max_protected_backups")).ShouldBe([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"]);
    }

    [Fact]
    public async Task Deleting_the_netbox_cluster_deletes_its_storage()
    {
        var doomed = await _pve.NetBoxClusterAsync();
        var kept = await _pve.NetBoxClusterAsync();
        var gone = await StorageAsync(doomed, "local");
        var stays = await StorageAsync(kept, "local");

        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, Url(doomed));

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var (missing, missingBody) = await _client.GetJsonAsync(Url(gone));
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Text(missingBody).ShouldBe("""{"detail":"No ProxmoxStorage matches the given query."}""");
        (await _client.GetJsonAsync(Url(stays))).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id", new { id = Id(doomed) })).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxstorage WHERE id = @id", new { id = Id(stays) })).ShouldBe(1);
    }

    [Fact]
    public async Task The_cluster_is_linked_by_every_reference_form_and_bad_references_are_field_errors()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var echoed = await StorageAsync(cluster, "echo");
        object[] forms = [Id(cluster), Id(cluster).ToString(), new { id = Id(cluster) }, echoed["cluster"]!, new { name = Name(cluster) }];

        for (var i = 0; i < forms.Length; i++)
        {
            var storage = await _pve.StorageAsync(new { cluster = forms[i], name = $"ref-{i}" });
            Id(storage["cluster"]!).ShouldBe(Id(cluster), forms[i].ToString());
            (await api.ScalarAsync<long>("SELECT cluster_id FROM netbox_proxbox_proxmoxstorage WHERE id = @id", new { id = Id(storage) })).ShouldBe(Id(cluster));
        }

        var (missing, missingBody) = await _client.PostJsonAsync(StorageUrl, new { cluster = 987654321, name = "x" });
        var (unknown, unknownBody) = await _client.PostJsonAsync(StorageUrl, new { cluster = new { name = "no-such-cluster" }, name = "x" });
        var (garbage, garbageBody) = await _client.PostJsonAsync(StorageUrl, new { cluster = "prod-cluster", name = "x" });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(missingBody).ShouldBe("""{"cluster":["Related object not found using the provided numeric ID: 987654321"]}""");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(unknownBody).ShouldBe("""{"cluster":["Related object not found using the provided attributes: {'name': 'no-such-cluster'}"]}""");
        garbage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(garbageBody).ShouldBe("""{"cluster":["Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: prod-cluster"]}""");
    }

    [Fact]
    public async Task Brief_is_id_url_display_cluster_name()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var storage = await StorageAsync(cluster, "brief");

        var (_, detail) = await _client.GetJsonAsync($"{Url(storage)}?brief=1");
        var (_, list) = await _client.GetJsonAsync($"{StorageUrl}?brief=true&cluster={Id(cluster)}");

        detail!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "cluster", "name"]);
        detail["cluster"]!.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name", "description"]);
        Text(list!["results"]![0]).ShouldBe(Text(detail));
    }

    [Fact]
    public async Task Put_replaces_patch_merges_and_deletes_remove_rows()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var storage = await StorageAsync(cluster, "rw", new { path = "/a", pool = "p", shared = true, raw_config = new { a = 1 } });

        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, Url(storage), new { cluster = Id(cluster), name = "rw", path = "/b" });
        var (patch, patchBody) = await _client.SendAsync(HttpMethod.Patch, Url(storage), new { raw_config = new { b = 2 } });
        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, StorageUrl, new object[] { new { id = Id(storage) } });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        putBody!["path"]!.GetValue<string>().ShouldBe("/b");
        putBody["pool"]!.GetValue<string>().ShouldBe("p", "a PUT leaves what it omits, as DRF's update does");
        patch.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(patchBody!["raw_config"]).ShouldBe("""{"b":2}""");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxstorage WHERE id = @id", new { id = Id(storage) })).ShouldBe(0);
    }

    [Fact]
    public async Task The_proxmox_storage_json_shape_is_pinned()
    {
        var cluster = await _pve.NetBoxClusterAsync("snap-storage-cluster", "Production");
        var storage = await StorageAsync(cluster, "local-lvm", new
        {
            storage_type = "lvmthin", content = "images,rootdir", path = "", nodes = "", shared = false, enabled = true, pool = "data", is_mountpoint = false,
            raw_config = new { thinpool = "data", vgname = "pve" },
        });
        var bare = await StorageAsync(cluster, "backup-storage");

        var contract = await Approvals.ContractAsync(_client, storage, new { cluster = Id(cluster), name = "", is_mountpoint = "sometimes" });
        contract["bare"] = bare.DeepClone();
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
