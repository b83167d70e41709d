using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Querying;

namespace Proxbox.Api.Tests.Infrastructure.Querying;

/// <summary>
/// The shared filter interpreter, lookup by lookup, executed against a scratch table on the real PostgreSQL:
/// each case is a query string and the ids it must select.
/// </summary>
public sealed class FilterSetTests : IAsyncLifetime
{
    private NpgsqlDataSource _db = null!;

    private static readonly FilterSet Probe = new(
        table: "probe",
        alias: "p",
        tagTable: "probe_tags",
        filters:
        [
            new NumberFilter("n"),
            new NumberFilter("d", isDecimal: true),
            new TextFilter("s"),
            new ChoiceFilter("c", [new Choice("active", "Active"), new Choice("offline", "Offline")]),
            new BooleanFilter("b"),
            new DateTimeFilter("t"),
            new ForeignKeyFilter("parent", orderBy: "pp.name", column: "fk"),
            new RelatedFilter("parent", "probe_parent", new TextFilter("name"), foreignKey: "fk"),
            new TextFilter("format", "s"),
        ],
        search: ["s", "c"],
        defaultOrdering: ["s"]);

    public async Task InitializeAsync()
    {
        var database = await (await TestDatabase.SharedAsync()).CreateDatabaseAsync("filters");
        _db = NpgsqlDataSource.Create(database);
        await MigrationRunner.ApplyAsync(database, MigrationCatalog.Service, NullLoggerFactory.Instance, CancellationToken.None);
        await using var conn = await _db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            CREATE TABLE probe_parent (id bigint PRIMARY KEY, name text NOT NULL);
            INSERT INTO probe_parent VALUES (10, 'north'), (20, 'south');
            CREATE TABLE probe (
                id bigint PRIMARY KEY, n int, d numeric(6,2), s text, c text, b boolean, t timestamptz,
                fk bigint REFERENCES probe_parent, created timestamptz NOT NULL DEFAULT now(), last_updated timestamptz NOT NULL DEFAULT now());
            INSERT INTO probe (id, n, d, s, c, b, t, fk) VALUES
                (1, 1, 1.50, 'alpha', 'active', true, '2026-01-01T00:00:00Z', 10),
                (2, 2, 2.00, 'Beta_1%', 'offline', false, '2026-02-01T12:30:00Z', 20),
                (3, NULL, NULL, NULL, '', NULL, NULL, NULL),
                (4, 4, 4.25, '', 'active', true, '2026-03-01T00:00:00Z', 10);
            CREATE TABLE probe_tags (object_id bigint REFERENCES probe ON DELETE CASCADE, tag_id bigint REFERENCES extras_tag ON DELETE CASCADE, PRIMARY KEY (object_id, tag_id));
            INSERT INTO extras_tag (id, name, slug) VALUES (901, 'Red', 'red'), (902, 'Blue', 'blue');
            INSERT INTO probe_tags VALUES (1, 901), (1, 902), (2, 901), (4, 902);
            """);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("", new long[] { 1, 2, 3, 4 })]
    [InlineData("n=1", new long[] { 1 })]
    [InlineData("n=1,2", new long[] { 1, 2 })]
    [InlineData("n=1&n=4", new long[] { 1, 4 })]
    [InlineData("n__n=1", new long[] { 2, 3, 4 })]
    [InlineData("n__lt=2", new long[] { 1 })]
    [InlineData("n__lte=2", new long[] { 1, 2 })]
    [InlineData("n__gt=1", new long[] { 2, 4 })]
    [InlineData("n__gte=2", new long[] { 2, 4 })]
    [InlineData("n__empty=true", new long[] { 3 })]
    [InlineData("n__empty=false", new long[] { 1, 2, 4 })]
    [InlineData("n=null", new long[] { 3 })]
    [InlineData("n=null&n=1", new long[] { 1, 3 })]
    [InlineData("n=1&s=alpha", new long[] { 1 })]
    [InlineData("n=1&s=Beta_1%25", new long[] { })]
    [InlineData("id=1,3", new long[] { 1, 3 })]
    [InlineData("id__gte=3", new long[] { 3, 4 })]
    [InlineData("d=1.5", new long[] { 1 })]
    [InlineData("d__gte=2", new long[] { 2, 4 })]
    [InlineData("d__lt=4.25", new long[] { 1, 2 })]
    [InlineData("s=alpha", new long[] { 1 })]
    [InlineData("s=ALPHA", new long[] { })]
    [InlineData("s__n=alpha", new long[] { 2, 3, 4 })]
    [InlineData("s__ic=ETA", new long[] { 2 })]
    [InlineData("s__nic=ETA", new long[] { 1, 3, 4 })]
    [InlineData("s__ie=ALPHA", new long[] { 1 })]
    [InlineData("s__nie=ALPHA", new long[] { 2, 3, 4 })]
    [InlineData("s__isw=AL", new long[] { 1 })]
    [InlineData("s__nisw=al", new long[] { 2, 3, 4 })]
    [InlineData("s__iew=1%25", new long[] { 2 })]
    [InlineData("s__niew=1%25", new long[] { 1, 3, 4 })]
    [InlineData("s__ic=_", new long[] { 2 })]
    [InlineData("s__ic=%25", new long[] { 2 })]
    [InlineData("s__regex=^a", new long[] { 1 })]
    [InlineData("s__iregex=^b", new long[] { 2 })]
    [InlineData("s__empty=true", new long[] { 3, 4 })]
    [InlineData("s__empty=false", new long[] { 1, 2 })]
    [InlineData("s=null", new long[] { 3 })]
    [InlineData("s=alpha&s=null", new long[] { 1, 3 })]
    [InlineData("c=active", new long[] { 1, 4 })]
    [InlineData("c__n=active", new long[] { 2, 3 })]
    [InlineData("c__ic=ACT", new long[] { 1, 4 })]
    [InlineData("b=true", new long[] { 1, 4 })]
    [InlineData("b=False", new long[] { 2 })]
    [InlineData("b=1", new long[] { 1, 4 })]
    [InlineData("b=0", new long[] { 2 })]
    [InlineData("t=2026-01-01", new long[] { 1 })]
    [InlineData("t=2026-02-01T12:30:00Z", new long[] { 2 })]
    [InlineData("t=2026-02-01T14:30:00%2B02:00", new long[] { 2 })]
    [InlineData("t__gte=2026-01-15T00:00:00Z", new long[] { 2, 4 })]
    [InlineData("t__lt=2026-01-15", new long[] { 1 })]
    [InlineData("t__empty=true", new long[] { 3 })]
    [InlineData("parent=10", new long[] { 1, 4 })]
    [InlineData("parent_id=20", new long[] { 2 })]
    [InlineData("parent_id=10,20", new long[] { 1, 2, 4 })]
    [InlineData("parent=null", new long[] { 3 })]
    [InlineData("parent__n=10", new long[] { 2, 3 })]
    [InlineData("parent_id=999", new long[] { })]
    [InlineData("parent__name=north", new long[] { 1, 4 })]
    [InlineData("parent__name__ic=OUT", new long[] { 2 })]
    [InlineData("parent__name__n=north", new long[] { 2, 3 })]
    [InlineData("q=ALP", new long[] { 1 })]
    [InlineData("q=%25", new long[] { 2 })]
    [InlineData("q=offl", new long[] { 2 })]
    [InlineData("q=", new long[] { 1, 2, 3, 4 })]
    [InlineData("q=%20%20", new long[] { 1, 2, 3, 4 })]
    [InlineData("tag=red", new long[] { 1, 2 })]
    [InlineData("tag=red&tag=blue", new long[] { 1 })]
    [InlineData("tag__n=red", new long[] { 3, 4 })]
    [InlineData("tag_id=902", new long[] { 1, 4 })]
    [InlineData("tag_id__n=901,902", new long[] { 3 })]
    [InlineData("tag=nope", new long[] { })]
    [InlineData("unknown=1&s_typo=alpha", new long[] { 1, 2, 3, 4 })]
    [InlineData("format=json", new long[] { 1, 2, 3, 4 })]
    [InlineData("format=alpha", new long[] { 1 })]
    [InlineData("s=&n=", new long[] { 1, 2, 3, 4 })]
    [InlineData("limit=1&offset=2&ordering=n&brief=1&fields=id&omit=id", new long[] { 1, 2, 3, 4 })]
    public async Task A_query_selects_exactly_these_rows(string query, long[] expected)
    {
        var (ids, errors) = await RunAsync(query);

        errors.ShouldBeNull();
        ids.ShouldBe(expected);
    }

    [Theory]
    [InlineData("n=abc", "n", "Enter a whole number.")]
    [InlineData("n=1.5", "n", "Enter a whole number.")]
    [InlineData("n=99999999999999999999999", "n", "Enter a whole number.")]
    [InlineData("n__gte=1e3", "n__gte", "Enter a whole number.")]
    [InlineData("d=abc", "d", "Enter a number.")]
    [InlineData("t=garbage", "t", "Enter a valid date/time.")]
    [InlineData("t__gte=2026-13-01", "t__gte", "Enter a valid date/time.")]
    [InlineData("c=bogus", "c", "Select a valid choice. bogus is not one of the available choices.")]
    [InlineData("c__n=bogus", "c__n", "Select a valid choice. bogus is not one of the available choices.")]
    [InlineData("b=yes", "b", "Select a valid choice. yes is not one of the available choices.")]
    [InlineData("n__empty=maybe", "n__empty", "Select a valid choice. maybe is not one of the available choices.")]
    [InlineData("parent_id=abc", "parent_id", "\u201cabc\u201d is not a valid value.")]
    [InlineData("tag_id=abc", "tag_id", "\u201cabc\u201d is not a valid value.")]
    [InlineData("s__regex=(unclosed", "s__regex", "Invalid regular expression.")]
    [InlineData("s__iregex=[z-a]", "s__iregex", "Invalid regular expression.")]
    public async Task A_malformed_value_is_an_error_keyed_by_the_parameter(string query, string key, string message)
    {
        var (_, errors) = await RunAsync(query);

        errors.ShouldNotBeNull();
        errors[key]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe([message]);
    }

    [Fact]
    public async Task Several_bad_parameters_are_all_reported()
    {
        var (_, errors) = await RunAsync("n=x&d=y&c=z");

        errors!.Select(e => e.Key).Order().ShouldBe(["c", "d", "n"]);
    }

    [Theory]
    [InlineData("s='; DROP TABLE probe; --")]
    [InlineData("s__regex=^x'; DROP TABLE probe; --")]
    [InlineData("q=%' OR 1=1 --")]
    [InlineData("parent__name=x' OR 'a'='a")]
    [InlineData("tag=red' OR 1=1 --")]
    public async Task Sql_metacharacters_in_values_are_only_ever_data(string query)
    {
        var (ids, errors) = await RunAsync(query);

        errors.ShouldBeNull();
        ids.ShouldBeEmpty();
        await using var conn = await _db.OpenConnectionAsync();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM probe")).ShouldBe(4);
    }

    [Theory]
    [InlineData("-n,s", "p.n DESC, p.s, p.id")]
    [InlineData("parent", "pp.name, p.id")]
    [InlineData("-id", "p.id DESC")]
    [InlineData("bogus", "p.s, p.id")]
    [InlineData("", "p.s, p.id")]
    [InlineData("n;DROP TABLE probe,s", "p.s, p.id")]
    [InlineData("s)--,-n", "p.n DESC, p.id")]
    public void Ordering_uses_declared_keys_only_and_always_ends_with_id(string ordering, string expected)
    {
        Probe.OrderBy(ordering).ShouldBe(expected);
    }

    private async Task<(long[] Ids, JsonObject? Errors)> RunAsync(string query)
    {
        var sql = new SqlBuilder();
        var errors = Probe.Apply(ListQuery.Of(new QueryCollection(QueryHelpers.ParseQuery("?" + query))), sql);
        if (errors is not null)
        {
            return ([], errors);
        }

        await using var conn = await _db.OpenConnectionAsync();
        var ids = await conn.QueryAsync<long>($"SELECT p.id FROM probe p WHERE {sql.WhereSql} ORDER BY p.id", sql.Parameters);
        return (ids.ToArray(), null);
    }
}
