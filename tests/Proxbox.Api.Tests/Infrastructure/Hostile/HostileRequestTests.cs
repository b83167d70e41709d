using System.Net;

namespace Proxbox.Api.Tests.Infrastructure.Hostile;

/// <summary>The requests a hostile client tried first: each a symptom of a class of input the service must refuse cleanly.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileRequestTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_405_on_a_root_view_is_a_complete_answer_with_allow()
    {
        var (response, body) = await _client.SendAsync(HttpMethod.Patch, "/api/", new { });

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        body!["detail"]!.GetValue<string>().ShouldBe("Method \"PATCH\" not allowed.");
        response.Content.Headers.Allow.ShouldContain("GET");
    }

    [Fact]
    public async Task A_nul_in_a_string_is_a_field_error_and_stores_nothing()
    {
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag");

        var (response, body) = await _client.PostJsonAsync("/api/extras/tags/", """{"name": "a\u0000b", "slug": "nul-tag"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!.ToJsonString().ShouldBe("""{"name":["Null characters are not allowed."]}""");
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag")).ShouldBe(before);
    }

    [Theory]
    [InlineData("name=a%00b", "name")]
    [InlineData("q=%00", "q")]
    [InlineData("slug__ic=%00x", "slug__ic")]
    public async Task A_nul_in_a_filter_is_a_400_keyed_by_the_parameter(string query, string key)
    {
        var (response, body) = await _client.GetJsonAsync("/api/extras/tags/?" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body![key]![0]!.GetValue<string>().ShouldBe("Null characters are not allowed.");
    }

    [Fact]
    public async Task A_nul_in_an_unknown_parameter_is_ignored_as_every_unknown_parameter_is()
    {
        var (response, _) = await _client.GetJsonAsync("/api/extras/tags/?nonsense=%00");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(new byte[] { 0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d }, "not valid UTF-8")] // {"name":"\xc3("}
    [InlineData(new byte[] { 0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0x5c, 0x75, 0x64, 0x38, 0x30, 0x30, 0x22, 0x7d }, "surrogate")] // {"name":"\ud800"}
    public async Task A_body_that_is_not_valid_unicode_is_a_json_parse_error(byte[] bytes, string reason)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync("/api/extras/tags/", content);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldStartWith("""{"detail":"JSON parse error - """);
        text.ShouldContain(reason);
    }

    [Fact]
    public async Task A_repeated_key_is_a_json_parse_error_naming_it()
    {
        var (response, body) = await _client.PostJsonAsync("/api/extras/tags/", """{"name": "one", "slug": "dup-key", "name": "two"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        body!["detail"]!.GetValue<string>().ShouldStartWith("JSON parse error - ");
        body["detail"]!.GetValue<string>().ShouldContain("'name'");
    }

    [Fact]
    public async Task The_largest_offset_gives_a_valid_page_and_valid_links()
    {
        var (response, body) = await _client.GetJsonAsync("/api/extras/tags/?offset=9223372036854775807&limit=10");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body!["results"]!.AsArray().ShouldBeEmpty();
        body["next"].ShouldBeNull();
        var previous = body["previous"]!.GetValue<string>();
        var offset = long.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(previous).Query)["offset"]!);
        offset.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Control_characters_in_a_path_cannot_forge_a_log_line()
    {
        using var logged = new LoggedApiFactory();
        await logged.InitializeAsync();
        var client = logged.CreateClient();

        await client.GetAsync("/api/extras/tags/%0AHTTP%20GET%20/forged%20responded%20200/");

        var lines = logged.Logs.All.Split('\n');
        lines.ShouldNotContain(line => line.StartsWith("HTTP GET /forged", StringComparison.Ordinal));
        logged.Logs.All.ShouldContain("\\x0a");
        await ((IAsyncLifetime)logged).DisposeAsync();
    }
}
