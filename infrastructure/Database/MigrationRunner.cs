using Dapper;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// Applies a catalog's pending migrations with FluentMigrator, adding the guarantees it does not give on its own:
/// replicas starting together take turns under a PostgreSQL advisory lock (the second finds nothing to do); each
/// migration runs in its own transaction together with its checksum; a migration edited after it was applied stops
/// the run with its name before anything runs; and a database journaled by this service's earlier runner is adopted.
/// </summary>
public static class MigrationRunner
{
    // Any fixed number; it only has to be the same for every instance of this service.
    private const long LockKey = 0x70726f78626f78; // "proxbox"

    public static async Task<MigrationReport> ApplyAsync(string connectionString, MigrationCatalog catalog, ILoggerFactory logging, CancellationToken ct)
    {
        // Connections of their own, outside any pool: the session lock lives and dies with its connection, and a run
        // that happens once leaves no idle connection behind.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await RunAsync(conn, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            await RunAsync(conn, $"CREATE TABLE IF NOT EXISTS {ChecksummedMigration.ChecksumTable} (version bigint PRIMARY KEY, checksum text NOT NULL)", ct);
            if (await TableExistsAsync(conn, JournalTable.Name, ct) is false)
            {
                await CreateJournalAsync(connectionString, catalog, logging, ct);
            }

            await LegacyJournal.AdoptAsync(conn, catalog, ct);
            await RefuseEditedAsync(conn, catalog, ct);

            var before = await AppliedVersionsAsync(conn, ct);
            // FluentMigrator (its container, its scan of the assembly) is started only when there is work for it, so
            // an ordinary restart of an up-to-date service does not pay for it.
            if (catalog.Migrations.Any(m => !before.Contains(m.Version)))
            {
                await Task.Run(() => WithRunner(connectionString, catalog, logging, runner => runner.MigrateUp()), ct);
            }

            var after = await AppliedVersionsAsync(conn, ct);
            var applied = catalog.Migrations.Where(m => after.Contains(m.Version) && !before.Contains(m.Version)).Select(m => m.Name).ToList();
            return new MigrationReport(applied, after.Count == 0 ? 0 : after.Max());
        }
        finally
        {
            await RunAsync(conn, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>True when every migration of the catalog is journaled (readiness).</summary>
    public static async Task<bool> IsUpToDateAsync(NpgsqlConnection conn, MigrationCatalog catalog, CancellationToken ct) =>
        await SchemaVersionAsync(conn, ct) >= catalog.LatestVersion;

    /// <summary>The newest applied migration, or 0 on a database without a journal.</summary>
    public static async Task<long> SchemaVersionAsync(NpgsqlConnection conn, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT CASE WHEN to_regclass('{JournalTable.Name}') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM {JournalTable.Name}) END",
            cancellationToken: ct)) ?? 0;

    private static async Task RefuseEditedAsync(NpgsqlConnection conn, MigrationCatalog catalog, CancellationToken ct)
    {
        var recorded = new Dictionary<long, string>();
        await using (var command = new NpgsqlCommand($"SELECT version, checksum FROM {ChecksummedMigration.ChecksumTable}", conn))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                recorded[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        foreach (var migration in catalog.Migrations)
        {
            if (recorded.TryGetValue(migration.Version, out var checksum) && checksum != migration.Checksum)
            {
                throw new MigrationException(
                    $"Migration {migration.Name} was changed after it was applied to this database (recorded checksum {checksum[..12]}…, " +
                    $"now {migration.Checksum[..12]}…). Applied migrations are append-only: restore it and put the change in a new migration.");
            }
        }
    }

    /// <summary>FluentMigrator creates its journal on first use; the adoption of an older journal writes into it.</summary>
    private static Task CreateJournalAsync(string connectionString, MigrationCatalog catalog, ILoggerFactory logging, CancellationToken ct) =>
        Task.Run(() => WithRunner(connectionString, catalog, logging, runner => runner.LoadVersionInfoIfRequired()), ct);

    /// <summary>Whether the database has this table (the journals, current and legacy, are looked for before use).</summary>
    internal static async Task<bool> TableExistsAsync(NpgsqlConnection conn, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT to_regclass('{table}') IS NOT NULL", conn);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<HashSet<long>> AppliedVersionsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var versions = new HashSet<long>();
        await using var command = new NpgsqlCommand($"SELECT version FROM {JournalTable.Name}", conn);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    /// <summary>
    /// A statement of the start-up check, sent by Npgsql alone: these few statements are on the way to the first
    /// answer after a start, and Dapper's first use (generating its readers) would add a tenth of a second to it.
    /// </summary>
    private static async Task RunAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void WithRunner(string connectionString, MigrationCatalog catalog, ILoggerFactory logging, Action<IMigrationRunner> use)
    {
        var services = new ServiceCollection()
            .AddSingleton(logging)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner
                .AddPostgres15_0()
                .WithGlobalConnectionString(connectionString)
                .WithGlobalStripComments(false)
                .WithVersionTable(new JournalTable())
                .WithMigrationsIn(catalog.Assembly))
            .Configure<TypeFilterOptions>(filter =>
            {
                filter.Namespace = catalog.Namespace;
                filter.NestedNamespaces = false;
            });
        using var provider = services.BuildServiceProvider(validateScopes: false);
        using var scope = provider.CreateScope();
        use(scope.ServiceProvider.GetRequiredService<IMigrationRunner>());
    }
}
