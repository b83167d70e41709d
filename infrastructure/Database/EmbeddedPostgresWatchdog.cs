using System.ComponentModel;
using System.Diagnostics;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// Keeps the embedded PostgreSQL alive for as long as the service runs. Nobody else supervises it (it is a child of
/// <c>dotnet run</c>, not of systemd), so a server that dies (killed, OOM-killed, crashed) is started again here,
/// on the same port, with its own crash recovery; requests answer 503 meanwhile and the service recovers without a
/// restart. When it cannot be brought back within <paramref name="giveUpAfter"/>, the service stops with
/// <see cref="Hosting.ProxboxProgram.DatabaseLost"/>, so that a supervisor restarts the whole thing instead of
/// leaving a process that only answers 503.
/// </summary>
public sealed class EmbeddedPostgresWatchdog(
    EmbeddedPostgres server, NpgsqlDataSource pool, TimeSpan giveUpAfter, Action giveUp, ILogger log)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>
    /// How long a dead server may take to come back. Its orphaned backends keep its shared memory, which refuses a
    /// new server, until each notices; one busy in a statement notices only when the statement ends, and the
    /// statement timeout bounds that.
    /// </summary>
    public static TimeSpan GiveUpAfter(int statementTimeoutSeconds) =>
        TimeSpan.FromSeconds((statementTimeoutSeconds > 0 ? statementTimeoutSeconds : 60) + 10);

    public void Start() => _loop = Task.Run(() => WatchAsync(_stopping.Token));

    /// <summary>Stops watching; before the server itself is stopped, or the stop would look like a death.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, ct);
                if (!server.IsRunning() && !await RestartAsync(ct))
                {
                    giveUp();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The service is stopping.
        }
    }

    private async Task<bool> RestartAsync(CancellationToken ct)
    {
        var lost = Stopwatch.GetTimestamp();
        log.LogError("Embedded PostgreSQL in {ClusterDir:l} is not running; starting it again", server.ClusterDir);
        while (true)
        {
            try
            {
                await server.RestartAsync(ct);
                // The pooled connections went with the old server: drop them now rather than fail a write on each.
                pool.Clear();
                log.LogWarning("Embedded PostgreSQL is running again on 127.0.0.1:{Port}, {Elapsed:0} ms after it was found stopped",
                    server.Port, Stopwatch.GetElapsedTime(lost).TotalMilliseconds);
                return true;
            }
            catch (Exception error) when (error is InvalidOperationException or IOException or Win32Exception)
            {
                if (Stopwatch.GetElapsedTime(lost) > giveUpAfter)
                {
                    log.LogCritical("Embedded PostgreSQL could not be started again within {Seconds:0} s ({Reason}); stopping the service",
                        giveUpAfter.TotalSeconds, error.Message);
                    return false;
                }

                log.LogWarning("Embedded PostgreSQL did not start yet, trying again: {Reason}", error.Message);
                await Task.Delay(RetryDelay, ct);
            }
        }
    }
}
