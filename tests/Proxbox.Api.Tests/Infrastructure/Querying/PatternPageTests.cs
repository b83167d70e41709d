using System.Net;

namespace Proxbox.Api.Tests.Infrastructure.Querying;

/// <summary>
/// A pattern read takes one of two paths by how many rows match: up to ten thousand are collected first (they are the
/// count and the page's ids), more are counted and found along the ordering's index. Both must answer the same page a
/// plain read would.
/// </summary>
public sealed class PatternPageTests(PatternPageTests.Factory api) : IClassFixture<PatternPageTests.Factory>
{
    /// <summary>A service of its own: the ten thousand tags here would slow every other test's tag lists.</summary>
    public sealed class Factory : ApiFactory;

    private const string Tags = "/api/extras/tags/";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Many_and_few_matches_page_in_the_same_order_with_exact_counts()
    {
        await api.ScalarAsync<long>("""
            WITH made AS (
                INSERT INTO extras_tag (name, slug, description)
                SELECT format('bulk-%s', lpad(g::text, 5, '0')), format('bulk-%s', g), CASE WHEN g % 5000 = 0 THEN 'rare one' ELSE '' END
                FROM generate_series(1, 10050) g
                RETURNING 1)
            SELECT count(*) FROM made
            """);

        var (many, manyBody) = await _client.GetJsonAsync($"{Tags}?q=bulk-&limit=3&offset=10045&ordering=-name");
        var (almost, almostBody) = await _client.GetJsonAsync($"{Tags}?q=bulk-0&limit=2&offset=9997&ordering=name");
        var (few, fewBody) = await _client.GetJsonAsync($"{Tags}?q=rare&ordering=-name");
        var (none, noneBody) = await _client.GetJsonAsync($"{Tags}?q=no-such-tag-anywhere");

        many.StatusCode.ShouldBe(HttpStatusCode.OK);
        manyBody!["count"]!.GetValue<long>().ShouldBe(10050, "more than the collected-first limit");
        manyBody["results"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["bulk-00005", "bulk-00004", "bulk-00003"]);
        almost.StatusCode.ShouldBe(HttpStatusCode.OK);
        almostBody!["count"]!.GetValue<long>().ShouldBe(9999, "bulk-00001 to bulk-09999: collected, just under the limit");
        almostBody["results"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["bulk-09998", "bulk-09999"]);
        almostBody["next"].ShouldBeNull();
        few.StatusCode.ShouldBe(HttpStatusCode.OK);
        fewBody!["count"]!.GetValue<long>().ShouldBe(2);
        fewBody["results"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["bulk-10000", "bulk-05000"]);
        none.StatusCode.ShouldBe(HttpStatusCode.OK);
        noneBody!["count"]!.GetValue<long>().ShouldBe(0);
        noneBody["results"]!.AsArray().ShouldBeEmpty();
    }
}
