using System.Net;
using System.Text;

namespace Proxbox.Api.Tests.Infrastructure;

[Collection(ApiCollection.Name)]
public sealed class HttpPipelineTests(ApiFactory api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/api/nothing/here/")]
    [InlineData("/api/extras/nothing/")]
    public async Task An_unknown_api_route_is_a_json_404_with_the_api_version(string url)
    {
        var (response, body) = await _client.GetJsonAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        body!["detail"]!.GetValue<string>().ShouldBe("Not found.");
        response.Headers.GetValues("API-Version").ShouldBe(["4.5"]);
    }

    [Fact]
    public async Task A_wrong_method_is_405_with_netbox_message_and_allow_header()
    {
        var (response, body) = await _client.PostJsonAsync("/api/extras/tags/1/", new { name = "x" });

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        body!["detail"]!.GetValue<string>().ShouldBe("Method \"POST\" not allowed.");
        response.Content.Headers.Allow.ShouldBe(["GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    }

    [Fact]
    public async Task Every_api_response_carries_api_version_and_a_request_id_and_health_has_no_api_version()
    {
        var (api, _) = await _client.GetJsonAsync("/api/");
        var (health, _) = await _client.GetJsonAsync("/health/live");

        api.Headers.GetValues("API-Version").Single().ShouldBe("4.5");
        var id = Guid.Parse(api.Headers.GetValues("X-Request-ID").Single());
        id.Version.ShouldBe(4);
        (id.Variant & 0b1100).ShouldBe(0b1000, "RFC 4122's variant: the top two bits 10");
        health.Headers.Contains("API-Version").ShouldBeFalse();
        health.Headers.GetValues("X-Request-ID").Single().ShouldNotBe(id.ToString(), "every request gets its own id");
    }

    [Fact]
    public async Task A_callers_request_id_is_echoed_and_a_hostile_one_is_replaced()
    {
        using var good = new HttpRequestMessage(HttpMethod.Get, "/api/");
        good.Headers.Add("X-Request-ID", "sync-run-42");
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/");
        bad.Headers.TryAddWithoutValidation("X-Request-ID", "x\"; DROP TABLE extras_tag; --");

        (await _client.SendAsync(good)).Headers.GetValues("X-Request-ID").Single().ShouldBe("sync-run-42");
        Guid.TryParse((await _client.SendAsync(bad)).Headers.GetValues("X-Request-ID").Single(), out _).ShouldBeTrue();
    }

    [Fact]
    public async Task List_and_detail_routes_answer_with_and_without_the_trailing_slash()
    {
        var (withSlash, _) = await _client.GetJsonAsync("/api/extras/tags/");
        var (without, _) = await _client.GetJsonAsync("/api/extras/tags");

        withSlash.StatusCode.ShouldBe(HttpStatusCode.OK);
        without.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.GetJsonAsync("/api/extras/tags/999999")).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_and_nothing_is_written()
    {
        var name = Http.Unique("plain");
        var (response, body) = await _client.SendAsync(HttpMethod.Post, "/api/extras/tags/", new StringContent($"name={name}", Encoding.UTF8, "text/plain"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        body!["detail"]!.GetValue<string>().ShouldBe("Unsupported media type \"text/plain; charset=utf-8\" in request.");
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE name = @name", new { name })).ShouldBe(0);
    }

    [Theory]
    [InlineData("application/json;")]
    [InlineData("application/json; charset=utf-8")]
    public async Task Json_with_a_trailing_semicolon_or_charset_is_accepted(string contentType)
    {
        var name = Http.Unique("ctype");
        var (response, _) = await _client.SendAsync(HttpMethod.Post, "/api/extras/tags/", Http.Json($$"""{"name":"{{name}}","slug":"{{name}}"}""", contentType));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_parse_error_without_internals()
    {
        var (response, body) = await _client.SendAsync(HttpMethod.Post, "/api/extras/tags/", Http.Json("{\"name\": "));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var detail = body!["detail"]!.GetValue<string>();
        detail.ShouldStartWith("JSON parse error - ");
        detail.ShouldNotContain("System.");
        detail.Contains('\n').ShouldBeFalse("no stack trace");
    }

    [Fact]
    public async Task A_chunked_body_of_unknown_length_is_read_whole_however_large()
    {
        // No Content-Length: the body is read as it arrives, into buffers that grow past their first 16 KB.
        var prefix = Http.Unique("chunk");
        var items = Enumerable.Range(0, 700).Select(i => $$"""{"name":"{{prefix}}-{{i}}","slug":"{{prefix}}-{{i}}","description":"{{new string('d', 150)}}"}""");
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", items) + "]");
        var content = new StreamContent(new UnseekableStream(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/extras/tags/") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        json.Length.ShouldBeGreaterThan(100_000);
        (await api.ScalarAsync<long>("SELECT count(*) FROM extras_tag WHERE name LIKE @p AND length(description) = 150", new { p = prefix + "-%" })).ShouldBe(700);
    }

    /// <summary>A body whose length the client cannot tell in advance.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_before_it_is_read()
    {
        var huge = new StringContent(new string(' ', 33 * 1024 * 1024), Encoding.UTF8, "application/json");

        var (response, body) = await _client.SendAsync(HttpMethod.Post, "/api/extras/tags/", huge);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        body!["detail"]!.GetValue<string>().ShouldBe("Request body too large.");
    }

    [Fact]
    public async Task A_non_integer_id_is_a_plain_404()
    {
        var (response, body) = await _client.GetJsonAsync("/api/extras/tags/abc/");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        body!["detail"]!.GetValue<string>().ShouldBe("Not found.");
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/extras/tags/");
        var response = await _client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        response.Headers.GetValues("API-Version").Single().ShouldBe("4.5");
    }
}
