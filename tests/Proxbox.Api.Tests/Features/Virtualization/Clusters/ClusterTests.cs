using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Proxbox.Api.Features.Virtualization.Clusters;

namespace Proxbox.Api.Tests.Features.Virtualization.Clusters;

[Collection(ApiCollection.Name)]
public sealed class ClusterTests(ApiFactory api)
{
    private const string Clusters = "/api/virtualization/clusters/";
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonNode> ClusterAsync(object body)
    {
        var (response, created) = await _client.PostJsonAsync(Clusters, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    private async Task<string[]> NamesAsync(string query) =>
        (await _client.GetJsonAsync($"{Clusters}?{query}")).Body!["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Create_answers_201_with_location_trims_strings_and_stores_the_row()
    {
        var name = Http.Unique("cl");

        var (response, body) = await _client.PostJsonAsync(Clusters, new { name = $"  {name} ", description = " lab ", comments = "three nodes" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = body!["id"]!.GetValue<long>();
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/virtualization/clusters/{id}/");
        body["url"]!.GetValue<string>().ShouldBe($"http://localhost/api/virtualization/clusters/{id}/");
        body["display"]!.GetValue<string>().ShouldBe(name);
        body["name"]!.GetValue<string>().ShouldBe(name);
        body["description"]!.GetValue<string>().ShouldBe("lab");
        body["tags"]!.AsArray().ShouldBeEmpty();
        body["custom_fields"]!.AsObject().ShouldBeEmpty();
        await using var conn = api.OpenDatabase();
        var row = await conn.QuerySingleAsync<(string Name, string Description, string Comments, string Cf)>(
            "SELECT name, description, comments, custom_field_data::text FROM virtualization_cluster WHERE id = @id", new { id });
        row.ShouldBe((name, "lab", "three nodes", "{}"));
        var (fetched, again) = await _client.GetJsonAsync(body["url"]!.GetValue<string>());
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        again!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Fact]
    public async Task Name_is_required_not_blank_and_lengths_are_validated_and_nothing_is_stored()
    {
        var description = Http.Unique("len");

        var (missing, missingBody) = await _client.PostJsonAsync(Clusters, new { description });
        var (blank, blankBody) = await _client.PostJsonAsync(Clusters, new { name = "  ", description });
        var (tooLong, tooLongBody) = await _client.PostJsonAsync(Clusters, new { name = new string('n', 101), description = description + new string('d', 200) });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingBody!["name"]![0]!.GetValue<string>().ShouldBe("This field is required.");
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        blankBody!["name"]![0]!.GetValue<string>().ShouldBe("This field may not be blank.");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooLongBody!["name"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 100 characters.");
        tooLongBody["description"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 200 characters.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_cluster WHERE description LIKE @d", new { d = description + "%" })).ShouldBe(0);
    }

    [Fact]
    public async Task A_duplicate_name_is_a_field_error_on_create_on_rename_and_within_one_bulk_request()
    {
        var name = Http.Unique("dup");
        var other = await ClusterAsync(new { name = Http.Unique("dup") });
        await ClusterAsync(new { name });

        var (clash, clashBody) = await _client.PostJsonAsync(Clusters, new { name });
        var (rename, renameBody) = await _client.SendAsync(HttpMethod.Patch, other["url"]!.GetValue<string>(), new { name });
        var twin = Http.Unique("twin");
        var (bulk, bulkBody) = await _client.PostJsonAsync(Clusters, new object[] { new { name = twin }, new { name = twin } });

        clash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        clashBody!.ToJsonString().ShouldBe("""{"name":["cluster with this name already exists."]}""");
        rename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        renameBody!["name"]![0]!.GetValue<string>().ShouldBe("cluster with this name already exists.");
        bulk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bulkBody!.AsArray()[0]!.AsObject().ShouldBeEmpty();
        bulkBody[1]!["name"]![0]!.GetValue<string>().ShouldBe("cluster with this name already exists.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_cluster WHERE name IN (@name, @twin)", new { name, twin })).ShouldBe(1);
        (await api.ScalarAsync<string>("SELECT name FROM virtualization_cluster WHERE id = @id", new { id = other["id"]!.GetValue<long>() }))
            .ShouldBe(other["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing_and_answers_an_array_in_order()
    {
        var prefix = Http.Unique("bulk");

        var (refused, errors) = await _client.PostJsonAsync(Clusters, new object[] { new { name = prefix + "-ok" }, new { name = prefix + "-bad", description = new string('d', 201) } });
        var storedAfterRefusal = await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_cluster WHERE name LIKE @p", new { p = prefix + "%" });
        var (created, body) = await _client.PostJsonAsync(Clusters, new object[] { new { name = prefix + "-2" }, new { name = prefix + "-1" } });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        errors!.AsArray().Count.ShouldBe(2);
        errors[0]!.AsObject().ShouldBeEmpty();
        errors[1]!["description"]![0]!.GetValue<string>().ShouldBe("Ensure this field has no more than 200 characters.");
        storedAfterRefusal.ShouldBe(0);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        body!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ShouldBe([prefix + "-2", prefix + "-1"]);
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_cluster WHERE name LIKE @p", new { p = prefix + "%" })).ShouldBe(2);
    }

    [Fact]
    public async Task Lists_order_by_name_and_filter_by_name_description_q_id_and_tag()
    {
        var prefix = Http.Unique("lst");
        var tag = Http.Unique("t");
        await _client.PostJsonAsync("/api/extras/tags/", new { name = tag, slug = tag });
        var b = await ClusterAsync(new { name = prefix + "-b", description = "Edge site", tags = new[] { new { slug = tag } } });
        var a = await ClusterAsync(new { name = prefix + "-a", comments = "holds the QUORUM disk" });
        var c = await ClusterAsync(new { name = prefix + "-c" });

        (await NamesAsync($"name__isw={prefix}")).ShouldBe([prefix + "-a", prefix + "-b", prefix + "-c"]);
        (await NamesAsync($"name__isw={prefix}&ordering=-name")).ShouldBe([prefix + "-c", prefix + "-b", prefix + "-a"]);
        (await NamesAsync($"name={prefix}-a&name={prefix}-c")).ShouldBe([prefix + "-a", prefix + "-c"]);
        (await NamesAsync($"name={prefix}-C")).ShouldBeEmpty("exact name is case-sensitive, as in NetBox");
        (await NamesAsync($"name__ie={prefix}-C")).ShouldBe([prefix + "-c"]);
        (await NamesAsync($"name__isw={prefix}&name__n={prefix}-b")).ShouldBe([prefix + "-a", prefix + "-c"]);
        (await NamesAsync($"name__isw={prefix}&description__ic=edge")).ShouldBe([prefix + "-b"]);
        (await NamesAsync($"name__isw={prefix}&description__empty=true")).ShouldBe([prefix + "-a", prefix + "-c"]);
        (await NamesAsync($"name__isw={prefix}&q=quorum")).ShouldBe([prefix + "-a"], "q searches comments too");
        (await NamesAsync($"q={prefix}-B")).ShouldBe([prefix + "-b"]);
        (await NamesAsync($"id={a["id"]},{c["id"]}")).ShouldBe([prefix + "-a", prefix + "-c"]);
        (await NamesAsync($"id__n={a["id"]}&name__isw={prefix}")).ShouldBe([prefix + "-b", prefix + "-c"]);
        (await NamesAsync($"tag={tag}")).ShouldBe([prefix + "-b"]);
        (await NamesAsync($"tag_id__n={b["tags"]![0]!["id"]}&name__isw={prefix}")).ShouldBe([prefix + "-a", prefix + "-c"]);
        var (page, pageBody) = await _client.GetJsonAsync($"{Clusters}?name__isw={prefix}&limit=2");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        pageBody!["count"]!.GetValue<long>().ShouldBe(3);
        pageBody["next"]!.GetValue<string>().ShouldContain("offset=2");
        var (badId, badIdBody) = await _client.GetJsonAsync($"{Clusters}?id=x");
        badId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badIdBody!["id"]![0]!.GetValue<string>().ShouldBe("Enter a whole number.");
    }

    [Fact]
    public async Task Brief_lists_carry_the_nested_form()
    {
        var name = Http.Unique("brief");
        await ClusterAsync(new { name, description = "short", comments = "not in brief" });

        var (_, body) = await _client.GetJsonAsync($"{Clusters}?name={name}&brief=true");

        var only = body!["results"]!.AsArray().Single()!;
        only.AsObject().Select(p => p.Key).ShouldBe(["id", "url", "display", "name", "description"]);
        only["description"]!.GetValue<string>().ShouldBe("short");
    }

    [Fact]
    public async Task Put_patch_bulk_patch_delete_and_bulk_delete()
    {
        var prefix = Http.Unique("upd");
        var a = await ClusterAsync(new { name = prefix + "-a", description = "old", comments = "keep" });
        var b = await ClusterAsync(new { name = prefix + "-b" });
        var c = await ClusterAsync(new { name = prefix + "-c" });
        long aId = a["id"]!.GetValue<long>(), bId = b["id"]!.GetValue<long>(), cId = c["id"]!.GetValue<long>();

        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, a["url"]!.GetValue<string>(), new { name = prefix + "-a2", description = "new" });
        var (patch, patchBody) = await _client.SendAsync(HttpMethod.Patch, b["url"]!.GetValue<string>(), new { comments = "patched" });
        var (bulk, bulkBody) = await _client.SendAsync(HttpMethod.Patch, Clusters, new object[] { new { id = aId, description = "x" }, new { id = bId, description = "y" } });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        putBody!["name"]!.GetValue<string>().ShouldBe(prefix + "-a2");
        putBody["comments"]!.GetValue<string>().ShouldBe("keep", "fields a PUT omits keep their values, as in NetBox");
        patch.StatusCode.ShouldBe(HttpStatusCode.OK);
        patchBody!["comments"]!.GetValue<string>().ShouldBe("patched");
        patchBody["name"]!.GetValue<string>().ShouldBe(prefix + "-b");
        bulk.StatusCode.ShouldBe(HttpStatusCode.OK);
        bulkBody!.AsArray().Select(x => x!["description"]!.GetValue<string>()).ShouldBe(["x", "y"]);
        await using (var conn = api.OpenDatabase())
        {
            (await conn.QueryAsync<(string Name, string Description, string Comments)>(
                    "SELECT name, description, comments FROM virtualization_cluster WHERE id IN (@aId, @bId) ORDER BY id", new { aId, bId }))
                .ShouldBe([(prefix + "-a2", "x", "keep"), (prefix + "-b", "y", "patched")]);
        }

        var (deleted, _) = await _client.SendAsync(HttpMethod.Delete, c["url"]!.GetValue<string>());
        var (afterDelete, notFound) = await _client.GetJsonAsync(c["url"]!.GetValue<string>());
        var (bulkDeleted, _) = await _client.SendAsync(HttpMethod.Delete, Clusters, new object[] { new { id = aId }, new { id = bId } });

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        afterDelete.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        notFound!.ToJsonString().ShouldBe("""{"detail":"No Cluster matches the given query."}""");
        bulkDeleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_cluster WHERE id IN (@aId, @bId, @cId)", new { aId, bId, cId })).ShouldBe(0);
    }

    [Fact]
    public async Task Tags_are_written_by_id_or_slug_and_cleared_and_custom_fields_merge_with_null_removing_a_key()
    {
        var red = Http.Unique("red");
        var blue = Http.Unique("blue");
        var redId = (await _client.PostJsonAsync("/api/extras/tags/", new { name = red, slug = red })).Body!["id"]!.GetValue<long>();
        await _client.PostJsonAsync("/api/extras/tags/", new { name = blue, slug = blue });
        var cluster = await ClusterAsync(new { name = Http.Unique("tg"), tags = new object[] { redId, new { slug = blue } }, custom_fields = new { site = "dc1", nodes = 3 } });
        var id = cluster["id"]!.GetValue<long>();
        var url = cluster["url"]!.GetValue<string>();

        var (_, patched) = await _client.SendAsync(HttpMethod.Patch, url, new { custom_fields = new { nodes = (int?)null, owner = "ops" } });
        var (_, cleared) = await _client.SendAsync(HttpMethod.Patch, url, new { tags = Array.Empty<int>() });

        cluster["tags"]!.AsArray().Select(t => t!["slug"]!.GetValue<string>()).Order().ShouldBe(new[] { blue, red }.Order());
        patched!["tags"]!.AsArray().Count.ShouldBe(2, "omitting tags leaves them");
        patched["custom_fields"]!.AsObject().Select(p => $"{p.Key}={p.Value}").Order().ShouldBe(["owner=ops", "site=dc1"]);
        cleared!["tags"]!.AsArray().ShouldBeEmpty();
        (await api.ScalarAsync<long>("SELECT count(*) FROM virtualization_cluster_tags WHERE object_id = @id", new { id })).ShouldBe(0);
        (await api.ScalarAsync<string>("SELECT custom_field_data::text FROM virtualization_cluster WHERE id = @id", new { id })).ShouldBe("""{"site": "dc1", "owner": "ops"}""");
    }

    [Theory]
    [InlineData("q", "pve", new[] { "virtualization_cluster_name_trgm", "virtualization_cluster_description_trgm", "virtualization_cluster_comments_trgm" })]
    [InlineData("name", "pve", new[] { "virtualization_cluster_name_key" })]
    [InlineData("name__ic", "pve", new[] { "virtualization_cluster_name_trgm" })]
    [InlineData("description__ic", "lab", new[] { "virtualization_cluster_description_trgm" })]
    [InlineData("created__gte", "2026-01-01T00:00:00Z", new[] { "virtualization_cluster_created" })]
    [InlineData("last_updated__lt", "2026-01-01T00:00:00Z", new[] { "virtualization_cluster_last_updated" })]
    public async Task The_filters_sql_can_use_its_indexes(string parameter, string value, string[] indexes)
    {
        await QueryPlans.ShouldUseIndexesAsync(api, new ClusterResource(), parameter, value, indexes);
    }

    [Fact]
    public async Task The_cluster_json_shape_is_pinned()
    {
        var created = await ClusterAsync(new { name = "Pinned cluster", description = "pinned", comments = "c", custom_fields = new { site = "dc1" } });

        var contract = await Approvals.ContractAsync(_client, created, new { name = "" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
