using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Tests.Infrastructure;

public sealed class MigrationTests
{
    private static async Task<NpgsqlDataSource> FreshDatabaseAsync() =>
        NpgsqlDataSource.Create(await (await TestDatabase.SharedAsync()).CreateDatabaseAsync("migrations"));

    [Fact]
    public async Task A_fresh_database_gets_every_migration_in_order_and_a_journal_entry_each()
    {
        await using var db = await FreshDatabaseAsync();

        var report = await MigrationRunner.ApplyAsync(db, Migration.Embedded, CancellationToken.None);

        report.Applied.Select(m => m.Version).ShouldBe(Migration.Embedded.Select(m => m.Version));
        await using var conn = await db.OpenConnectionAsync();
        var journal = (await conn.QueryAsync<(int Version, string Checksum)>("SELECT version, checksum FROM schema_migrations ORDER BY version")).ToList();
        journal.Select(j => j.Version).ShouldBe(Migration.Embedded.Select(m => m.Version));
        journal.Select(j => j.Checksum).ShouldBe(Migration.Embedded.Select(m => m.Checksum));
        (await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('extras_tag') IS NOT NULL")).ShouldBeTrue();
        (await MigrationRunner.IsUpToDateAsync(conn, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task Running_again_applies_nothing_and_changes_nothing()
    {
        await using var db = await FreshDatabaseAsync();
        await MigrationRunner.ApplyAsync(db, Migration.Embedded, CancellationToken.None);
        await using var conn = await db.OpenConnectionAsync();
        var appliedAt = await conn.QueryAsync<DateTime>("SELECT applied_at FROM schema_migrations ORDER BY version");

        var again = await MigrationRunner.ApplyAsync(db, Migration.Embedded, CancellationToken.None);

        again.Applied.ShouldBeEmpty();
        (await conn.QueryAsync<DateTime>("SELECT applied_at FROM schema_migrations ORDER BY version")).ShouldBe(appliedAt);
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_stops_the_runner_with_a_clear_message()
    {
        await using var db = await FreshDatabaseAsync();
        await MigrationRunner.ApplyAsync(db, [new Migration(1, "first", "CREATE TABLE t1 (id int)")], CancellationToken.None);

        var error = await Should.ThrowAsync<MigrationException>(() =>
            MigrationRunner.ApplyAsync(db, [new Migration(1, "first", "CREATE TABLE t1 (id bigint)"), new Migration(2, "second", "CREATE TABLE t2 (id int)")], CancellationToken.None));

        error.Message.ShouldContain("0001_first.sql was changed after it was applied");
        await using var conn = await db.OpenConnectionAsync();
        (await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('t2') IS NOT NULL")).ShouldBeFalse("nothing after the refusal may run");
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_journaled()
    {
        await using var db = await FreshDatabaseAsync();

        await Should.ThrowAsync<PostgresException>(() => MigrationRunner.ApplyAsync(db,
            [new Migration(1, "broken", "CREATE TABLE half (id int); SELECT no_such_function();")], CancellationToken.None));

        await using var conn = await db.OpenConnectionAsync();
        (await conn.ExecuteScalarAsync<bool>("SELECT to_regclass('half') IS NOT NULL")).ShouldBeFalse();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(0);
    }

    [Fact]
    public async Task Instances_starting_together_take_turns_and_apply_each_migration_once()
    {
        await using var db = await FreshDatabaseAsync();
        Migration[] slow = [new Migration(1, "slow", "SELECT pg_sleep(0.3); CREATE TABLE once (id int);")];

        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => MigrationRunner.ApplyAsync(db, slow, CancellationToken.None)));

        reports.Sum(r => r.Applied.Count).ShouldBe(1);
        await using var conn = await db.OpenConnectionAsync();
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(1);
    }

    [Fact]
    public void Embedded_migrations_are_numbered_without_gaps_from_0001()
    {
        Migration.Embedded.Select(m => m.Version).ShouldBe(Enumerable.Range(1, Migration.Embedded.Count));
    }
}
