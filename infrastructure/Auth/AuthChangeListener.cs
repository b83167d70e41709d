using Npgsql;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>
/// Listens on <c>proxbox_auth_changed</c> (migration 0005) and clears the token cache on every notification. While it
/// is not connected the cache is off, so a lost connection costs speed, never correctness.
/// </summary>
public sealed class AuthChangeListener(IServiceProvider services, TokenCache cache, ILogger<AuthChangeListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, _) => cache.Clear();
                await using (var listen = new NpgsqlCommand("LISTEN proxbox_auth_changed", conn))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.Listening = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await conn.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException or IOException)
            {
                cache.Listening = false;
                log.LogWarning("Token cache off until change notifications are heard again: {Reason}", error.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
            finally
            {
                cache.Listening = false;
            }
        }
    }
}
