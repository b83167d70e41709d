using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>One <c>migrations/NNNN_description.sql</c> file.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the file with line endings normalised, so a checkout with CRLF is not "changed".</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n")))).ToLowerInvariant();

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    private static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            var match = FileName().Match(Path.GetFileName(resource));
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration file {resource} is not named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migration files share the number {duplicate.Key:D4}.");
        }

        return migrations.OrderBy(m => m.Version).ToList();
    }

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}

/// <summary>Raised when the database's migration journal disagrees with the migration files.</summary>
public sealed class MigrationException(string message) : Exception(message);

public sealed record MigrationReport(IReadOnlyList<Migration> Applied, int LatestVersion);

/// <summary>
/// Applies pending migrations in order, each in its own transaction, recording them in <c>schema_migrations</c>.
/// A session-level advisory lock makes replicas that start together take turns; the second finds nothing to do.
/// </summary>
public static class MigrationRunner
{
    // Any fixed number; it only has to be the same for every instance of this service.
    private const long LockKey = 0x70726f78626f78; // "proxbox"

    public static async Task<MigrationReport> ApplyAsync(NpgsqlDataSource db, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken: ct));

            var journal = (await conn.QueryAsync<(int Version, string Name, string Checksum)>(new CommandDefinition(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version", cancellationToken: ct))).ToList();
            var byVersion = migrations.ToDictionary(m => m.Version);
            foreach (var entry in journal)
            {
                if (byVersion.TryGetValue(entry.Version, out var file) && file.Checksum != entry.Checksum)
                {
                    throw new MigrationException(
                        $"Migration {entry.Version:D4}_{entry.Name}.sql was changed after it was applied to this database " +
                        $"(journal checksum {entry.Checksum[..12]}…, file {file.Checksum[..12]}…). Applied migrations are " +
                        "append-only: restore the file and put the change in a new migration.");
                }
            }

            var appliedVersions = journal.Select(j => j.Version).ToHashSet();
            var applied = new List<Migration>();
            foreach (var migration in migrations.Where(m => !appliedVersions.Contains(m.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                    new { migration.Version, migration.Name, migration.Checksum }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                applied.Add(migration);
            }

            var latest = Math.Max(journal.Count == 0 ? 0 : journal.Max(j => j.Version), migrations.Count == 0 ? 0 : migrations.Max(m => m.Version));
            return new MigrationReport(applied, latest);
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>True when every embedded migration is recorded in the journal (readiness).</summary>
    public static async Task<bool> IsUpToDateAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var hasJournal = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: ct));
        if (!hasJournal)
        {
            return false;
        }

        var applied = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT max(version) FROM schema_migrations", cancellationToken: ct));
        var latest = Migration.Embedded.Count == 0 ? 0 : Migration.Embedded[^1].Version;
        return (applied ?? 0) >= latest;
    }
}
