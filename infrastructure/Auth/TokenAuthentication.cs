using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>
/// NetBox's token authentication. Every path under <c>/api/</c> needs a token except
/// endpoints marked <see cref="OpenAccess"/> and OPTIONS; every failure is a 403 with NetBox's message. A token
/// that is not write-enabled may only read.
/// </summary>
public sealed class TokenAuthentication(RequestDelegate next, ServerSecret secret, TokenCache cache)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext context, Caller caller, NpgsqlDataSource database)
    {
        caller.Address = context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
        var endpoint = context.GetEndpoint();
        if (endpoint is null || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context); // unknown routes stay 404 whoever asks; /health is open
            return;
        }

        var credentials = ApiTokens.ParseHeader(context.Request.Headers.Authorization);
        switch (credentials)
        {
            case Credentials.Malformed malformed:
                await ApiErrors.WriteDetailAsync(context, StatusCodes.Status403Forbidden, malformed.Message);
                return;
            case Credentials.V1 or Credentials.V2:
                var (identity, failure) = await AuthenticateAsync(database, credentials, caller.Address, context.RequestAborted);
                if (failure is not null)
                {
                    await ApiErrors.WriteDetailAsync(context, StatusCodes.Status403Forbidden, failure);
                    return;
                }

                caller.Identity = identity;
                break;
        }

        var open = HttpMethods.IsOptions(context.Request.Method) || endpoint.Metadata.GetMetadata<OpenAccess>() is not null;
        if (!open && caller.Identity is null)
        {
            await ApiErrors.WriteDetailAsync(context, StatusCodes.Status403Forbidden, "Authentication credentials were not provided.");
            return;
        }

        if (!open && caller.Identity is { WriteEnabled: false } && !IsSafe(context.Request.Method))
        {
            await ApiErrors.WriteDetailAsync(context, StatusCodes.Status403Forbidden, "You do not have permission to perform this action.");
            return;
        }

        await next(context);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    // Properties, not a positional record: Npgsql reports array columns as System.Array, which defeats constructor mapping.
    private sealed record TokenRow
    {
        public long Id { get; init; }
        public long UserId { get; init; }
        public short Version { get; init; }
        public string Digest { get; init; } = "";
        public string PepperId { get; init; } = "";
        public bool Enabled { get; init; }
        public bool WriteEnabled { get; init; }
        public DateTime? Expires { get; init; }
        public DateTime? LastUsed { get; init; }
        public string[] AllowedIps { get; init; } = [];
        public string Username { get; init; } = "";
        public bool IsActive { get; init; }
        public bool IsSuperuser { get; init; }
    }

    private sealed record GrantRow
    {
        public string[] ObjectTypes { get; init; } = [];
        public string[] Actions { get; init; } = [];
        public string? Constraints { get; init; }
    }

    /// <summary>The token (from the cache, else one round trip for it, its user and their grants); then NetBox's checks in NetBox's order.</summary>
    private async Task<(Identity? Identity, string? Failure)> AuthenticateAsync(NpgsqlDataSource database, Credentials credentials, IPAddress? client, CancellationToken ct)
    {
        var (credential, invalid) = credentials switch
        {
            Credentials.V2 v2 => ($"v2:{v2.Key}.{v2.Secret}", "Invalid v2 token"),
            Credentials.V1 v1 => ($"v1:{v1.Token}", "Invalid v1 token"),
            _ => throw new ArgumentOutOfRangeException(nameof(credentials)),
        };
        var token = cache.Get(credential);
        if (token is null)
        {
            token = await LoadAsync(database, credentials, ct);
            if (token is null)
            {
                return (null, invalid);
            }

            cache.Set(credential, token);
        }

        if (token.AllowedIps.Length > 0 && (client is null || !token.AllowedIps.Any(cidr => IPNetwork.TryParse(cidr, out var net) && net.Contains(client))))
        {
            return (null, $"Source IP {client} is not permitted to authenticate using this token.");
        }

        if (!token.Enabled)
        {
            return (null, "Token disabled");
        }

        if (token.Expires is DateTime expires && DateTime.UtcNow >= expires)
        {
            return (null, "Token expired");
        }

        if (token.LastUsed is not DateTime lastUsed || DateTime.UtcNow - lastUsed >= LastUsedResolution)
        {
            await using var conn = await database.OpenConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE users_token SET last_used = now() WHERE id = @Id AND (last_used IS NULL OR last_used < now() - interval '1 minute')",
                new { token.Id }, cancellationToken: ct));
            cache.Set(credential, token with { LastUsed = DateTime.UtcNow });
        }

        if (!token.IsActive)
        {
            return (null, "User inactive");
        }

        return (new Identity(token.UserId, token.Username, token.IsSuperuser, token.Id, token.WriteEnabled, token.Grants), null);
    }

    /// <summary>The token, its user and the user's enabled grants in one round trip; null when no token matches.</summary>
    private async Task<CachedToken?> LoadAsync(NpgsqlDataSource database, Credentials credentials, CancellationToken ct)
    {
        // A v1 token is found by its digest under the current key or a retired one (issued before a rotation).
        var (key, digests) = credentials switch
        {
            Credentials.V2 v2 => (v2.Key, Array.Empty<string>()),
            Credentials.V1 v1 => ((string?)null, secret.Retired.Prepend(secret).Select(k => ApiTokens.Digest(k, v1.Token)).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(credentials)),
        };

        await using var conn = await database.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT t.id, t.user_id, t.version, t.digest, t.pepper_id, t.enabled, t.write_enabled, t.expires, t.last_used,
                   t.allowed_ips::text[] AS allowed_ips, u.username, u.is_active, u.is_superuser
            FROM users_token t JOIN users_user u ON u.id = t.user_id
            WHERE (t.version = 2 AND t.key = @key) OR (t.version = 1 AND t.digest = ANY(@digests));
            SELECT p.object_types, p.actions, p.constraints::text AS constraints
            FROM users_objectpermission p
            JOIN users_objectpermission_users pu ON pu.object_id = p.id
            JOIN users_token t ON t.user_id = pu.user_id
            WHERE p.enabled AND ((t.version = 2 AND t.key = @key) OR (t.version = 1 AND t.digest = ANY(@digests)));
            """, new { key, digests }, cancellationToken: ct));
        var row = await results.ReadSingleOrDefaultAsync<TokenRow>();
        var grants = (await results.ReadAsync<GrantRow>())
            .Select(g => new Grant(g.ObjectTypes, g.Actions, g.Constraints is null ? null : JsonNode.Parse(g.Constraints)))
            .ToList();

        // A known v2 key with a wrong secret reads exactly like an unknown key.
        if (row is null || (credentials is Credentials.V2 v && !ApiTokens.DigestMatches(secret.ById(row.PepperId) ?? secret, v.Secret, row.Digest)))
        {
            return null;
        }

        return new CachedToken(row.Id, row.UserId, row.Username, row.IsActive, row.IsSuperuser, row.Enabled, row.WriteEnabled, row.Expires,
            row.AllowedIps, grants, row.LastUsed);
    }
}
