using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>
/// NetBox's API tokens: v1 is 40 characters of <c>[A-Za-z0-9]</c>; v2 is <c>nbt_&lt;key&gt;.&lt;secret&gt;</c> with a
/// 12-character key and a 40-character secret. Only HMAC-SHA256 digests are stored, under the server's pepper.
/// </summary>
public static partial class ApiTokens
{
    public const string V2Prefix = "nbt_";
    public const int KeyLength = 12;
    public const int SecretLength = 40;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewSecret() => RandomNumberGenerator.GetString(Alphabet, SecretLength);

    public static string NewKey() => RandomNumberGenerator.GetString(Alphabet, KeyLength);

    public static string V2Header(string key, string secret) => $"{V2Prefix}{key}.{secret}";

    public static bool IsValidV1(string token) => V1Pattern().IsMatch(token);

    /// <summary>Parses a bootstrap or header token value: v2 when it starts with <c>nbt_</c>, else v1.</summary>
    public static Credentials ParseValue(string value)
    {
        if (!value.StartsWith(V2Prefix, StringComparison.Ordinal))
        {
            return new Credentials.V1(value);
        }

        var parts = value[V2Prefix.Length..].Split('.');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? new Credentials.V2(parts[0], parts[1])
            : new Credentials.Malformed("Invalid authorization header: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?");
    }

    /// <summary>
    /// <c>Token &lt;value&gt;</c> or <c>Bearer &lt;value&gt;</c>, keyword case-insensitive; the version comes from the value,
    /// as in NetBox (pynetbox 7.0 sends v2 tokens with <c>Token</c>).
    /// </summary>
    public static Credentials ParseHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return new Credentials.None();
        }

        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!parts[0].Equals("Token", StringComparison.OrdinalIgnoreCase) && !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return new Credentials.None();
        }

        return parts.Length != 2
            ? new Credentials.Malformed("Invalid authorization header: Must be in the form \"Bearer <key>.<token>\" or \"Token <token>\"")
            : ParseValue(parts[1]);
    }

    public static string Digest(ServerSecret secret, string value) =>
        Convert.ToHexString(HMACSHA256.HashData(secret.TokenPepper, Encoding.UTF8.GetBytes(value))).ToLowerInvariant();

    public static bool DigestMatches(ServerSecret secret, string value, string storedDigest) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Digest(secret, value)), Encoding.ASCII.GetBytes(storedDigest));

    [GeneratedRegex("^[A-Za-z0-9]{40}$")]
    private static partial Regex V1Pattern();
}
