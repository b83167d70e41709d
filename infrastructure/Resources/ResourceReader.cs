using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Hosting;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Querying;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>NetBox's list and detail reads for any resource, from its declaration.</summary>
public sealed class ResourceReader(Database.Database database, IOptions<ProxboxOptions> options)
{
    public async Task<Outcome> ListAsync<TRow, TResponse>(Resource<TRow, TResponse> resource, HttpRequest request, Caller caller, CancellationToken ct)
        where TResponse : class, IApiObject
    {
        if (Scope(resource, caller, Caller.View) is not { } sql)
        {
            return Outcome.Forbidden();
        }

        var query = request.Query;
        var page = PageRequest.Parse(query, options.Value);
        if (page.Error is not null)
        {
            return new Outcome.Invalid(new JsonArray(page.Error));
        }

        if (resource.Filters.Apply(query, sql) is { } errors)
        {
            return new Outcome.Invalid(errors);
        }

        var info = resource.Info;
        var limit = sql.Add(page.Limit);
        await using var conn = await database.DataSource.OpenConnectionAsync(ct);
        long? count = null;
        IEnumerable<TRow> rows;
        if (page.Start is long start)
        {
            rows = await conn.QueryAsync<TRow>(new CommandDefinition(
                $"{resource.SelectSql} WHERE {sql.WhereSql} AND {info.Alias}.id >= {sql.Add(start)} ORDER BY {info.Alias}.id LIMIT {limit}",
                sql.Parameters, cancellationToken: ct));
        }
        else
        {
            // The count reads the resource's own table only: every filter is a predicate on it.
            var offset = sql.Add(page.Offset);
            await using var results = await conn.QueryMultipleAsync(new CommandDefinition(
                $"""
                SELECT count(*) FROM {info.Table} {info.Alias} WHERE {sql.WhereSql};
                {resource.SelectSql} WHERE {sql.WhereSql} ORDER BY {resource.Filters.OrderBy(query["ordering"].LastOrDefault())} LIMIT {limit} OFFSET {offset}
                """, sql.Parameters, cancellationToken: ct));
            count = await results.ReadSingleAsync<long>();
            rows = await results.ReadAsync<TRow>();
        }

        var urls = new ApiUrls(request);
        var shape = ResponseShape.Parse(query, resource.BriefFields);
        var objects = rows.Select(row => resource.Map(row, urls)).ToList();
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

    public async Task<Outcome> GetAsync<TRow, TResponse>(Resource<TRow, TResponse> resource, long id, HttpRequest request, Caller caller, CancellationToken ct)
        where TResponse : class, IApiObject
    {
        if (Scope(resource, caller, Caller.View) is not { } scope)
        {
            return Outcome.Forbidden();
        }

        await using var conn = await database.DataSource.OpenConnectionAsync(ct);
        var urls = new ApiUrls(request);
        // An object outside the caller's view is as absent as a missing one.
        var found = await ReadAsync(resource, conn, null, [id], urls, ordered: false, ct, scope);
        if (found.Count == 0)
        {
            return NotFound(resource);
        }

        var shape = ResponseShape.Parse(request.Query, resource.BriefFields);
        return new Outcome.Ok(shape.Apply(found[0]), ETag: ETags.Of(found[0]));
    }

    /// <summary>
    /// Reads objects by id through the resource's SELECT (also inside a write's transaction, to answer with what was
    /// stored), limited to <paramref name="scope"/>'s predicate when one is given.
    /// </summary>
    public static async Task<List<TResponse>> ReadAsync<TRow, TResponse>(Resource<TRow, TResponse> resource, NpgsqlConnection conn, NpgsqlTransaction? tx,
        long[] ids, ApiUrls urls, bool ordered, CancellationToken ct, SqlBuilder? scope = null)
        where TResponse : class, IApiObject
    {
        var alias = resource.Info.Alias;
        var sql = scope ?? new SqlBuilder();
        var orderBy = ordered ? resource.Filters.OrderBy(null) : $"{alias}.id";
        var rows = await conn.QueryAsync<TRow>(new CommandDefinition(
            $"{resource.SelectSql} WHERE {alias}.id = ANY({sql.Add(ids)}) AND {sql.WhereSql} ORDER BY {orderBy}", sql.Parameters, tx, cancellationToken: ct));
        return rows.Select(row => resource.Map(row, urls)).ToList();
    }

    /// <summary>
    /// A WHERE builder holding the caller's constraints for <paramref name="action"/> on this resource, or null when
    /// the caller lacks the model permission altogether.
    /// </summary>
    public static SqlBuilder? Scope<TRow, TResponse>(Resource<TRow, TResponse> resource, Caller caller, string action)
        where TResponse : class, IApiObject
    {
        if (!caller.May(resource.Info.ObjectType, action))
        {
            return null;
        }

        var sql = new SqlBuilder();
        if (caller.Restriction(resource.Filters, resource.Info.ObjectType, action, sql) is { } restriction)
        {
            sql.Where(restriction);
        }

        return sql;
    }

    public static Outcome NotFound<TRow, TResponse>(Resource<TRow, TResponse> resource) where TResponse : class, IApiObject =>
        new Outcome.NotFound($"No {resource.Info.ModelName} matches the given query.");

    private static string? NextOffsetLink(IQueryCollection query, ApiUrls urls, PageRequest page, long count) =>
        page.Offset + page.Limit >= count
            ? null
            : urls.Current(PageLinks.With(query, new Dictionary<string, string?>
            {
                ["limit"] = page.Limit.ToString(CultureInfo.InvariantCulture),
                ["offset"] = (page.Offset + page.Limit).ToString(CultureInfo.InvariantCulture),
            }));

    private static string? PreviousOffsetLink(IQueryCollection query, ApiUrls urls, PageRequest page)
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

/// <summary>NetBox 4.6's weak ETag from <c>last_updated</c> (else <c>created</c>), in Python's isoformat.</summary>
public static class ETags
{
    public static string? Of(IApiObject item) => (item.LastUpdated ?? item.Created) is DateTime stamp ? Of(stamp) : null;

    public static string Of(DateTime stamp)
    {
        var utc = DateTime.SpecifyKind(stamp, DateTimeKind.Utc);
        var micro = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (micro == 0 ? "" : "." + micro.ToString("D6", CultureInfo.InvariantCulture));
        return $"W/\"{iso}+00:00\"";
    }

    /// <summary>Whether an <c>If-Match</c> header (a list of ETags, or <c>*</c>) admits the current one.</summary>
    public static bool Matches(string? ifMatch, string? current)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return true;
        }

        return ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == "*" || (current is not null && (tag == current || "W/" + tag == current)));
    }
}
