using Dapper;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// Databases made before FluentMigrator took over the schema journaled their migrations in <c>schema_migrations</c>
/// (version, name, checksum of the same SQL files). Such a database is adopted in place, once: its entries move to
/// FluentMigrator's journal and the checksum table, and the old table goes, all in one transaction, so the data is
/// kept and no migration runs twice.
/// </summary>
public static class LegacyJournal
{
    private const string Table = "schema_migrations";

    public static async Task AdoptAsync(NpgsqlConnection conn, MigrationCatalog catalog, CancellationToken ct)
    {
        if (!await MigrationRunner.TableExistsAsync(conn, Table, ct))
        {
            return;
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        var entries = (await conn.QueryAsync<(int Version, string Name, string Checksum, DateTime AppliedAt)>(new CommandDefinition(
            $"SELECT version, name, checksum, applied_at FROM {Table} ORDER BY version", transaction: tx, cancellationToken: ct))).ToList();
        var byVersion = catalog.Migrations.ToDictionary(m => m.Version);
        foreach (var entry in entries)
        {
            if (byVersion.TryGetValue(entry.Version, out var migration) && migration.Checksum != entry.Checksum)
            {
                throw new MigrationException(
                    $"Migration {migration.Name} was changed after it was applied to this database (recorded checksum {entry.Checksum[..12]}…, " +
                    $"now {migration.Checksum[..12]}…). Applied migrations are append-only: restore it and put the change in a new migration.");
            }
        }

        await conn.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO {JournalTable.Name} (version, applied_on, description)
            SELECT v, a, n FROM unnest(@versions::bigint[], @applied::timestamptz[], @names::text[]) AS e(v, a, n)
            ON CONFLICT DO NOTHING;
            INSERT INTO {ChecksummedMigration.ChecksumTable} (version, checksum)
            SELECT v, c FROM unnest(@versions::bigint[], @checksums::text[]) AS e(v, c)
            ON CONFLICT DO NOTHING;
            DROP TABLE {Table};
            """,
            new
            {
                versions = entries.Select(e => (long)e.Version).ToArray(),
                applied = entries.Select(e => e.AppliedAt).ToArray(),
                names = entries.Select(e => e.Name).ToArray(),
                checksums = entries.Select(e => e.Checksum).ToArray(),
            }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
