using Npgsql;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Tests.Infrastructure;

public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task The_embedded_default_keeps_its_data_across_a_restart_and_reuses_a_running_server()
    {
        var dir = Path.Combine(Path.GetTempPath(), "proxbox-embedded-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var first = await EmbeddedPostgres.StartAsync(dir, durable: true, CancellationToken.None);
            first.Initialized.ShouldBeTrue();
            first.StartedHere.ShouldBeTrue();
            await ExecuteAsync(first, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");

            // A second start while the first still runs reuses it instead of fighting over the data folder.
            var reused = await EmbeddedPostgres.StartAsync(dir, durable: true, CancellationToken.None);
            reused.StartedHere.ShouldBeFalse();
            reused.Port.ShouldBe(first.Port);
            await reused.StopAsync(); // not ours to stop: must be a no-op
            (await ScalarAsync(first, "SELECT v FROM kept")).ShouldBe("still here");

            await first.StopAsync();
            File.Exists(Path.Combine(first.ClusterDir, "postmaster.pid")).ShouldBeFalse("the server is stopped");

            var second = await EmbeddedPostgres.StartAsync(dir, durable: true, CancellationToken.None);
            second.Initialized.ShouldBeFalse();
            (await ScalarAsync(second, "SELECT v FROM kept")).ShouldBe("still here");
            await second.StopAsync();

            File.ReadAllText(Path.Combine(dir, "postgres.password")).ShouldNotBeNullOrWhiteSpace();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(Path.Combine(dir, "postgres.password")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Binaries_are_found_on_this_machine_and_the_hint_says_how_to_proceed_without_them()
    {
        EmbeddedPostgres.FindBinaries().ShouldNotBeNull("CI installs PostgreSQL; the test suite needs it");
        File.Exists(Path.Combine(EmbeddedPostgres.FindBinaries()!, "postgres")).ShouldBeTrue();
        EmbeddedPostgres.InstallHint.ShouldContain("apt-get install -y postgresql");
        EmbeddedPostgres.InstallHint.ShouldContain("ConnectionStrings__Proxbox");
    }

    private static async Task ExecuteAsync(EmbeddedPostgres pg, string sql)
    {
        await using var conn = new NpgsqlConnection(pg.ConnectionString());
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(EmbeddedPostgres pg, string sql)
    {
        await using var conn = new NpgsqlConnection(pg.ConnectionString());
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        return await command.ExecuteScalarAsync();
    }
}
