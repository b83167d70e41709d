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

    /// <summary>A pattern's matches are collected first, up to one more than this many.</summary>
    private const long FewMatches = 10_000;

    /// <summary>
    /// A list's batch, as the service sends it. A filter that matches a pattern (<c>q</c>) runs in a transaction (rolled
    /// back when disposed) that is planned for its actual pattern rather than with a prepared statement's generic plan,
    /// with the table scan off the planner's preferences so the trigram indexes are used; an offset page of it then
    /// collects the matches first, each statement in its own round trip: as many as <see cref="FewMatches"/> or fewer
    /// are the count, and the page reads those ids instead of the filter (none: no page to read); more are counted.
    /// </summary>
    public sealed class ListBatch(NpgsqlTransaction? transaction, NpgsqlBatch batch) : IAsyncDisposable
    {
        public NpgsqlBatch Batch => batch;

        /// <summary>The pattern's count, when it was taken; null otherwise.</summary>
        public long? Count { get; private set; }

        /// <summary>The page's WHERE clause and its parameters.</summary>
        public string Where { get; private set; } = "TRUE";

        public List<NpgsqlParameter> Parameters { get; private set; } = [];

        public static async Task<ListBatch> OpenAsync(NpgsqlConnection conn, bool patterns, bool offsetPage, string from, string alias, string where,
            List<NpgsqlParameter> parameters, CancellationToken ct)
        {
            var transaction = patterns ? await conn.BeginTransactionAsync(ct) : null;
            var list = new ListBatch(transaction, new NpgsqlBatch(conn, transaction)) { Where = where, Parameters = parameters };
            if (!patterns)
            {
                return list;
            }

            list.Batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL plan_cache_mode = force_custom_plan"));
            list.Batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_seqscan = off"));
            if (!offsetPage)
            {
                return list;
            }

            list.Batch.BatchCommands.Add(Command($"SELECT ARRAY(SELECT {alias}.id FROM {from} WHERE {where} LIMIT {FewMatches + 1})", parameters.Select(p => p.Clone())));
            var matches = (long[])(await list.Batch.ExecuteScalarAsync(ct))!;
            list.Batch.BatchCommands.Clear();
            if (matches.Length <= FewMatches)
            {
                (list.Count, list.Where, list.Parameters) = (matches.Length, $"{alias}.id = ANY($1)", [new NpgsqlParameter<long[]> { TypedValue = matches }]);
                return list;
            }

            list.Batch.BatchCommands.Add(Command($"SELECT count(*) FROM {from} WHERE {where}", parameters.Select(p => p.Clone())));
            list.Count = (long)(await list.Batch.ExecuteScalarAsync(ct))!;
            list.Batch.BatchCommands.Clear();
            return list;
        }

        public async ValueTask DisposeAsync()
        {
            await batch.DisposeAsync();
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
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
