using System.Collections.Concurrent;
using Npgsql;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>A token as authentication needs it: the row's facts and the user's grants.</summary>
public sealed record CachedToken(
    long Id, long UserId, string Username, bool IsActive, bool IsSuperuser, bool Enabled, bool WriteEnabled, DateTime? Expires,
    string[] AllowedIps, IReadOnlyList<Grant> Grants, DateTime? LastUsed);

/// <summary>
/// Authenticated tokens, so a request does not spend a database round trip on its credentials. Keyed by a digest
/// of the whole credential (a known v2 key with a wrong secret is never a hit); nothing negative is cached. Every
/// check that can change per request (expiry, client address) still runs on each one. The cache is trusted only
/// while <see cref="AuthChangeListener"/> hears the database's change notifications; writes through this
/// instance clear it synchronously, and an entry lives at most <see cref="Lifetime"/> regardless.
/// </summary>
public sealed class TokenCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (CachedToken Token, DateTime Loaded)> _entries = new(StringComparer.Ordinal);
    private volatile bool _listening;

    public bool Listening
    {
        get => _listening;
        set
        {
            _listening = value;
            Clear();
        }
    }

    public CachedToken? Get(string credential) =>
        _listening && _entries.TryGetValue(credential, out var entry) && DateTime.UtcNow - entry.Loaded < Lifetime ? entry.Token : null;

    public void Set(string credential, CachedToken token)
    {
        if (_listening)
        {
            _entries[credential] = (token, DateTime.UtcNow);
        }
    }

    public void Clear() => _entries.Clear();

    /// <summary>Called after this instance wrote objects of <paramref name="objectType"/>: forget at once if they decide access.</summary>
    public void Changed(string objectType)
    {
        if (objectType.StartsWith("users.", StringComparison.Ordinal))
        {
            Clear();
        }
    }
}

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
