using Microsoft.Extensions.Options;
using Npgsql;
using Proxbox.Api.Infrastructure.Options;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// Chooses the database before the server takes requests: the configured one, or the embedded PostgreSQL in
/// <c>Proxbox:DataDir</c> (started here, watched and restarted if it dies, stopped on shutdown); then applies the
/// migrations.
/// </summary>
public sealed class DatabaseStartup(
    DatabaseTarget target,
    IConfiguration configuration,
    IOptions<ProxboxOptions> options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseStartup> log) : IHostedService
{
    private EmbeddedPostgres? _embedded;
    private EmbeddedPostgresWatchdog? _watchdog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Proxbox");
        try
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                _embedded = await EmbeddedPostgres.StartAsync(options.Value.FullDataDir, durable: true, cancellationToken, options.Value.PostgresBinDir);
                log.LogInformation(
                    "Embedded PostgreSQL {Action:l} in {ClusterDir:l} on 127.0.0.1:{Port} (no ConnectionStrings__Proxbox set; it stops when the service stops)",
                    _embedded.Initialized ? "initialized and started" : _embedded.StartedHere ? "started" : "already running, reused",
                    _embedded.ClusterDir, _embedded.Port);
                target.Choose(_embedded.ConnectionString(), embedded: true);
            }
            else
            {
                target.Choose(connectionString, embedded: false);
            }

            // The server key depends on where the data lives (generated only for the embedded default): check it now,
            // so a missing key stops start-up instead of the first request that needs it.
            _ = services.GetRequiredService<Security.ServerSecret>();

            if (options.Value.MigrateOnStartup)
            {
                var report = await MigrationRunner.ApplyAsync(target.ConnectionString, MigrationCatalog.Service, services.GetRequiredService<ILoggerFactory>(), cancellationToken);
                log.LogInformation("Database schema at version {Version} ({Applied} migration(s) applied now)", report.LatestVersion, report.Applied.Count);
            }

            // Build the pool now, so the first request does not pay for it.
            var pool = services.GetRequiredService<NpgsqlDataSource>();

            if (_embedded is not null)
            {
                _watchdog = new EmbeddedPostgresWatchdog(_embedded, pool,
                    EmbeddedPostgresWatchdog.GiveUpAfter(options.Value.StatementTimeoutSeconds), GiveUp, log);
                _watchdog.Start();
            }
        }
        catch
        {
            await StopEmbeddedAsync();
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watchdog is not null)
        {
            await _watchdog.StopAsync();
        }

        await StopEmbeddedAsync();
    }

    /// <summary>The embedded server is gone for good: exit non-zero, so a supervisor restarts the service.</summary>
    private void GiveUp()
    {
        Environment.ExitCode = Hosting.ProxboxProgram.DatabaseLost;
        lifetime.StopApplication();
    }

    private async Task StopEmbeddedAsync()
    {
        if (_embedded is { StartedHere: true })
        {
            await _embedded.StopAsync();
            log.LogInformation("Embedded PostgreSQL stopped");
        }
    }
}
