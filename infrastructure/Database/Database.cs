using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Proxbox.Api.Infrastructure.Hosting;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// The one <see cref="NpgsqlDataSource"/> of the process. Which database it points at is decided when the host
/// starts (<see cref="DatabaseStartup"/>): the configured connection string, or else the embedded default.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    public NpgsqlDataSource DataSource =>
        _dataSource ?? throw new InvalidOperationException("The database is not connected yet: the host has not started.");

    public bool IsEmbedded { get; private set; }

    static Database()
    {
        // Columns are snake_case, row records PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public void Connect(string connectionString, bool embedded)
    {
        _dataSource = Create(connectionString);
        IsEmbedded = embedded;
    }

    /// <summary>Builds a data source with this service's defaults where the connection string leaves them open.</summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new NpgsqlConnectionStringBuilder(connectionString);
        settings.ApplicationName ??= "proxbox-api";
        // An unreachable database must become a quick 503, not a request that hangs for the default 15 s.
        if (!given.ContainsKey("Timeout"))
        {
            settings.Timeout = 5;
        }

        // Every statement here is a fixed text with parameters, so preparing the hot ones pays off.
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            settings.MaxAutoPrepare = 256;
            settings.AutoPrepareMinUsages = 2;
        }

        return new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}

/// <summary>
/// Connects <see cref="Database"/> before the server takes requests: the configured database, or the embedded
/// PostgreSQL in <c>Proxbox:DataDir</c> (started here, stopped on shutdown); then applies the migrations.
/// </summary>
public sealed class DatabaseStartup(
    Database database,
    IConfiguration configuration,
    IOptions<ProxboxOptions> options,
    IServiceProvider services,
    ILogger<DatabaseStartup> log) : IHostedService
{
    private EmbeddedPostgres? _embedded;

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
                database.Connect(_embedded.ConnectionString(), embedded: true);
            }
            else
            {
                database.Connect(connectionString, embedded: false);
            }

            // The server key depends on where the data lives (generated only for the embedded default): check it now,
            // so a missing key stops start-up instead of the first request that needs it.
            _ = services.GetRequiredService<Security.ServerSecret>();

            if (options.Value.MigrateOnStartup)
            {
                var report = await MigrationRunner.ApplyAsync(database.DataSource, Migration.Embedded, cancellationToken);
                log.LogInformation("Database schema at version {Version} ({Applied} migration(s) applied now)", report.LatestVersion, report.Applied.Count);
            }
        }
        catch
        {
            await StopEmbeddedAsync();
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopEmbeddedAsync();

    private async Task StopEmbeddedAsync()
    {
        if (_embedded is { StartedHere: true })
        {
            await _embedded.StopAsync();
            log.LogInformation("Embedded PostgreSQL stopped");
        }
    }
}
