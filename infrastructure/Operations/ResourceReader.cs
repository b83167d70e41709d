using Dapper;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Options;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Scheduling;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>NetBox's list and detail reads for any resource, from its declaration.</summary>
public sealed class ResourceReader(NpgsqlDataSource database, IOptions<ProxboxOptions> options, ScheduleCalendar schedules, SearchStatistics searchStatistics)
{
    /// <summary>
    /// Up to this many pattern matches are collected and sorted rather than found along the ordering's index: ten
    /// thousand ids cost milliseconds to sort, and above that at least one row in a hundred matches, so a page fills
    /// after a short walk (on tables up to a million rows). Collected, they are also the count.
    /// </summary>
    private const long FewMatches = 10_000;

    public async Task<Outcome> ListAsync(IResource resource, ListQuery query, ApiUrls urls, Caller caller, CancellationToken ct)
    {
        if (ResourceAccess.Scope(resource, caller, Caller.View) is not { } sql)
        {
            return Outcome.Forbidden();
        }

        var page = PageRequest.Parse(query, options.Value);
        if (page.Error is not null)
        {
            return new Outcome.Invalid(new JsonArray(page.Error));
        }

        if (query.Last("q") is { Length: > TrigramSample.ShortText })
        {
            await searchStatistics.RefreshAsync(resource.Filters.SearchedColumns, ct);
        }

        if (resource.Filters.Apply(query, sql, searchStatistics) is { } errors)
        {
            return new Outcome.Invalid(errors);
        }

        var identity = resource.Identity;
        var alias = identity.Alias;
        var limit = sql.Add(page.Limit);
        await using var conn = await database.OpenConnectionAsync(ct);
        // A pattern's selectivity is in its value: plan such a read for the values it has, not with a prepared
        // statement's generic plan (which, not knowing the pattern, may walk a whole index to fill one page). And
        // PostgreSQL prices a trigram index scan far above what it costs (a column with few distinct values makes
        // every trigram look common), so with a q over many columns it prefers reading the whole table: 1.6–3.3 s
        // against 0.2–0.6 s by the indexes on a million task-history rows. A column without such an index is still
        // read in full; the setting only takes the table scan off the planner's preferences.
        await using var tx = sql.MatchesPatterns ? await conn.BeginTransactionAsync(ct) : null;
        var planning = tx is null ? "" : PlannerSettings.CustomPlans + PlannerSettings.NoTableScans;
        long? count = null;
        List<IApiObject> objects;
        // The page (offset or cursor) is cut by id first, so per-row work in the SELECT (tags, joins) is done for its
        // rows only, at any offset, and is planned for a page's rows rather than for every row the filter admits.
        string PageSql(string where, string orderBy, long? offset) => $"""
            WITH page AS (SELECT {alias}.id {FromClause(resource)} WHERE {where} ORDER BY {orderBy} LIMIT {limit}{(offset is long skip ? $" OFFSET {sql.Add(skip)}" : "")})
            {resource.SelectSql} WHERE {alias}.id IN (SELECT id FROM page) ORDER BY {orderBy}
            """;
        if (page.Start is long start)
        {
            objects = await resource.QueryAsync(conn, tx, planning + PageSql($"{sql.WhereSql} AND {alias}.id >= {sql.Add(start)}", $"{alias}.id", offset: null),
                sql.Parameters, new ReadContext(urls, schedules), ct);
        }
        else
        {
            var orderBy = resource.Filters.OrderBy(query.Last("ordering"));
            // An unfiltered count is kept by the database (see the row_counts migration); a filtered one reads the
            // resource's own table only, since every filter is a predicate on it.
            var countSql = sql.Clauses.Count == 0
                ? $"SELECT coalesce((SELECT rows FROM row_counts WHERE table_name = '{identity.Table}'), (SELECT count(*) FROM {identity.Table}))"
                : $"SELECT count(*) FROM {identity.From} WHERE {sql.WhereSql}";
            if (tx is null)
            {
                (count, objects) = await resource.QueryPageAsync(conn, tx, countSql, PageSql(sql.WhereSql, orderBy, page.Offset), sql.Parameters, new ReadContext(urls, schedules), ct);
            }
            else
            {
                // Patterns: the planner cannot tell one match from thousands, and when it guesses many it walks the
                // ordering's index until the page is full, through the whole table if nothing matches (1.9 s for a
                // q without hits on a million rows). So the matches are collected first, up to one more than a few:
                // few are the count and the page's ids, and the pattern indexes are read once (a whole UPID's
                // trigrams take 170 ms to look up on a million rows; counting and then collecting read them twice).
                // Many are counted (which reads them again, a fifth more on a q that matches half the table) and
                // found quickly along the ordering's index.
                var matches = await conn.ExecuteScalarAsync<long[]>(new CommandDefinition(
                    planning + $"SELECT ARRAY(SELECT {alias}.id FROM {identity.From} WHERE {sql.WhereSql} LIMIT {FewMatches + 1})",
                    sql.Parameters, tx, cancellationToken: ct)) ?? [];
                if (matches.Length <= FewMatches)
                {
                    count = matches.Length;
                    objects = matches.Length == 0
                        ? []
                        : await resource.QueryAsync(conn, tx, PageSql($"{alias}.id = ANY({sql.Add(matches)})", orderBy, page.Offset), sql.Parameters, new ReadContext(urls, schedules), ct);
                }
                else
                {
                    count = await conn.ExecuteScalarAsync<long>(new CommandDefinition(countSql, sql.Parameters, tx, cancellationToken: ct));
                    objects = await resource.QueryAsync(conn, tx, PageSql(sql.WhereSql, orderBy, page.Offset), sql.Parameters, new ReadContext(urls, schedules), ct);
                }
            }
        }

        var shape = ResponseShape.Parse(query, resource.BriefFields);
        var shaped = objects.Select(shape.Apply).ToList();
        return new Outcome.Ok(page.Start is null
            ? new Page(count, NextOffsetLink(query, urls, page, count!.Value), PreviousOffsetLink(query, urls, page), shaped)
            : new Page(null, objects.Count >= page.Limit ? urls.Current(PageLinks.With(query, new Dictionary<string, string?>
            {
                ["start"] = (objects[^1].Id + 1).ToString(CultureInfo.InvariantCulture),
                ["limit"] = page.Limit.ToString(CultureInfo.InvariantCulture),
                ["offset"] = null,
            })) : null, null, shaped));
    }

    public async Task<Outcome> GetAsync(IResource resource, long id, ListQuery query, ApiUrls urls, Caller caller, CancellationToken ct)
    {
        if (ResourceAccess.Scope(resource, caller, Caller.View) is not { } scope)
        {
            return Outcome.Forbidden();
        }

        // One id is compared as a scalar, not an array, so the prepared plan is reused as it is. A caller who sees the
        // whole table sends the resource's own by-id text.
        var (sql, parameters) = scope.Clauses.Count == 0
            ? (resource.SelectByIdSql, (object)new PositionalParameters(id))
            : ($"{resource.SelectSql} WHERE {resource.Identity.Alias}.id = {scope.Add(id)} AND {scope.WhereSql}", scope.Parameters);
        await using var conn = await database.OpenConnectionAsync(ct);
        var found = await resource.QueryAsync(conn, null, sql, parameters, new ReadContext(urls, schedules), ct);
        if (found.Count == 0)
        {
            // An object outside the caller's view is as absent as a missing one.
            return ResourceAccess.NotFound(resource);
        }

        var shape = ResponseShape.Parse(query, resource.BriefFields);
        return new Outcome.Ok(shape.Apply(found[0]), ETag: ETags.Of(found[0]));
    }

    /// <summary>
    /// Reads objects by id through the resource's SELECT (also inside a write's transaction, to answer with what was
    /// stored), limited to <paramref name="scope"/>'s predicate when one is given.
    /// </summary>
    public static Task<List<IApiObject>> ReadAsync(IResource resource, NpgsqlConnection conn, NpgsqlTransaction? tx,
        long[] ids, ReadContext read, bool ordered, CancellationToken ct, SqlBuilder? scope = null)
    {
        var (sql, parameters) = ById(resource, ids, ordered ? resource.Filters.OrderBy(null) : $"{resource.Identity.Alias}.id", scope);
        return resource.QueryAsync(conn, tx, sql, parameters, read, ct);
    }

    /// <summary><see cref="ReadAsync"/> for thousands of objects, in no order: written as JSON as they are read.</summary>
    public static Task<SerializedObjects> ReadSerializedAsync(IResource resource, NpgsqlConnection conn, NpgsqlTransaction? tx,
        long[] ids, ReadContext read, CancellationToken ct, SqlBuilder? scope = null)
    {
        // Unordered: the answer is put together in the items' order from the objects' ids, and without a sort the
        // rows stream while the database is still producing them (a sort holds back the first until the last is read).
        var (sql, parameters) = ById(resource, ids, orderBy: null, scope);
        return resource.QuerySerializedAsync(conn, tx, sql, parameters, read, ct);
    }

    private static (string Sql, object Parameters) ById(IResource resource, long[] ids, string? orderBy, SqlBuilder? scope)
    {
        var sql = scope ?? new SqlBuilder();
        var order = orderBy is null ? "" : " ORDER BY " + orderBy;
        return ($"{resource.SelectSql} WHERE {resource.Identity.Alias}.id = ANY({sql.Add(ids)}) AND {sql.WhereSql}{order}", sql.Parameters);
    }

    /// <summary>The SELECT's FROM clause with its joins (what ordering by a related name needs), without its columns.</summary>
    private static string FromClause(IResource resource)
    {
        var from = "FROM " + resource.Identity.From;
        var at = resource.SelectSql.IndexOf(from, StringComparison.Ordinal);
        return at < 0
            ? throw new InvalidOperationException($"{resource.Identity.ModelName}'s SELECT must read FROM {resource.Identity.From}.")
            : resource.SelectSql[at..];
    }

    private static string? NextOffsetLink(ListQuery query, ApiUrls urls, PageRequest page, long count) =>
        page.Offset + page.Limit >= count
            ? null
            : urls.Current(PageLinks.With(query, new Dictionary<string, string?>
            {
                ["limit"] = page.Limit.ToString(CultureInfo.InvariantCulture),
                ["offset"] = (page.Offset + page.Limit).ToString(CultureInfo.InvariantCulture),
            }));

    private static string? PreviousOffsetLink(ListQuery query, ApiUrls urls, PageRequest page)
    {
        if (page.Offset <= 0)
        {
            return null;
        }

        var previous = page.Offset - page.Limit;
        return urls.Current(PageLinks.With(query, new Dictionary<string, string?>
        {
            ["limit"] = page.Limit.ToString(CultureInfo.InvariantCulture),
            ["offset"] = previous <= 0 ? null : previous.ToString(CultureInfo.InvariantCulture),
        }));
    }
}
