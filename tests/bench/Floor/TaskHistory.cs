using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Proxbox.Api.Infrastructure.Querying;

namespace Proxbox.Bench.Floor;

/// <summary>A task-history row exactly as the service writes it: same keys, same order, nulls written out.</summary>
public sealed record TaskHistoryItem(
    long Id, string Url, string Display, NestedVirtualMachine VirtualMachine, string VmType, string Upid, string Node, int? Pid, long? Pstart,
    string? TaskId, string TaskType, string Username, DateTime StartTime, DateTime? EndTime, string Description, string Status,
    string? TaskState, string? Exitstatus, List<NestedTag> Tags, RawJson CustomFields, DateTime Created, DateTime LastUpdated);

public sealed record NestedVirtualMachine(long Id, string Url, string Display, string Name);

/// <summary>
/// <c>/api/plugins/proxbox/task-history/</c>: detail, and the list with the filters the T workloads use (exact and
/// <c>__n</c> text lookups such as <c>task_type</c> and <c>status__n</c>, <c>virtual_machine_id</c>, <c>start_time__gte</c>,
/// <c>q</c>; <c>limit</c>, <c>offset</c>, <c>start</c>). The SQL texts are the service's own, as its
/// Npgsql command log shows them (Serilog__MinimumLevel__Override__Npgsql=Information, commit 090ba86): the same
/// statements with the same parameters in the same order, so PostgreSQL prepares and plans the same thing for both.
/// The service builds them in infrastructure/Operations/ResourceReader.cs from VmTaskHistoryResource's declaration.
/// </summary>
public static class TaskHistory
{
    private const string Select = """
        SELECT th.id, CASE WHEN EXISTS (SELECT FROM netbox_proxbox_vmtaskhistory_tags t WHERE t.object_id = th.id OFFSET 0) THEN (SELECT json_agg(json_build_array(g.id, g.name, g.slug, g.color) ORDER BY g.name) FROM netbox_proxbox_vmtaskhistory_tags x JOIN extras_tag g ON g.id = x.tag_id WHERE x.object_id = th.id) END AS tags, th.custom_field_data AS custom_fields, th.created, th.last_updated, th.virtual_machine_id, v.name AS virtual_machine_name, th.vm_type, th.upid, th.node, th.pid, th.pstart,
               th.task_id, th.task_type, th.username, th.start_time, th.end_time, th.description, th.status, th.task_state, th.exitstatus
        FROM netbox_proxbox_vmtaskhistory th
        JOIN virtualization_virtualmachine v ON v.id = th.virtual_machine_id
        """;

    /// <summary>The resource's default ordering (newest first, then the VM's name) with the id as the final tiebreak.</summary>
    private const string OrderBy = "th.start_time DESC, v.name, th.virtual_machine_id, th.node, th.id";

    /// <summary>T1: GET by id, as the service sends it for a caller who sees the whole table.</summary>
    private const string ById = Select + " WHERE th.id = $1";

    /// <summary>T5: the cursor page (<c>?start=</c>), cut by id first as the offset page is.</summary>
    private const string FromStart = """
        WITH page AS (SELECT th.id FROM netbox_proxbox_vmtaskhistory th
        JOIN virtualization_virtualmachine v ON v.id = th.virtual_machine_id WHERE {0} AND th.id >= ${1} ORDER BY th.id LIMIT ${2})
        """ + "\n" + Select + " WHERE th.id IN (SELECT id FROM page) ORDER BY th.id";

    /// <summary>T2–T5: the page; its ids are cut first (with the join the ordering by VM name needs), then its rows read.</summary>
    private const string PageSql = """
        WITH page AS (SELECT th.id FROM netbox_proxbox_vmtaskhistory th
        JOIN virtualization_virtualmachine v ON v.id = th.virtual_machine_id WHERE {0} ORDER BY {3} LIMIT ${1} OFFSET ${2})
        """ + "\n" + Select + " WHERE th.id IN (SELECT id FROM page) ORDER BY {3}";

    /// <summary>A filtered count reads the resource's own table only.</summary>
    private const string CountSql = "SELECT count(*) FROM netbox_proxbox_vmtaskhistory th WHERE {0}";

    /// <summary>An unfiltered count is the one row the row_counts triggers keep (migration 0011).</summary>
    private const string TotalSql =
        "SELECT coalesce((SELECT rows FROM row_counts WHERE table_name = 'netbox_proxbox_vmtaskhistory'), (SELECT count(*) FROM netbox_proxbox_vmtaskhistory))";

    /// <summary>
    /// What <c>q</c> searches, in the service's order: the VM's name (through an id array), then the task's own columns.
    /// </summary>
    private static readonly (string Table, string Column)[] Searched =
    [
        ("virtualization_virtualmachine", "name"),
        .. new[] { "vm_type", "upid", "node", "task_id", "task_type", "username", "description", "status", "task_state", "exitstatus" }
            .Select(column => ("netbox_proxbox_vmtaskhistory", column)),
    ];

    private const string Path = "/api/plugins/proxbox/task-history/";

    public static void Map(WebApplication app, NpgsqlDataSource database)
    {
        var statistics = new SearchStatistics(database);
        app.MapGet(Path + "{id:long}/", async (long id, HttpContext http) =>
        {
            await using var conn = await database.OpenConnectionAsync(http.RequestAborted);
            await using var command = new NpgsqlCommand(ById, conn);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
            if (!await reader.ReadAsync(http.RequestAborted))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var task = Read(reader, VirtualMachines.Root(http.Request));
            await FloorJson.WriteAsync(http, task, FloorJson.Api.TaskHistoryItem);
        });

        app.MapGet(Path, List);

        Task List(HttpContext http) => ListAsync(http, database, statistics);
    }

    /// <summary>A page; counted only with <c>X-Floor-Count: 1</c>, as for virtual machines.</summary>
    private static async Task ListAsync(HttpContext http, NpgsqlDataSource database, SearchStatistics statistics)
    {
        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? (l == 0 ? 1000 : Math.Min(l, 1000)) : 50;
        var offset = long.TryParse(query["offset"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        long? start = long.TryParse(query["start"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        var withCount = http.Request.Headers["X-Floor-Count"] == "1";

        // The WHERE clause in the order the filters appear in the query string, as the service builds it.
        var clauses = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        var patterns = false;
        foreach (var (key, values) in query)
        {
            var value = values.LastOrDefault();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            switch (key)
            {
                case "task_type" or "status" or "node" or "username" or "vm_type":
                    parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values.Where(v => !string.IsNullOrEmpty(v)).ToArray()! });
                    clauses.Add($"th.{key} = ANY(${parameters.Count}::text[])");
                    break;
                case "task_type__n" or "status__n" or "node__n" or "username__n" or "vm_type__n":
                    // A negated lookup is the positive predicate IS NOT TRUE, so rows where it is NULL are kept too.
                    parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values.Where(v => !string.IsNullOrEmpty(v)).ToArray()! });
                    clauses.Add($"(th.{key[..^3]} = ANY(${parameters.Count}::text[])) IS NOT TRUE");
                    break;
                case "virtual_machine_id" or "virtual_machine":
                    parameters.Add(new NpgsqlParameter<long[]> { TypedValue = values.SelectMany(v => v!.Split(',')).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray() });
                    clauses.Add($"th.virtual_machine_id = ANY(${parameters.Count}::bigint[])");
                    break;
                case "start_time__gte":
                    parameters.Add(new NpgsqlParameter<DateTime[]>
                    {
                        TypedValue = values.Where(v => !string.IsNullOrEmpty(v))
                            .Select(v => DateTime.Parse(v!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)).ToArray(),
                    });
                    clauses.Add($"th.start_time >= ANY(${parameters.Count}::timestamptz[])");
                    break;
                case "q" when value.Trim().Length > 0:
                    if (value.Length > TrigramSample.ShortText)
                    {
                        await statistics.RefreshAsync(Searched, http.RequestAborted);
                    }

                    clauses.Add(SearchClause(value.Trim(), statistics, parameters));
                    patterns = true;
                    break;
            }
        }

        var where = clauses.Count == 0 ? "TRUE" : string.Join(" AND ", clauses);
        var root = VirtualMachines.Root(http.Request);
        await using var conn = await database.OpenConnectionAsync(http.RequestAborted);
        await using var list = await Paging.ListBatch.OpenAsync(conn, patterns, offsetPage: start is null, "netbox_proxbox_vmtaskhistory th", "th", where, parameters, http.RequestAborted);
        var (batch, count) = (list.Batch, list.Count);
        (where, parameters) = (list.Where, list.Parameters);
        withCount &= count is null;

        if (start is long from)
        {
            withCount = false;
            batch.BatchCommands.Add(Paging.Command(string.Format(CultureInfo.InvariantCulture, FromStart, where, parameters.Count + 1, parameters.Count + 2),
                parameters, new NpgsqlParameter<long> { TypedValue = from }, new NpgsqlParameter<int> { TypedValue = limit }));
        }
        else
        {
            if (withCount)
            {
                // A parameter belongs to one statement: the count gets its own copies of the filter values.
                batch.BatchCommands.Add(clauses.Count == 0
                    ? new NpgsqlBatchCommand(TotalSql)
                    : Paging.Command(string.Format(CultureInfo.InvariantCulture, CountSql, where), parameters.Select(p => p.Clone())));
            }

            batch.BatchCommands.Add(Paging.Command(string.Format(CultureInfo.InvariantCulture, PageSql, where, parameters.Count + 1, parameters.Count + 2, OrderBy),
                parameters, new NpgsqlParameter<int> { TypedValue = limit }, new NpgsqlParameter<long> { TypedValue = offset }));
        }

        var results = new List<TaskHistoryItem>(limit);
        if (count != 0)
        {
            await using var reader = await batch.ExecuteReaderAsync(http.RequestAborted);
            // SET LOCAL returns no rows, and the reader skips statements without a result set: it starts on the count.
            if (withCount)
            {
                await reader.ReadAsync(http.RequestAborted);
                count = reader.GetInt64(0);
                await reader.NextResultAsync(http.RequestAborted);
            }

            while (await reader.ReadAsync(http.RequestAborted))
            {
                results.Add(Read(reader, root));
            }
        }

        var (next, previous) = Paging.Links(query, root + Path, start is not null, limit, offset, count, results.Count, results.Count > 0 ? results[^1].Id : 0);

        await FloorJson.WriteAsync(http, new Page<TaskHistoryItem>(count, next, previous, results), FloorJson.Api.PageTaskHistoryItem);
    }

    /// <summary>
    /// <c>q</c> as the service writes it (infrastructure/Querying/TextSearch.cs): each column matched with the whole
    /// pattern, or, for a long text, by its rarest piece in that column and the whole text checked on what it finds
    /// (the piece is chosen by the service's own TrigramSample, compiled in here). Parameters are numbered in the
    /// order they appear, as Npgsql numbers the service's.
    /// </summary>
    private static string SearchClause(string text, SearchStatistics statistics, List<NpgsqlParameter> parameters)
    {
        int? whole = null;
        int? lowered = null;
        int Add(string value)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text });
            return parameters.Count;
        }

        static string Like(string value) => "%" + value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";

        var pieces = TrigramSample.Pieces(text);
        var terms = Searched.Select(searched =>
        {
            var (table, column) = searched;
            var expression = table == "netbox_proxbox_vmtaskhistory" ? "th." + column : "r." + column;
            string match;
            if (statistics.For(table, column)?.RarestPiece(pieces) is { } piece)
            {
                var pattern = Add(Like(piece));
                lowered ??= Add(text);
                match = $"({expression} ILIKE ${pattern} AND strpos(lower({expression}), lower(${lowered})) > 0)";
            }
            else
            {
                whole ??= Add(Like(text));
                match = $"{expression} ILIKE ${whole}";
            }

            return expression.StartsWith("r.", StringComparison.Ordinal)
                ? $"th.virtual_machine_id = ANY(ARRAY(SELECT r.id FROM {table} r WHERE {match}))"
                : match;
        });
        return "(" + string.Join(" OR ", terms) + ")";
    }

    /// <summary>The row by ordinal, in <see cref="Select"/>'s column order.</summary>
    private static TaskHistoryItem Read(NpgsqlDataReader reader, string root)
    {
        var id = reader.GetInt64(0);
        var vmId = reader.GetInt64(5);
        var vmName = reader.GetString(6);
        var node = reader.GetString(9);
        var taskType = reader.GetString(13);
        var startTime = reader.GetDateTime(15);
        return new TaskHistoryItem(
            id,
            root + Path + id.ToString(CultureInfo.InvariantCulture) + "/",
            // The service's display: "vzdump on pve-node-01 (2026-04-01)", the day in UTC.
            taskType + " on " + node + " (" + startTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")",
            new NestedVirtualMachine(vmId, root + "/api/virtualization/virtual-machines/" + vmId.ToString(CultureInfo.InvariantCulture) + "/", vmName, vmName),
            reader.GetString(7),
            reader.GetString(8),
            node,
            reader.IsDBNull(10) ? null : reader.GetInt32(10),
            reader.IsDBNull(11) ? null : reader.GetInt64(11),
            reader.IsDBNull(12) ? null : reader.GetString(12),
            taskType,
            reader.GetString(14),
            startTime,
            reader.IsDBNull(16) ? null : reader.GetDateTime(16),
            reader.GetString(17),
            reader.GetString(18),
            reader.IsDBNull(19) ? null : reader.GetString(19),
            reader.IsDBNull(20) ? null : reader.GetString(20),
            reader.IsDBNull(1) ? [] : VirtualMachines.Tags(reader.GetString(1), root),
            new RawJson(reader.GetString(2)),
            reader.GetDateTime(3),
            reader.GetDateTime(4));
    }
}
