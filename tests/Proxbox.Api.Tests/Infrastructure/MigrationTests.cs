using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Tests.Infrastructure;

public sealed class MigrationTests
{
    private static async Task<string> FreshDatabaseAsync() => await (await TestDatabase.SharedAsync()).CreateDatabaseAsync("migrations");

    private static MigrationCatalog Set(string name) => new(typeof(MigrationTests).Assembly, $"{typeof(MigrationTests).Namespace}.MigrationSets.{name}");

    private static Task<MigrationReport> ApplyAsync(string database, MigrationCatalog catalog) =>
        MigrationRunner.ApplyAsync(database, catalog, NullLoggerFactory.Instance, CancellationToken.None);

    [Fact]
    public async Task A_fresh_database_gets_every_migration_in_order_with_a_journal_entry_and_checksum_each()
    {
        var database = await FreshDatabaseAsync();

        var report = await ApplyAsync(database, MigrationCatalog.Service);

        var service = MigrationCatalog.Service.Migrations;
        report.Applied.ShouldBe(service.Select(m => m.Name));
        await using var conn = new NpgsqlConnection(database);
        (await conn.QueryAsync<long>("SELECT version FROM schema_versions ORDER BY version")).ShouldBe(service.Select(m => m.Version));
        (await conn.QueryAsync<string>("SELECT checksum FROM schema_checksums ORDER BY version")).ShouldBe(service.Select(m => m.Checksum));
        (await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('extras_tag') IS NOT NULL")).ShouldBeTrue();
        await conn.OpenAsync();
        (await MigrationRunner.IsUpToDateAsync(conn, MigrationCatalog.Service, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task Every_trigram_index_caps_its_pending_list_at_one_megabyte()
    {
        var database = await FreshDatabaseAsync();
        await ApplyAsync(database, MigrationCatalog.Service);
        await using var conn = new NpgsqlConnection(database);

        var trigram = (await conn.QueryAsync<(string Name, string[]? Options)>("""
            SELECT c.relname, c.reloptions FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname
            WHERE i.schemaname = current_schema() AND i.indexdef LIKE '%gin_trgm_ops%'
            """)).ToList();

        trigram.Count.ShouldBeGreaterThan(40);
        trigram.Where(index => index.Options is null || !index.Options.Contains("gin_pending_list_limit=1024")).Select(index => index.Name).ShouldBeEmpty();
    }

    [Fact]
    public async Task Running_again_applies_nothing_and_changes_nothing()
    {
        var database = await FreshDatabaseAsync();
        await ApplyAsync(database, MigrationCatalog.Service);
        await using var conn = new NpgsqlConnection(database);
        var appliedOn = await conn.QueryAsync<DateTime>("SELECT applied_on FROM schema_versions ORDER BY version");

        var again = await ApplyAsync(database, MigrationCatalog.Service);

        again.Applied.ShouldBeEmpty();
        (await conn.QueryAsync<DateTime>("SELECT applied_on FROM schema_versions ORDER BY version")).ShouldBe(appliedOn);
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_stops_the_runner_with_its_name()
    {
        var database = await FreshDatabaseAsync();
        await ApplyAsync(database, Set("Original"));

        var error = await Should.ThrowAsync<MigrationException>(() => ApplyAsync(database, Set("Edited")));

        error.Message.ShouldContain("Migration 0001_first was changed after it was applied");
        await using var conn = new NpgsqlConnection(database);
        (await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('t2') IS NOT NULL")).ShouldBeFalse("nothing after the refusal may run");
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_journaled()
    {
        var database = await FreshDatabaseAsync();

        await Should.ThrowAsync<Exception>(() => ApplyAsync(database, Set("Broken")));

        await using var conn = new NpgsqlConnection(database);
        (await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('half') IS NOT NULL")).ShouldBeFalse();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_versions")).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_checksums")).ShouldBe(0);
    }

    [Fact]
    public async Task Instances_starting_together_take_turns_and_apply_each_migration_once()
    {
        var database = await FreshDatabaseAsync();

        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ApplyAsync(database, Set("Slow"))));

        reports.Sum(r => r.Applied.Count).ShouldBe(1);
        await using var conn = new NpgsqlConnection(database);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_versions")).ShouldBe(1);
    }

    [Fact]
    public void Service_migrations_are_numbered_without_gaps_from_0001_and_each_has_its_script()
    {
        var service = MigrationCatalog.Service.Migrations;
        service.Select(m => m.Version).ShouldBe(Enumerable.Range(1, service.Count).Select(v => (long)v));
        service.ShouldAllBe(m => m.Script.Length > 0);
    }

    /// <summary>
    /// A database made by the earlier runner: its journal table, exactly as that runner created it, with one entry per
    /// script it applied (the same files, so the same checksums), and data in the tables.
    /// </summary>
    [Fact]
    public async Task A_database_journaled_by_the_earlier_runner_is_adopted_in_place_with_its_data()
    {
        var database = await FreshDatabaseAsync();
        await using (var conn = new NpgsqlConnection(database))
        {
            await conn.ExecuteAsync(LegacyJournalSql);
            foreach (var migration in MigrationCatalog.Service.Migrations.Where(m => m.Version <= 7))
            {
                await conn.ExecuteAsync(migration.Script);
                await conn.ExecuteAsync("INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Description, @Checksum)",
                    new { Version = (int)migration.Version, Description = migration.Name[5..], migration.Checksum });
            }

            await conn.ExecuteAsync("INSERT INTO extras_tag (name, slug) VALUES ('kept', 'kept')");
        }

        var report = await ApplyAsync(database, MigrationCatalog.Service);

        report.Applied.ShouldBe(MigrationCatalog.Service.Migrations.Where(m => m.Version > 7).Select(m => m.Name), "only what the old runner never applied");
        await using var check = new NpgsqlConnection(database);
        (await check.QueryAsync<long>("SELECT version FROM schema_versions ORDER BY version")).ShouldBe(MigrationCatalog.Service.Migrations.Select(m => m.Version));
        (await check.ExecuteScalarAsync<bool>("SELECT to_regclass('schema_migrations') IS NULL")).ShouldBeTrue();
        (await check.ExecuteScalarAsync<string>("SELECT slug FROM extras_tag WHERE name = 'kept'")).ShouldBe("kept");
        (await ApplyAsync(database, MigrationCatalog.Service)).Applied.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_earlier_journal_whose_script_was_edited_is_refused_and_left_as_it_was()
    {
        var database = await FreshDatabaseAsync();
        await using var conn = new NpgsqlConnection(database);
        await conn.ExecuteAsync(LegacyJournalSql);
        await conn.ExecuteAsync("INSERT INTO schema_migrations (version, name, checksum) VALUES (1, 'foundation', 'deadbeefdeadbeefdeadbeef')");

        var error = await Should.ThrowAsync<MigrationException>(() => ApplyAsync(database, MigrationCatalog.Service));

        error.Message.ShouldContain("0001_foundation");
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(1);
        (await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('extras_tag') IS NULL")).ShouldBeTrue();
    }

    private const string LegacyJournalSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;
}
