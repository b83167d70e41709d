using System.Net;
using System.Text.Json.Nodes;

namespace Proxbox.Api.Tests.Infrastructure.Querying;

/// <summary>A service with tiny pages, so NetBox's pagination rules can be seen on a handful of rows.</summary>
public sealed class SmallPagesFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Proxbox:DefaultPageSize"] = "2",
        ["Proxbox:MaxPageSize"] = "3",
        ["Proxbox:TrustedProxies:0"] = "10.9.0.0/16",
    };
}

/// <summary>NetBox's list contract (pagination, ordering, response shaping) over HTTP, on tags.</summary>
public sealed class ListContractTests(SmallPagesFactory api) : IClassFixture<SmallPagesFactory>, IAsyncLifetime
{
    private const string Tags = "/api/extras/tags/";
    private readonly HttpClient _client = api.CreateClient();
    private long[] _ids = [];

    public async Task InitializeAsync()
    {
        var existing = await _client.GetJsonAsync(Tags + "?name__isw=L-&limit=0");
        existing.Response.IsSuccessStatusCode.ShouldBeTrue(existing.Body?.ToJsonString());
        if (existing.Body!["count"]!.GetValue<long>() == 0)
        {
            // Names sort in creation order; descriptions run the other way for ordering tests.
            await _client.PostJsonAsync(Tags, Enumerable.Range(1, 5).Select(i => new { name = $"L-{i}", slug = $"l-{i}", description = $"d{6 - i}" }).ToArray());
        }

        _ids = (await _client.GetJsonAsync(Tags + "?name__isw=L-&ordering=id&limit=0")).Body!["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ToArray();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonNode> Page(string query)
    {
        var (response, body) = await _client.GetJsonAsync(Tags + "?name__isw=L-&" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private static string[] Names(JsonNode page) => page["results"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToArray();

    [Theory]
    [InlineData("", 2)]
    [InlineData("limit=1", 1)]
    [InlineData("limit=0", 3)]
    [InlineData("limit=500", 3)]
    [InlineData("limit=-5", 2)]
    [InlineData("limit=abc", 2)]
    [InlineData("limit=", 2)]
    public async Task Limit_defaults_caps_and_ignores_bad_values(string query, int size)
    {
        var page = await Page(query);

        page["count"]!.GetValue<long>().ShouldBe(5);
        page["results"]!.AsArray().Count.ShouldBe(size);
    }

    [Fact]
    public async Task The_envelope_keys_are_in_drf_order()
    {
        (await Page("")).AsObject().Select(p => p.Key).ShouldBe(["count", "next", "previous", "results"]);
    }

    [Fact]
    public async Task Next_and_previous_are_absolute_sorted_and_keep_every_parameter()
    {
        var middle = await Page("limit=2&offset=2&ordering=name&q=L");

        middle["next"]!.GetValue<string>().ShouldBe("http://localhost/api/extras/tags/?limit=2&name__isw=L-&offset=4&ordering=name&q=L");
        middle["previous"]!.GetValue<string>().ShouldBe("http://localhost/api/extras/tags/?limit=2&name__isw=L-&ordering=name&q=L");
        var last = await Page("limit=2&offset=4");
        last["next"].ShouldBeNull();
        last["previous"]!.GetValue<string>().ShouldBe("http://localhost/api/extras/tags/?limit=2&name__isw=L-&offset=2");
        var beyond = await Page("offset=50");
        beyond["results"]!.AsArray().ShouldBeEmpty();
        beyond["count"]!.GetValue<long>().ShouldBe(5);
        (await Page("offset=junk"))["previous"].ShouldBeNull();
    }

    [Fact]
    public async Task Following_next_visits_every_object_once()
    {
        var seen = new List<string>();
        var url = Tags + "?name__isw=L-&limit=2";
        while (url is not null)
        {
            var (_, body) = await _client.GetJsonAsync(url);
            seen.AddRange(Names(body!));
            url = body!["next"]?.GetValue<string>();
        }

        seen.ShouldBe(["L-1", "L-2", "L-3", "L-4", "L-5"]);
    }

    [Fact]
    public async Task Cursor_mode_pages_by_id_with_null_count_and_a_next_start()
    {
        var first = await Page($"start={_ids[0]}&limit=2");

        first["count"].ShouldBeNull();
        first["previous"].ShouldBeNull();
        Names(first).ShouldBe(["L-1", "L-2"]);
        first["next"]!.GetValue<string>().ShouldBe($"http://localhost/api/extras/tags/?limit=2&name__isw=L-&start={_ids[1] + 1}");

        var walked = new List<string>(Names(first));
        var next = first["next"]?.GetValue<string>();
        while (next is not null)
        {
            var (_, body) = await _client.GetJsonAsync(next);
            walked.AddRange(Names(body!));
            next = body!["next"]?.GetValue<string>();
        }

        walked.ShouldBe(["L-1", "L-2", "L-3", "L-4", "L-5"]);
    }

    [Theory]
    [InlineData("start=-1", "Invalid 'start' parameter: must be a non-negative integer.")]
    [InlineData("start=abc", "Invalid 'start' parameter: must be a non-negative integer.")]
    [InlineData("start=0&offset=2", "'start' and 'offset' are mutually exclusive.")]
    [InlineData("start=0&ordering=name", "Ordering cannot be specified in conjunction with cursor-based pagination.")]
    [InlineData("start=0&ordering=", "Ordering cannot be specified in conjunction with cursor-based pagination.")]
    public async Task Bad_cursor_requests_are_400_with_a_bare_list(string query, string message)
    {
        var (response, body) = await _client.GetJsonAsync(Tags + "?" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe([message]);
    }

    [Theory]
    [InlineData("ordering=-name", new[] { "L-5", "L-4", "L-3" })]
    [InlineData("ordering=description", new[] { "L-5", "L-4", "L-3" })]
    [InlineData("ordering=-description,name", new[] { "L-1", "L-2", "L-3" })]
    [InlineData("ordering=nonsense", new[] { "L-1", "L-2", "L-3" })]
    [InlineData("ordering=name;DROP TABLE extras_tag", new[] { "L-1", "L-2", "L-3" })]
    public async Task Ordering_by_declared_fields_and_unknown_terms_fall_back(string query, string[] expected)
    {
        Names(await Page(query + "&limit=3")).ShouldBe(expected);
    }

    [Fact]
    public async Task Fields_wins_over_omit_and_omit_over_brief()
    {
        var fields = (await Page("fields=name,id&omit=name&brief=1&limit=1"))["results"]![0]!.AsObject();
        var omit = (await Page("omit=url,created,last_updated&brief=1&limit=1"))["results"]![0]!.AsObject();
        var brief = (await Page("brief=false&limit=1"))["results"]![0]!.AsObject();
        var none = (await Page("fields=nonexistent&limit=1"))["results"]![0]!.AsObject();

        fields.Select(p => p.Key).ShouldBe(["id", "name"], "fields keeps response order");
        omit.Select(p => p.Key).ShouldBe(["id", "display", "name", "slug", "color", "description"]);
        brief.Select(p => p.Key).ShouldBe(["id", "url", "display", "name", "slug", "color", "description"], "any non-empty brief turns it on");
        none.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Urls_follow_forwarded_headers_from_a_trusted_proxy_only()
    {
        async Task<string> UrlVia(string clientIp)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Tags + "?name__isw=L-&limit=1");
            request.Headers.Add(ApiFactory.ClientIpHeader, clientIp);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "netbox.example.com");
            request.Headers.Add("X-Forwarded-Prefix", "/proxbox");
            var response = await _client.SendAsync(request);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["next"]!.GetValue<string>();
        }

        (await UrlVia("127.0.0.1")).ShouldStartWith("https://netbox.example.com/proxbox/api/extras/tags/?");
        // A configured proxy network is trusted; anyone else's headers are ignored.
        (await UrlVia("10.9.3.4")).ShouldStartWith("https://netbox.example.com/proxbox/api/extras/tags/?");
        (await UrlVia("203.0.113.7")).ShouldStartWith("http://localhost/api/extras/tags/?");
    }

    [Fact]
    public async Task Options_describes_the_writable_fields_for_pynetbox()
    {
        var (response, body) = await _client.SendAsync(HttpMethod.Options, Tags);
        var (detail, detailBody) = await _client.SendAsync(HttpMethod.Options, $"{Tags}{_ids[0]}/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["name"]!.GetValue<string>().ShouldBe("Tag List");
        var post = body["actions"]!["POST"]!;
        post["name"]!["required"]!.GetValue<bool>().ShouldBeTrue();
        post["name"]!["max_length"]!.GetValue<int>().ShouldBe(100);
        post["id"]!["read_only"]!.GetValue<bool>().ShouldBeTrue();
        response.Content.Headers.Allow.ShouldBe(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
        detail.StatusCode.ShouldBe(HttpStatusCode.OK);
        detailBody!["actions"]!.AsObject().Select(p => p.Key).ShouldBe(["PUT"]);
    }
}
