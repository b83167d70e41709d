using System.Collections.Concurrent;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>
/// Authenticated tokens, so a request does not spend a database round trip on its credentials. Keyed by the whole
/// credential as the request sent it, compared exactly (a known v2 key with a wrong secret is never a hit), and held
/// only in this process's memory, as the request itself was: a keyed digest per request, which the database lookup
/// needs, cost a small GET more than the rest of its authentication. Nothing negative is cached. Every
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
