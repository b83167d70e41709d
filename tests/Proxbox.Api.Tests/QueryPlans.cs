using Dapper;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Tests;

/// <summary>Whether a filter's SQL, exactly as a resource's FilterSet writes it, can be served by the migrations' indexes.</summary>
public static class QueryPlans
{
    /// <summary>
    /// The EXPLAIN text of <c>SELECT id FROM &lt;resource's table&gt; WHERE &lt;parameter=value&gt;</c> with sequential
    /// scans discouraged, so an index that matches the predicate shows up even on a nearly empty table.
    /// </summary>
    public static async Task<string> ExplainAsync(ApiFactory api, IResource resource, string parameter, string value)
    {
        var sql = new SqlBuilder();
        sql.Where(resource.Filters.Compile(parameter, [value], sql)!.Value.Sql.ShouldNotBeNull());
        await using var conn = api.OpenDatabase();
        // Rows inserted since the last vacuum wait in a GIN index's pending list, and the planner prices a trigram
        // index by that list's length too: merge it first, so the plan depends on the indexes, not on how many rows
        // the tests before this one happened to insert. Every GIN index, as q also searches related tables' names.
        await conn.ExecuteAsync(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' AND c.relkind = 'i'");
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: tx);
        return string.Join("\n", await conn.QueryAsync<string>($"EXPLAIN SELECT {resource.Identity.Alias}.id FROM {resource.Identity.From} WHERE {sql.WhereSql}", sql.Parameters, tx));
    }

    /// <summary>
    /// Asserts that the filter's SQL reads no part of the resource's table in full and uses each of
    /// <paramref name="indexes"/>; an entry <c>a|b</c> is satisfied by either (the planner may prefer a trigram index
    /// to a B-tree for equality, depending on what the tests before have inserted).
    /// </summary>
    public static async Task ShouldUseIndexesAsync(ApiFactory api, IResource resource, string parameter, string value, string[] indexes)
    {
        var plan = await ExplainAsync(api, resource, parameter, value);
        plan.ShouldNotContain($"Seq Scan on {resource.Identity.Table} ", customMessage: $"every part of the predicate can use an index:\n{plan}");
        foreach (var alternatives in indexes)
        {
            alternatives.Split('|').ShouldContain(index => plan.Contains(index + " "), $"the plan uses {alternatives}:\n{plan}");
        }
    }
}
