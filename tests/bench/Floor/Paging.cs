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
