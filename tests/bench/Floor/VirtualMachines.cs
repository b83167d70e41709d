using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Proxbox.Bench.Floor;

/// <summary>A virtual machine exactly as the service writes it: same keys, same order.</summary>
public sealed record VirtualMachine(
    long Id, string Url, string Display, string Name, ChoiceValue? Status, NestedCluster? Cluster, decimal? Vcpus, int? Memory, int? Disk,
    string Description, string Comments, List<NestedTag> Tags, RawJson CustomFields, DateTime Created, DateTime LastUpdated);

public sealed record NestedCluster(long Id, string Url, string Display, string Name, string Description);

/// <summary>
/// <c>/api/virtualization/virtual-machines/</c>: detail, and the list with the filters the workloads use (<c>cluster_id</c>,
/// <c>status</c>, <c>q</c>; <c>limit</c>, <c>offset</c>, <c>start</c>). Every SQL text below is the service's own, copied
/// from its Npgsql command log (Serilog__MinimumLevel__Override__Npgsql=Information, commit dbc99ba; pg_stat_statements
/// shows the same statements with constants normalised): same text, same parameters in the same order, so
/// PostgreSQL plans and prepares the same statements for both.
/// </summary>
public static class VirtualMachines
{
    private const string Select = """
        SELECT v.id, CASE WHEN EXISTS (SELECT FROM virtualization_virtualmachine_tags t WHERE t.object_id = v.id OFFSET 0) THEN (SELECT json_agg(json_build_array(g.id, g.name, g.slug, g.color) ORDER BY g.name) FROM virtualization_virtualmachine_tags x JOIN extras_tag g ON g.id = x.tag_id WHERE x.object_id = v.id) END AS tags, v.custom_field_data AS custom_fields, v.created, v.last_updated, v.name, v.status, v.cluster_id, c.name AS cluster_name, c.description AS cluster_description,
               v.vcpus, v.memory, v.disk, v.description, v.comments
        FROM virtualization_virtualmachine v
        LEFT JOIN virtualization_cluster c ON c.id = v.cluster_id
        """;

    /// <summary>W1: the service's GET by id, as it sends it for a caller who sees the whole table.</summary>
    private const string ById = Select + " WHERE v.id = $1";

    /// <summary>W5: the service's cursor page (<c>?start=</c>), cut by id first as the offset page is.</summary>
    private const string FromStart = """
        WITH page AS (SELECT v.id FROM virtualization_virtualmachine v
        LEFT JOIN virtualization_cluster c ON c.id = v.cluster_id WHERE {0} AND v.id >= ${1} ORDER BY v.id LIMIT ${2})
        """ + "\n" + Select + " WHERE v.id IN (SELECT id FROM page) ORDER BY v.id";

    /// <summary>W2–W5: the service's page; the ids are cut first, then the page's rows are read.</summary>
    private const string PageSql = """
        WITH page AS (SELECT v.id FROM virtualization_virtualmachine v
        LEFT JOIN virtualization_cluster c ON c.id = v.cluster_id WHERE {0} ORDER BY v.name, v.id LIMIT ${1} OFFSET ${2})
        """ + "\n" + Select + " WHERE v.id IN (SELECT id FROM page) ORDER BY v.name, v.id";

    /// <summary>The service's count, sent in the same round trip as the page.</summary>
    private const string CountSql = "SELECT count(*) FROM virtualization_virtualmachine v WHERE {0}";

    private const string Path = "/api/virtualization/virtual-machines/";

    private static readonly Dictionary<string, string> StatusLabels = new(StringComparer.Ordinal)
    {
        ["offline"] = "Offline", ["active"] = "Active", ["planned"] = "Planned", ["staged"] = "Staged", ["failed"] = "Failed",
        ["decommissioning"] = "Decommissioning",
    };

    public static void Map(WebApplication app, NpgsqlDataSource database)
    {
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

            var vm = Read(reader, Root(http.Request));
            await FloorJson.WriteAsync(http, vm, FloorJson.Api.VirtualMachine);
        });

        app.MapGet(Path, List);

        Task List(HttpContext http) => ListAsync(http, database);
    }

    /// <summary>
    /// A page. The count is run only when the request carries <c>X-Floor-Count: 1</c>: W2's anchor is a list without
    /// count, W3/W4's anchors run the service's full SQL (count and page in one round trip; a <c>q</c> collects its
    /// matches first, as the service does).
    /// </summary>
    private static async Task ListAsync(HttpContext http, NpgsqlDataSource database)
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
                case "cluster_id":
                    parameters.Add(new NpgsqlParameter<long[]> { TypedValue = value.Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray() });
                    clauses.Add($"v.cluster_id = ANY(${parameters.Count}::bigint[])");
                    break;
                case "status":
                    parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values.Where(v => !string.IsNullOrEmpty(v)).ToArray()! });
                    clauses.Add($"v.status = ANY(${parameters.Count}::text[])");
                    break;
                case "q" when value.Trim().Length > 0:
                    var pattern = "%" + value.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
                    parameters.Add(new NpgsqlParameter<string> { TypedValue = pattern, NpgsqlDbType = NpgsqlDbType.Text });
                    var n = parameters.Count;
                    clauses.Add($"(v.name ILIKE ${n} OR v.description ILIKE ${n} OR v.comments ILIKE ${n})");
                    patterns = true;
                    break;
            }
        }

        var where = clauses.Count == 0 ? "TRUE" : string.Join(" AND ", clauses);
        var root = Root(http.Request);
        await using var conn = await database.OpenConnectionAsync(http.RequestAborted);
        await using var list = await Paging.ListBatch.OpenAsync(conn, patterns, offsetPage: start is null, "virtualization_virtualmachine v", "v", where, parameters, http.RequestAborted);
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
                batch.BatchCommands.Add(Paging.Command(string.Format(CultureInfo.InvariantCulture, CountSql, where), parameters.Select(p => p.Clone())));
            }

            batch.BatchCommands.Add(Paging.Command(string.Format(CultureInfo.InvariantCulture, PageSql, where, parameters.Count + 1, parameters.Count + 2),
                parameters, new NpgsqlParameter<int> { TypedValue = limit }, new NpgsqlParameter<long> { TypedValue = offset }));
        }

        var results = new List<VirtualMachine>(limit);
        if (count != 0)
        {
            await using var reader = await batch.ExecuteReaderAsync(http.RequestAborted);
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

        await FloorJson.WriteAsync(http, new Page<VirtualMachine>(count, next, previous, results), FloorJson.Api.PageVirtualMachine);
    }

    /// <summary>The row by ordinal, in <see cref="Select"/>'s column order.</summary>
    private static VirtualMachine Read(NpgsqlDataReader reader, string root)
    {
        var id = reader.GetInt64(0);
        var name = reader.GetString(5);
        var status = reader.GetString(6);
        NestedCluster? cluster = null;
        if (!reader.IsDBNull(7))
        {
            var clusterId = reader.GetInt64(7);
            var clusterName = reader.GetString(8);
            cluster = new NestedCluster(clusterId, root + "/api/virtualization/clusters/" + clusterId.ToString(CultureInfo.InvariantCulture) + "/",
                clusterName, clusterName, reader.IsDBNull(9) ? "" : reader.GetString(9));
        }

        return new VirtualMachine(
            id,
            root + Path + id.ToString(CultureInfo.InvariantCulture) + "/",
            name,
            name,
            status.Length == 0 ? null : new ChoiceValue(status, StatusLabels.GetValueOrDefault(status, "")),
            cluster,
            reader.IsDBNull(10) ? null : reader.GetDecimal(10),
            reader.IsDBNull(11) ? null : reader.GetInt32(11),
            reader.IsDBNull(12) ? null : reader.GetInt32(12),
            reader.GetString(13),
            reader.GetString(14),
            reader.IsDBNull(1) ? [] : Tags(reader.GetString(1), root),
            new RawJson(reader.GetString(2)),
            reader.GetDateTime(3),
            reader.GetDateTime(4));
    }

    /// <summary>The tags column, <c>[[id, name, slug, color], …]</c>, read with a bare Utf8JsonReader (task history reads its own with it too).</summary>
    internal static List<NestedTag> Tags(string json, string root)
    {
        var tags = new List<NestedTag>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read(); // [
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var id = reader.GetInt64();
            reader.Read();
            var name = reader.GetString()!;
            reader.Read();
            var slug = reader.GetString()!;
            reader.Read();
            var color = reader.GetString()!;
            reader.Read(); // ]
            tags.Add(new NestedTag(id, root + "/api/extras/tags/" + id.ToString(CultureInfo.InvariantCulture) + "/", name, name, slug, color));
        }

        return tags;
    }

    internal static string Root(HttpRequest request) => request.Scheme + "://" + request.Host.Value + request.PathBase.Value;

    /// <summary>DRF's <c>replace_query_param</c>, as the service does it: keys sorted, values kept, replaced keys set or removed, quote_plus.</summary>
    internal static string Links(IQueryCollection query, params (string Key, string? Value)[] replace)
    {
        var pairs = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            pairs[key] = values.Select(v => v ?? "").ToList();
        }

        foreach (var (key, value) in replace)
        {
            if (value is null)
            {
                pairs.Remove(key);
            }
            else
            {
                pairs[key] = [value];
            }
        }

        var text = new StringBuilder();
        foreach (var (key, values) in pairs)
        {
            foreach (var value in values)
            {
                text.Append(text.Length > 0 ? "&" : "").Append(QuotePlus(key)).Append('=').Append(QuotePlus(value));
            }
        }

        return text.ToString();
    }

    private static string QuotePlus(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                text.Append(c);
            }
            else if (c == ' ')
            {
                text.Append('+');
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
