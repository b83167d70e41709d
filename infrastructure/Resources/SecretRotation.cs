using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Security;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// Re-seals every stored secret under a new key, in one transaction: the columns are every
/// <see cref="SecretField"/> of every resource, so a new secret-bearing resource is covered without edits here.
/// </summary>
public static class SecretRotation
{
    public static IReadOnlyList<(string Table, string Column)> SecretColumns { get; } = ResourceRegistry.Declarations
        .SelectMany(r => (r.Writes?.Fields ?? []).OfType<SecretField>().Select(f => (r.Identity.Table, f.Column)))
        .Distinct()
        .ToList();

    /// <returns>How many values were re-sealed.</returns>
    public static async Task<int> RotateAsync(NpgsqlDataSource db, ServerSecret current, ServerSecret next, CancellationToken ct)
    {
        var to = new SecretBox(next);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var count = 0;
        foreach (var (table, column) in SecretColumns)
        {
            var sealedRows = (await conn.QueryAsync<(long Id, string Value)>(new CommandDefinition(
                $"SELECT id, {column} FROM {table} WHERE {column} LIKE 'gcm1:%' FOR UPDATE", transaction: tx, cancellationToken: ct))).ToList();
            var resealed = sealedRows
                .Where(row => SecretBox.KeyIdOf(row.Value) != next.KeyId)
                // A value sealed by a replica still on a retired key opens with that key.
                .Select(row => (row.Id, Value: to.Encrypt(new SecretBox(current.ById(SecretBox.KeyIdOf(row.Value)!) ?? current).Decrypt(row.Value))))
                .ToList();
            if (resealed.Count == 0)
            {
                continue;
            }

            await conn.ExecuteAsync(new CommandDefinition(
                $"UPDATE {table} AS t SET {column} = v.value FROM unnest(@ids::bigint[], @values::text[]) AS v(id, value) WHERE t.id = v.id",
                new { ids = resealed.Select(r => r.Id).ToArray(), values = resealed.Select(r => r.Value).ToArray() }, tx, cancellationToken: ct));
            count += resealed.Count;
        }

        await tx.CommitAsync(ct);
        return count;
    }
}
