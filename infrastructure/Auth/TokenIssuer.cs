using Dapper;
using Npgsql;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>Creates tokens, storing only their HMAC digests.</summary>
public static class TokenIssuer
{
    public static async Task<IssuedToken> IssueAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, ServerSecret secret, long userId, TokenSpec spec, CancellationToken ct)
    {
        var token = spec.Plaintext ?? ApiTokens.NewSecret();
        var key = spec.Version == 2 ? spec.Key ?? ApiTokens.NewKey() : null;
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO users_token (user_id, version, key, digest, pepper_id, hint, description, expires, enabled, write_enabled, allowed_ips)
            VALUES (@userId, @Version, @key, @digest, @pepper, @hint, @Description, @Expires, @Enabled, @WriteEnabled, @allowed::cidr[])
            RETURNING id
            """,
            new
            {
                userId, spec.Version, key, digest = ApiTokens.Digest(secret, token), pepper = secret.KeyId,
                hint = spec.Version == 1 ? token[^6..] : "", spec.Description, spec.Expires, spec.Enabled, spec.WriteEnabled,
                allowed = spec.AllowedIps ?? [],
            }, tx, cancellationToken: ct));
        return new IssuedToken(id, spec.Version, key, token);
    }

    /// <summary>A configured token value (bootstrap, CLI) as a spec, or an explanation of what is wrong with it.</summary>
    public static (TokenSpec? Spec, string? Error) FromValue(string value) => ApiTokens.ParseValue(value.Trim()) switch
    {
        Credentials.V1 v1 when ApiTokens.IsValidV1(v1.Token) => (new TokenSpec(1, v1.Token), null),
        Credentials.V2 v2 when v2.Key.Length == ApiTokens.KeyLength && v2.Secret.Length >= ApiTokens.SecretLength
                               && v2.Key.All(char.IsAsciiLetterOrDigit) && v2.Secret.All(char.IsAsciiLetterOrDigit)
            => (new TokenSpec(2, v2.Secret, v2.Key), null),
        _ => (null, "A token must be a v1 token (40 characters of A-Z, a-z, 0-9) or a v2 token nbt_<12-character key>.<40-character secret>."),
    };
}
