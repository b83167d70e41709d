using Npgsql;
using Proxbox.Api.Infrastructure.Database;

namespace Proxbox.Api.Tests;

/// <summary>
/// The PostgreSQL server of a test run: <c>PROXBOX_TEST_DB</c> when set (a connection string to a server where
/// we may create databases), else a throwaway cluster started from the machine's binaries and deleted afterwards.
/// Each call to <see cref="CreateDatabaseAsync"/> makes a fresh, empty database on it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestDatabase? _shared;

    private readonly EmbeddedPostgres? _cluster;
    private readonly string? _clusterDir;
    private readonly string _serverConnectionString;
    private readonly List<string> _databases = [];

    private TestDatabase(string serverConnectionString, EmbeddedPostgres? cluster, string? clusterDir)
    {
        _serverConnectionString = serverConnectionString;
        _cluster = cluster;
        _clusterDir = clusterDir;
    }

    /// <summary>One server for the whole run, started on first use and stopped when the test process exits.</summary>
    public static async Task<TestDatabase> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<TestDatabase> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("PROXBOX_TEST_DB");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new TestDatabase(external, null, null);
        }

        // Under /tmp, not the user's home: when we are root the server runs as `postgres`, which must reach it.
        RemoveAbandonedClusters();
        var dir = Path.Combine(Path.GetTempPath(), ClusterPrefix + Guid.NewGuid().ToString("N")[..12]);
        var cluster = await EmbeddedPostgres.StartAsync(dir, durable: false, CancellationToken.None);
        return new TestDatabase(cluster.ConnectionString("postgres"), cluster, dir);
    }

    private const string ClusterPrefix = "proxbox-test-";

    /// <summary>
    /// Deletes the clusters of earlier runs whose server is gone. A run deletes its own when the test process exits,
    /// but a test host that is killed instead leaves it behind, and each held a few gigabytes.
    /// </summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), ClusterPrefix + "*"))
        {
            var clusterDir = Path.Combine(dir, "pgdata");
            try
            {
                var live = File.Exists(Path.Combine(clusterDir, "postmaster.pid"))
                    ? EmbeddedPostgres.IsServerRunning(clusterDir)
                    : Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-10); // still being set up
                if (live)
                {
                    continue;
                }

                Directory.Delete(dir, recursive: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Another run's, still starting or stopping: its own exit deletes it.
            }
        }
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"proxbox_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var conn = new NpgsqlConnection(_serverConnectionString))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await create.ExecuteNonQueryAsync();
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
            try
            {
                Directory.Delete(_clusterDir!, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up with /tmp.
            }

            return;
        }

        // On an external server, drop what this run created.
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_serverConnectionString);
        await conn.OpenAsync();
        foreach (var name in _databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
