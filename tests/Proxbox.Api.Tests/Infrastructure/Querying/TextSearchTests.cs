using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;
using Proxbox.Api.Infrastructure.Querying;

namespace Proxbox.Api.Tests.Infrastructure.Querying;

/// <summary>
/// A long <c>q</c> looked up by its rarest piece: the trigram model against <c>pg_trgm</c> itself, the piece chosen
/// from real ANALYZE statistics, and the rows found against the whole text's own match.
/// </summary>
public sealed class TextSearchTests : IAsyncLifetime
{
    private const string Table = "upid_probe";

    private static readonly FilterSet Search = new(Table, "u", tagTable: null, filters: [], search: ["upid", "node"], defaultOrdering: ["id"]);

    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        var database = await (await TestDatabase.SharedAsync()).CreateDatabaseAsync("textsearch");
        _db = NpgsqlDataSource.Create(database);
        await using var conn = await _db.OpenConnectionAsync();
        // Task UPIDs as Proxmox writes them: the node, then the process id, its start, the task's start (hex), its type,
        // the guest and the user. Every row shares `upid`, `pve`, `root@pam`; the hex parts are its own.
        await conn.ExecuteAsync($"""
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE TABLE {Table} (id bigint PRIMARY KEY, upid text NOT NULL, node text NOT NULL, created timestamptz NOT NULL DEFAULT now(), last_updated timestamptz NOT NULL DEFAULT now());
            INSERT INTO {Table} (id, upid, node)
            SELECT i, format('UPID:pve-node-%s:%s:%s:%s:vzdump:%s:root@pam:', lpad((i % 4)::text, 2, '0'),
                             upper(lpad(to_hex(i * 7919), 8, '0')), upper(lpad(to_hex(i * 104729), 8, '0')),
                             upper(to_hex(1700000000 + i * 3600)), 100 + i % 50),
                   format('pve-node-%s', lpad((i % 4)::text, 2, '0'))
            FROM generate_series(1, 2000) i;
            CREATE INDEX {Table}_upid_trgm ON {Table} USING gin (upid gin_trgm_ops);
            ANALYZE {Table};
            """);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("UPID:pve-node-02:0030D03F:06054E9D:69B16E32:vzdump:17877:root@pam:")]
    [InlineData("Backup of VM 100 (web-01) finished")]
    [InlineData("a")]
    [InlineData("x1 -- y22 :: zz333")]
    public async Task A_value_has_the_trigrams_pg_trgm_gives_it(string value)
    {
        await using var conn = await _db.OpenConnectionAsync();
        var expected = await conn.QuerySingleAsync<string[]>("SELECT show_trgm(@value)", new { value });

        TrigramSample.ValueTrigrams(value).Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_whole_upid_is_looked_up_by_a_piece_of_it_and_finds_its_row_only()
    {
        var upid = await UpidAsync(1234);

        var (ids, sql) = await RunAsync(upid);

        ids.ShouldBe([1234]);
        sql.ShouldContain("strpos(lower(u.upid)");
        var piece = (await StatisticsAsync()).For(Table, "upid")!.RarestPiece(upid)!;
        upid.ShouldContain(piece);
        TrigramSample.PatternTrigrams(piece).ShouldNotContain("upi");
        TrigramSample.PatternTrigrams(piece).ShouldNotContain("pve");
    }

    [Fact]
    public async Task The_whole_text_is_checked_not_only_the_piece()
    {
        var upid = await UpidAsync(1234);
        // A text that no row holds, looked up by a piece that the row does hold: the row is found, and then rejected.
        var altered = upid + "zz";
        upid.ShouldContain((await StatisticsAsync()).For(Table, "upid")!.RarestPiece(altered)!);

        var (ids, sql) = await RunAsync(altered);

        ids.ShouldBeEmpty();
        sql.ShouldContain("strpos(lower(u.upid)");
    }

    [Fact]
    public async Task Case_and_like_metacharacters_match_as_the_whole_pattern_does()
    {
        var upid = await UpidAsync(77);

        (await RunAsync(upid.ToLowerInvariant())).Ids.ShouldBe([77]);
        (await RunAsync(upid.Replace(":vzdump:", ":vzdump%", StringComparison.Ordinal))).Ids.ShouldBeEmpty();
        (await RunAsync(upid.Replace(":vzdump:", ":vzdump_", StringComparison.Ordinal))).Ids.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_long_text_of_common_trigrams_only_is_searched_whole()
    {
        const string common = "pve-node-01:root@pam";
        (await StatisticsAsync()).For(Table, "upid")!.RarestPiece(common).ShouldBeNull();

        var (ids, sql) = await RunAsync("UPID:pve-node-01:");

        // Searched whole in the UPIDs; a node name never holds "upid", so there a piece will do.
        sql.ShouldNotContain("strpos(lower(u.upid)");
        sql.ShouldContain("strpos(lower(u.node)");
        ids.Length.ShouldBe(500);
    }

    [Fact]
    public async Task Without_statistics_every_text_is_searched_whole()
    {
        var upid = await UpidAsync(1234);

        var (ids, sql) = await RunAsync(upid, statistics: false);

        ids.ShouldBe([1234]);
        sql.ShouldNotContain("strpos");
    }

    [Fact]
    public void Short_texts_are_searched_whole()
    {
        var sample = TrigramSample.FromStatistics(0, ["pve-node-01"], [1f], null)!;

        sample.RarestPiece("0030D03F:06054E9D").ShouldNotBeNull();
        sample.RarestPiece("0030D03F:06054E9").ShouldBeNull();
        TrigramSample.FromStatistics(0, null, null, null).ShouldBeNull();
    }

    [Fact]
    public void A_huge_text_is_looked_up_by_a_piece_of_its_beginning()
    {
        var sample = TrigramSample.FromStatistics(0, ["pve-node-01"], [1f], null)!;
        // Its beginning has three trigrams a piece (aab, aba, baa); the hex at the end would have more.
        var text = string.Concat(Enumerable.Repeat("aab", 100)) + "0030D03F:06054E9D";

        var piece = sample.RarestPiece(text);

        piece.ShouldNotBeNull();
        text[..256].ShouldContain(piece);
    }

    [Fact]
    public void A_piece_never_splits_a_character()
    {
        var sample = TrigramSample.FromStatistics(0, ["pve-node-01"], [1f], null)!;
        var strict = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        foreach (var text in new[] { "ab\U0001F600cd\U0001F600ef\U0001F600gh\U0001F600ij", "\U0001F600abcdefghi\U0001F600jklmnop", "abcdefghi\U0001F600jklmnop\U0001F600" })
        {
            var piece = sample.RarestPiece(text);
            piece.ShouldNotBeNull();
            Should.NotThrow(() => strict.GetByteCount(piece));
            text.ShouldContain(piece);
        }
    }

    [Fact]
    public void A_pattern_piece_pads_only_the_words_it_sees_end()
    {
        TrigramSample.PatternTrigrams("ab:cde:f").Order(StringComparer.Ordinal)
            .ShouldBe(["  c", "  f", " cd", "ab ", "cde", "de "]);
    }

    private async Task<string> UpidAsync(long id)
    {
        await using var conn = await _db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<string>($"SELECT upid FROM {Table} WHERE id = @id", new { id });
    }

    private async Task<SearchStatistics> StatisticsAsync()
    {
        var statistics = new SearchStatistics(_db);
        await statistics.RefreshAsync(Search.SearchedColumns, CancellationToken.None);
        return statistics;
    }

    private async Task<(long[] Ids, string Sql)> RunAsync(string q, bool statistics = true)
    {
        var sql = new SqlBuilder();
        var query = ListQuery.Of(new QueryCollection(QueryHelpers.ParseQuery("?q=" + Uri.EscapeDataString(q))));
        Search.Apply(query, sql, statistics ? await StatisticsAsync() : null).ShouldBeNull();

        await using var conn = await _db.OpenConnectionAsync();
        var ids = await conn.QueryAsync<long>($"SELECT u.id FROM {Table} u WHERE {sql.WhereSql} ORDER BY u.id", sql.Parameters);
        return (ids.ToArray(), sql.WhereSql);
    }
}
