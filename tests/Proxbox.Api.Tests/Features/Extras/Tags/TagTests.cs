using System.Net;
using System.Text.Json.Nodes;
using Dapper;

namespace Proxbox.Api.Tests.Features.Extras.Tags;

[Collection(ApiCollection.Name)]
public sealed class TagTests(ApiFactory api)
{
    private const string Tags = "/api/extras/tags/";
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonNode> CreateAsync(string name, string? color = null, string description = "")
    {
        var (response, body) = await _client.PostJsonAsync(Tags, new { name, slug = name, color = color ?? "9e9e9e", description });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }

    [Fact]
    public async Task Create_answers_201_with_the_object_location_and_etag_and_stores_the_row()
    {
        var name = Http.Unique("create");

        var (response, body) = await _client.PostJsonAsync(Tags, new { name = $"  {name}  ", slug = name, color = "FF5722", description = "synced" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = body!["id"]!.GetValue<long>();
        response.Headers.Location!.ToString().ShouldBe($"http://localhost/api/extras/tags/{id}/");
        body["url"]!.GetValue<string>().ShouldBe($"http://localhost/api/extras/tags/{id}/");
        response.Headers.ETag!.IsWeak.ShouldBeTrue();
        body["name"]!.GetValue<string>().ShouldBe(name, "strings are trimmed");
        body["color"]!.GetValue<string>().ShouldBe("ff5722");
        await using var conn = api.OpenDatabase();
        var row = await conn.QuerySingleAsync<(string Name, string Color, string Description)>("SELECT name, color, description FROM extras_tag WHERE id = @id", new { id });
        row.ShouldBe((name, "ff5722", "synced"));
    }

    [Fact]
    public async Task Omitted_optional_fields_take_their_defaults()
    {
        var name = Http.Unique("defaults");

        var (_, body) = await _client.PostJsonAsync(Tags, new { name, slug = name });

        body!["color"]!.GetValue<string>().ShouldBe("9e9e9e");
        body["description"]!.GetValue<string>().ShouldBe("");
    }

    [Fact]
    public async Task Get_returns_the_object_and_a_missing_id_is_404_with_netbox_message()
    {
        var created = await CreateAsync(Http.Unique("get"));

        var (response, body) = await _client.GetJsonAsync(created["url"]!.GetValue<string>());
        var (missing, missingBody) = await _client.GetJsonAsync("/api/extras/tags/987654321/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!.ToJsonString().ShouldBe(created.ToJsonString());
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missingBody!["detail"]!.GetValue<string>().ShouldBe("No Tag matches the given query.");
    }

    [Fact]
    public async Task Validation_errors_are_field_keyed_netbox_messages_and_write_nothing()
    {
        var (response, body) = await _client.PostJsonAsync(Tags, new { slug = "not a slug!", color = "blue", description = new string('d', 201) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["name"]!.AsArray().Single()!.GetValue<string>().ShouldBe("This field is required.");
        body["slug"]!.AsArray().Single()!.GetValue<string>().ShouldBe("Enter a valid \u201cslug\u201d consisting of letters, numbers, underscores or hyphens.");
        body["color"]!.AsArray().Single()!.GetValue<string>().ShouldBe("Enter a valid hexadecimal RGB color code.");
        body["description"]!.AsArray().Single()!.GetValue<string>().ShouldBe("Ensure this field has no more than 200 characters.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE slug = 'not a slug!'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_duplicate_name_is_a_400_on_that_field_not_a_409()
    {
        var name = Http.Unique("dup");
        await CreateAsync(name);

        var (response, body) = await _client.PostJsonAsync(Tags, new { name, slug = name + "-other" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["name"]!.AsArray().Single()!.GetValue<string>().ShouldBe("tag with this name already exists.");
    }

    [Fact]
    public async Task Bulk_create_is_all_or_nothing_with_errors_aligned_to_the_items()
    {
        var a = Http.Unique("bulk");
        var b = Http.Unique("bulk");

        var (response, body) = await _client.PostJsonAsync(Tags, new object[] { new { name = a, slug = a }, new { name = b }, new { name = a, slug = a + "x" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = body!.AsArray();
        errors.Count.ShouldBe(3);
        errors[0]!.AsObject().Count.ShouldBe(0);
        errors[1]!["slug"]![0]!.GetValue<string>().ShouldBe("This field is required.");
        errors[2]!["name"]![0]!.GetValue<string>().ShouldBe("tag with this name already exists.", "a duplicate within one request is caught too");
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE name IN (@a, @b)", new { a, b })).ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_create_answers_an_array_in_id_order()
    {
        var names = Enumerable.Range(0, 3).Select(_ => Http.Unique("many")).ToArray();

        var (response, body) = await _client.PostJsonAsync(Tags, names.Select(n => new { name = n, slug = n }).ToArray());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var items = body!.AsArray();
        items.Select(i => i!["name"]!.GetValue<string>()).ShouldBe(names);
        items.Select(i => i!["id"]!.GetValue<long>()).ShouldBeInOrder();
    }

    [Fact]
    public async Task Patch_changes_only_the_given_fields_and_put_requires_the_required_ones()
    {
        var created = await CreateAsync(Http.Unique("patch"), description: "before");
        var url = created["url"]!.GetValue<string>();

        var (patched, patchedBody) = await _client.SendAsync(HttpMethod.Patch, url, new { description = "after" });
        var (put, putBody) = await _client.SendAsync(HttpMethod.Put, url, new { description = "put" });

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        patchedBody!["description"]!.GetValue<string>().ShouldBe("after");
        patchedBody["name"]!.GetValue<string>().ShouldBe(created["name"]!.GetValue<string>());
        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        putBody!["name"]![0]!.GetValue<string>().ShouldBe("This field is required.");
        (await api.ScalarAsync<string>("SELECT description FROM extras_tag WHERE id = @id", new { id = created["id"]!.GetValue<long>() })).ShouldBe("after");
    }

    [Fact]
    public async Task Bulk_patch_updates_the_listed_ids_and_skips_unknown_ones()
    {
        var one = await CreateAsync(Http.Unique("bp"));
        var two = await CreateAsync(Http.Unique("bp"));

        var (response, body) = await _client.SendAsync(HttpMethod.Patch, Tags, new object[]
        {
            new { id = one["id"]!.GetValue<long>(), description = "one" },
            new { id = two["id"]!.GetValue<long>(), description = "two" },
            new { id = 987654321, description = "nobody" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!.AsArray().Select(i => i!["description"]!.GetValue<string>()).Order().ShouldBe(["one", "two"]);
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE description IN ('one','two')")).ShouldBe(2);
    }

    [Fact]
    public async Task Delete_answers_204_and_removes_the_row_and_a_second_delete_is_404()
    {
        var created = await CreateAsync(Http.Unique("del"));
        var url = created["url"]!.GetValue<string>();

        var (first, firstBody) = await _client.SendAsync(HttpMethod.Delete, url);
        var (second, _) = await _client.SendAsync(HttpMethod.Delete, url);

        first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        firstBody.ShouldBeNull();
        second.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE id = @id", new { id = created["id"]!.GetValue<long>() })).ShouldBe(0);
    }

    [Fact]
    public async Task Bulk_delete_removes_the_listed_ids()
    {
        var one = await CreateAsync(Http.Unique("bd"));
        var two = await CreateAsync(Http.Unique("bd"));
        long[] ids = [one["id"]!.GetValue<long>(), two["id"]!.GetValue<long>()];

        var (response, _) = await _client.SendAsync(HttpMethod.Delete, Tags, ids.Select(id => new { id }).ToArray());

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE id = ANY(@ids)", new { ids })).ShouldBe(0);
    }

    [Fact]
    public async Task If_match_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var created = await CreateAsync(Http.Unique("etag"), description: "original");
        using var request = new HttpRequestMessage(HttpMethod.Patch, created["url"]!.GetValue<string>()) { Content = Http.Json(new { description = "lost update" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"2000-01-01T00:00:00+00:00\"");

        var response = await _client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        response.Headers.ETag.ShouldNotBeNull();
        (await api.ScalarAsync<string>("SELECT description FROM extras_tag WHERE id = @id", new { id = created["id"]!.GetValue<long>() })).ShouldBe("original");
    }

    [Fact]
    public async Task Lists_filter_by_name_and_q_and_paginate_with_absolute_links_that_keep_the_filters()
    {
        var prefix = Http.Unique("page");
        foreach (var i in Enumerable.Range(0, 5))
        {
            await CreateAsync($"{prefix}-{i}", description: i == 3 ? "the special one" : "");
        }

        var (page, body) = await _client.GetJsonAsync($"{Tags}?name__isw={prefix}&limit=2&offset=2");
        var (search, found) = await _client.GetJsonAsync($"{Tags}?q=SPECIAL&name__isw={prefix}");
        var (exact, exactBody) = await _client.GetJsonAsync($"{Tags}?name={prefix}-1&name={prefix}-4");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["count"]!.GetValue<long>().ShouldBe(5);
        body["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ShouldBe([$"{prefix}-2", $"{prefix}-3"]);
        body["next"]!.GetValue<string>().ShouldBe($"http://localhost/api/extras/tags/?limit=2&name__isw={prefix}&offset=4");
        body["previous"]!.GetValue<string>().ShouldBe($"http://localhost/api/extras/tags/?limit=2&name__isw={prefix}");
        found!["results"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe($"{prefix}-3");
        exactBody!["count"]!.GetValue<long>().ShouldBe(2, "repeated parameters are OR-ed");
    }

    [Fact]
    public async Task A_malformed_filter_value_is_a_400_naming_the_parameter()
    {
        var (response, body) = await _client.GetJsonAsync($"{Tags}?id=abc&created__gte=yesterday");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["id"]![0]!.GetValue<string>().ShouldBe("Enter a whole number.");
        body["created__gte"]![0]!.GetValue<string>().ShouldBe("Enter a valid date/time.");
    }

    [Fact]
    public async Task The_tag_json_shape_is_pinned()
    {
        var (_, created) = await _client.PostJsonAsync(Tags, new { name = "Snapshot", slug = "snapshot", color = "ff5722", description = "Pinned shape" });

        var contract = await Approvals.ContractAsync(_client, created!, new { name = "", slug = "not a slug" });
        Approvals.Normalize(contract)
            .ShouldMatchApproved(c => c.SubFolder("approved").NoDiff());
    }
}
