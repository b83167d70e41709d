using System.Globalization;
using Npgsql;

namespace Proxbox.Bench.Floor;

/// <summary>What every floor list shares: its batch commands and NetBox's next/previous links.</summary>
internal static class Paging
{
    public static NpgsqlBatchCommand Command(string sql, IEnumerable<NpgsqlParameter> filters, params NpgsqlParameter[] more)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in filters.Concat(more))
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// What the service sends first when a filter matches a pattern (<c>q</c>), inside a transaction: the query is
    /// planned for its actual pattern rather than with a prepared statement's generic plan, and with the table scan
    /// off the planner's preferences so the trigram indexes are used.
    /// </summary>
    public static void PlanForPatterns(NpgsqlBatch batch)
    {
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL plan_cache_mode = force_custom_plan"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_seqscan = off"));
    }

    /// <summary>A pattern's matches are collected first, up to one more than this many.</summary>
    private const long FewMatches = 10_000;

    /// <summary>
    /// The service's count for a filter that matches a pattern, each statement in its own round trip: the matches
    /// collected (<paramref name="batch"/> holds <see cref="PlanForPatterns"/>'s settings); as many as
    /// <see cref="FewMatches"/> or fewer are the count, and the page then reads those ids instead of the filter; more
    /// are counted. Answers the page's WHERE clause and its parameters.
    /// </summary>
    public static async Task<(long Count, string Where, List<NpgsqlParameter> Parameters)> CountMatchesAsync(NpgsqlBatch batch, string from, string alias,
        string where, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        batch.BatchCommands.Add(Command($"SELECT ARRAY(SELECT {alias}.id FROM {from} WHERE {where} LIMIT {FewMatches + 1})", parameters.Select(p => p.Clone())));
        var matches = (long[])(await batch.ExecuteScalarAsync(ct))!;
        batch.BatchCommands.Clear();
        if (matches.Length <= FewMatches)
        {
            return (matches.Length, $"{alias}.id = ANY($1)", [new NpgsqlParameter<long[]> { TypedValue = matches }]);
        }

        batch.BatchCommands.Add(Command($"SELECT count(*) FROM {from} WHERE {where}", parameters.Select(p => p.Clone())));
        var count = (long)(await batch.ExecuteScalarAsync(ct))!;
        batch.BatchCommands.Clear();
        return (count, where, parameters);
    }

    /// <summary>A cursor page links on from its last id; an offset page by offset, a full page taken to have a next one without a count.</summary>
    public static (string? Next, string? Previous) Links(IQueryCollection query, string self, bool cursor, int limit, long offset, long? count, int found, long lastId)
    {
        var size = limit.ToString(CultureInfo.InvariantCulture);
        if (cursor)
        {
            return (found >= limit ? self + "?" + VirtualMachines.Links(query, ("start", (lastId + 1).ToString(CultureInfo.InvariantCulture)), ("limit", size), ("offset", null)) : null, null);
        }

        var more = count is long total ? offset + limit < total : found == limit;
        var next = more ? self + "?" + VirtualMachines.Links(query, ("limit", size), ("offset", (offset + limit).ToString(CultureInfo.InvariantCulture))) : null;
        string? previous = null;
        if (offset > 0)
        {
            var back = offset - limit;
            var link = VirtualMachines.Links(query, ("limit", size), ("offset", back <= 0 ? null : back.ToString(CultureInfo.InvariantCulture)));
            previous = self + (link.Length == 0 ? "" : "?" + link);
        }

        return (next, previous);
    }
}
