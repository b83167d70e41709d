using System.Net;
using Dapper;
using static Proxbox.Api.Tests.Features.Proxmox.ProxmoxApi;

namespace Proxbox.Api.Tests.Features.Proxmox.Storage;

/// <summary>A storage POST updates the row that holds its (cluster, name), single or bulk, under any concurrency.</summary>
[Collection(ApiCollection.Name)]
public sealed class StorageUpsertTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();
    private readonly ProxmoxApi _pve = new(api.CreateClient());

    private async Task<(long Count, DateTime Created, DateTime LastUpdated)> RowStampsAsync(long clusterId, string name)
    {
        await using var conn = api.OpenDatabase();
        return await conn.QuerySingleAsync<(long, DateTime, DateTime)>(
            "SELECT count(*) OVER (), created, last_updated FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @clusterId AND name = @name", new { clusterId, name });
    }

    [Fact]
    public async Task A_second_post_with_the_same_cluster_and_name_updates_the_row_and_answers_201_with_its_id()
    {
        var cluster = await _pve.NetBoxClusterAsync();

        var (first, firstBody) = await _client.PostJsonAsync(StorageUrl, new
        {
            cluster = Id(cluster), name = "local-lvm", storage_type = "lvmthin", content = "images", pool = "data", shared = true, raw_config = new { thinpool = "data" },
        });
        var (second, secondBody) = await _client.PostJsonAsync(StorageUrl, new { cluster = new { name = Name(cluster) }, name = "local-lvm", content = "images,rootdir", shared = false, pool = (string?)null });

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created, secondBody?.ToJsonString());
        secondBody.ShouldNotBeNull();
        Id(secondBody).ShouldBe(Id(firstBody!));
        second.Headers.Location!.ToString().ShouldBe(Url(firstBody!));
        secondBody["content"]!.GetValue<string>().ShouldBe("images,rootdir");
        secondBody["shared"]!.GetValue<bool>().ShouldBeFalse();
        secondBody["pool"].ShouldBeNull("an explicit null is a value");
        secondBody["storage_type"]!.GetValue<string>().ShouldBe("lvmthin", "what the second POST omits keeps its stored value");
        Text(secondBody["raw_config"]).ShouldBe("""{"thinpool":"data"}""");
        secondBody["enabled"]!.GetValue<bool>().ShouldBeTrue();
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long Count, string Type, string Content, bool Shared, string? Pool)>(
                "SELECT count(*) OVER (), storage_type, content, shared, pool FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id", new { id = Id(cluster) }))
            .ShouldBe((1, "lvmthin", "images,rootdir", false, null));
    }

    [Fact]
    public async Task An_upsert_that_changes_nothing_leaves_last_updated_and_one_that_changes_something_moves_it()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var body = new { cluster = Id(cluster), name = "nfs", storage_type = "nfs", server = "nas", port = 2049, raw_config = new { server = "nas", export = "/x" } };
        var created = await _pve.StorageAsync(body);
        var before = await RowStampsAsync(Id(cluster), "nfs");

        var (again, againBody) = await _client.PostJsonAsync(StorageUrl, body);
        var unchanged = await RowStampsAsync(Id(cluster), "nfs");
        var (subset, _) = await _client.PostJsonAsync(StorageUrl, new { cluster = Id(cluster), name = "nfs", port = 2049 });
        var stillUnchanged = await RowStampsAsync(Id(cluster), "nfs");
        var (changed, changedBody) = await _client.PostJsonAsync(StorageUrl, new { cluster = Id(cluster), name = "nfs", port = 2050 });
        var after = await RowStampsAsync(Id(cluster), "nfs");

        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        Id(againBody!).ShouldBe(Id(created));
        againBody!["last_updated"]!.GetValue<string>().ShouldBe(created["last_updated"]!.GetValue<string>());
        unchanged.ShouldBe(before);
        subset.StatusCode.ShouldBe(HttpStatusCode.Created);
        stillUnchanged.ShouldBe(before);
        changed.StatusCode.ShouldBe(HttpStatusCode.Created);
        changedBody!["port"]!.GetValue<int>().ShouldBe(2050);
        after.Count.ShouldBe(1);
        after.Created.ShouldBe(before.Created);
        after.LastUpdated.ShouldBeGreaterThan(before.LastUpdated);
    }

    [Fact]
    public async Task A_bulk_post_creates_new_keys_and_updates_existing_ones_answering_in_item_order()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var other = await _pve.NetBoxClusterAsync();
        var existing = await _pve.StorageAsync(new { cluster = Id(cluster), name = "local", path = "/var/lib/vz" });
        var sameNameElsewhere = await _pve.StorageAsync(new { cluster = Id(other), name = "local", path = "/other" });

        var (response, body) = await _client.PostJsonAsync(StorageUrl, new object[]
        {
            new { cluster = Id(cluster), name = "zfs", storage_type = "zfspool" },
            new { cluster = Id(cluster), name = "local", content = "iso" },
            new { cluster = Id(cluster), name = "Local", content = "backup" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var items = body!.AsArray();
        items.Select(s => Name(s!)).ShouldBe(["zfs", "local", "Local"]);
        Id(items[1]!).ShouldBe(Id(existing));
        items[1]!["path"]!.GetValue<string>().ShouldBe("/var/lib/vz");
        items[1]!["content"]!.GetValue<string>().ShouldBe("iso");
        Id(items[2]!).ShouldNotBe(Id(existing), "names compare case-sensitively, as upstream's constraint does");
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<string>("SELECT name FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id ORDER BY name", new { id = Id(cluster) }))
            .ShouldBe(["Local", "local", "zfs"], ignoreOrder: true);
        (await conn.ExecuteScalarAsync<string>("SELECT path FROM netbox_proxbox_proxmoxstorage WHERE id = @id", new { id = Id(sameNameElsewhere) })).ShouldBe("/other");
    }

    [Fact]
    public async Task Two_items_with_one_key_in_a_bulk_post_behave_as_if_sent_one_after_the_other()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var red = Http.Unique("red");
        var blue = Http.Unique("blue");
        await _pve.CreateAsync("/api/extras/tags/", new { name = red, slug = red });
        await _pve.CreateAsync("/api/extras/tags/", new { name = blue, slug = blue });

        var (created, createdBody) = await _client.PostJsonAsync(StorageUrl, new object[]
        {
            new { cluster = Id(cluster), name = "twin", storage_type = "dir", path = "/a", shared = true, tags = new[] { new { slug = red } } },
            new { cluster = Id(cluster), name = "other" },
            new { cluster = Id(cluster), name = "twin", path = "/b", shared = false, tags = new[] { new { slug = blue } } },
        });
        var (updated, updatedBody) = await _client.PostJsonAsync(StorageUrl, new object[]
        {
            new { cluster = Id(cluster), name = "twin", pool = "p1", tags = new[] { new { slug = red } } },
            new { cluster = Id(cluster), name = "twin", server = "srv" },
        });

        created.StatusCode.ShouldBe(HttpStatusCode.Created, createdBody?.ToJsonString());
        var items = createdBody!.AsArray();
        items.Count.ShouldBe(3);
        Id(items[0]!).ShouldBe(Id(items[2]!));
        items[0]!["path"]!.GetValue<string>().ShouldBe("/b", "the later item wins");
        items[2]!["shared"]!.GetValue<bool>().ShouldBeFalse();
        items[2]!["storage_type"]!.GetValue<string>().ShouldBe("dir", "what only the earlier item set stays set");
        items[2]!["tags"]!.AsArray().Select(t => t!["slug"]!.GetValue<string>()).ShouldBe([blue], "the later item's tags replace the earlier's");
        updated.StatusCode.ShouldBe(HttpStatusCode.Created, updatedBody?.ToJsonString());
        updatedBody!.AsArray().ShouldAllBe(s => Id(s!) == Id(items[0]!));
        updatedBody[1]!["pool"]!.GetValue<string>().ShouldBe("p1");
        updatedBody[1]!["server"]!.GetValue<string>().ShouldBe("srv");
        updatedBody[1]!["tags"]!.AsArray().Select(t => t!["slug"]!.GetValue<string>()).ShouldBe([red]);
        await using var conn = api.OpenDatabase();
        (await conn.QuerySingleAsync<(long Count, string Type, string Path, bool Shared, string Pool, string Server)>(
                "SELECT count(*) OVER (), storage_type, path, shared, pool, server FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id AND name = 'twin'", new { id = Id(cluster) }))
            .ShouldBe((1, "dir", "/b", false, "p1", "srv"));
        (await conn.QueryAsync<string>(
                "SELECT g.slug FROM netbox_proxbox_proxmoxstorage_tags x JOIN extras_tag g ON g.id = x.tag_id WHERE x.object_id = @id", new { id = Id(items[0]!) }))
            .ShouldBe([red]);
    }

    [Fact]
    public async Task An_invalid_item_refuses_the_whole_bulk_upsert()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var existing = await _pve.StorageAsync(new { cluster = Id(cluster), name = "keep", path = "/keep" });

        var (response, body) = await _client.PostJsonAsync(StorageUrl, new object[]
        {
            new { cluster = Id(cluster), name = "keep", path = "/changed" },
            new { cluster = Id(cluster), name = "new-one" },
            new { cluster = Id(cluster), name = "bad", port = -5 },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(body).ShouldBe("""[{},{},{"port":["Ensure this value is greater than or equal to 0."]}]""");
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<(string Name, string Path)>("SELECT name, path FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id", new { id = Id(cluster) }))
            .ShouldBe([("keep", "/keep")]);
        (await _client.GetJsonAsync(Url(existing))).Body!["path"]!.GetValue<string>().ShouldBe("/keep");
    }

    [Fact]
    public async Task Updating_an_existing_key_needs_the_change_permission_but_re_sending_it_unchanged_does_not()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var existing = await _pve.StorageAsync(new { cluster = Id(cluster), name = "local", path = "/var/lib/vz" });
        var username = Http.Unique("sync");
        var user = await _pve.CreateAsync("/api/users/users/", new { username });
        var token = await _pve.CreateAsync("/api/users/tokens/", new { user = Id(user) });
        await _pve.CreateAsync("/api/users/permissions/", new
        {
            name = Http.Unique("add-storage"), object_types = new[] { "netbox_proxbox.proxmoxstorage" }, actions = new[] { "view", "add" }, users = new[] { Id(user) },
        });
        var adder = api.CreateClient($"Token nbt_{token["key"]!.GetValue<string>()}.{token["token"]!.GetValue<string>()}");

        var (fresh, _) = await adder.PostJsonAsync(StorageUrl, new { cluster = Id(cluster), name = "new" });
        var (same, sameBody) = await adder.PostJsonAsync(StorageUrl, new { cluster = Id(cluster), name = "local", path = "/var/lib/vz" });
        var (change, _) = await adder.PostJsonAsync(StorageUrl, new object[] { new { cluster = Id(cluster), name = "other" }, new { cluster = Id(cluster), name = "local", path = "/elsewhere" } });

        fresh.StatusCode.ShouldBe(HttpStatusCode.Created);
        same.StatusCode.ShouldBe(HttpStatusCode.Created);
        Id(sameBody!).ShouldBe(Id(existing));
        change.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var conn = api.OpenDatabase();
        (await conn.QueryAsync<(string Name, string? Path)>("SELECT name, path FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id ORDER BY name", new { id = Id(cluster) }))
            .ShouldBe([("local", "/var/lib/vz"), ("new", null)], "the refused bulk wrote nothing");
    }

    [Fact]
    public async Task Eight_clients_upserting_the_same_200_keys_at_once_make_exactly_200_rows_without_an_error()
    {
        var cluster = await _pve.NetBoxClusterAsync();
        var tag = Http.Unique("proxbox");
        await _pve.CreateAsync("/api/extras/tags/", new { name = tag, slug = tag, color = "ff5722" });
        var keys = Enumerable.Range(0, 200).Select(i => $"store-{i:000}").ToArray();
        var clients = Enumerable.Range(0, 8).Select(_ => api.CreateClient()).ToArray();

        // Each client sends every key, in its own order, in batches of 50 (as the sync backend does), so batches
        // overlap in different groupings and orders.
        var results = await Task.WhenAll(clients.Select(async (client, c) =>
        {
            var random = new Random(c);
            var order = keys.OrderBy(_ => random.Next()).ToArray();
            var answers = new List<(HttpStatusCode Status, string Name, long Id)>();
            foreach (var batch in order.Chunk(50))
            {
                var (response, body) = await client.PostJsonAsync(StorageUrl, batch.Select(name => new
                {
                    cluster = Id(cluster), name, storage_type = "dir", content = $"images,client-{c}", enabled = true, raw_config = new { name, client = c },
                    tags = new[] { new { name = tag, slug = tag, color = "ff5722" } },
                }).ToArray());
                response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
                answers.AddRange(body!.AsArray().Select(s => (response.StatusCode, Name(s!), Id(s!))));
            }

            return answers;
        }));

        var all = results.SelectMany(r => r).ToList();
        all.Count.ShouldBe(8 * 200);
        all.ShouldAllBe(a => a.Status == HttpStatusCode.Created);
        all.GroupBy(a => a.Name).ShouldAllBe(g => g.Select(a => a.Id).Distinct().Count() == 1, "every client got the same id for a key");
        await using var conn = api.OpenDatabase();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id", new { id = Id(cluster) })).ShouldBe(200);
        (await conn.ExecuteScalarAsync<long>("SELECT count(DISTINCT name) FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id", new { id = Id(cluster) })).ShouldBe(200);
        (await conn.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM netbox_proxbox_proxmoxstorage_tags x JOIN netbox_proxbox_proxmoxstorage s ON s.id = x.object_id WHERE s.cluster_id = @id", new { id = Id(cluster) }))
            .ShouldBe(200);
        all.Select(a => a.Id).Distinct().Order().ShouldBe(
            (await conn.QueryAsync<long>("SELECT id FROM netbox_proxbox_proxmoxstorage WHERE cluster_id = @id ORDER BY id", new { id = Id(cluster) })).ToArray());
    }
}
