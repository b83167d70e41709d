using Dapper;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>Names what stops a delete, the way NetBox's 409 does: <c>N dependent objects were found: …</c>.</summary>
public static class DependentObjects
{
    public static async Task<string> DescribeAsync(NpgsqlDataSource database, PostgresException violation, long[] ids, CancellationToken ct)
    {
        // The failed transaction is gone; ask on a fresh connection which rows still point at the targets.
        await using var conn = await database.OpenConnectionAsync(ct);
        var column = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            SELECT a.attname FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.conname = @name AND c.conrelid = to_regclass(@table)
            """, new { name = violation.ConstraintName, table = violation.TableName }, cancellationToken: ct));
        if (column is null || violation.TableName is null)
        {
            return "Unable to delete object: other objects depend on it.";
        }

        var dependents = (await conn.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM {violation.TableName} WHERE {column} = ANY(@ids) ORDER BY id LIMIT 101", new { ids }, cancellationToken: ct))).ToList();
        var listed = string.Join(", ", dependents.Take(100).Select(d => $"{violation.TableName} ({d})"));
        return $"Unable to delete object. {dependents.Count} dependent objects were found: {listed}";
    }
}
