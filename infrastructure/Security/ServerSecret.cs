using System.Security.Cryptography;
using System.Text;
using Proxbox.Api.Infrastructure.Database;
using Proxbox.Api.Infrastructure.Options;

namespace Proxbox.Api.Infrastructure.Security;

/// <summary>
/// The server's master key (<c>Proxbox:SecretKey</c>, base64 of 32 bytes). Purpose-specific keys are derived from
/// it with HKDF, so the token pepper and the secret-encryption key never share bytes. The embedded default
/// generates one into <c>&lt;DataDir&gt;/secret.key</c> (0600); with an external database a missing key is a
/// start-up error, never a silently generated key that the next replica would not share.
/// </summary>
public sealed class ServerSecret
{
    public const int KeyBytes = 32;
    public const string FileName = "secret.key";
    public const string RetiredFileName = "secret.key.retired";

    private readonly byte[] _master;

    public ServerSecret(byte[] master)
    {
        if (master.Length != KeyBytes)
        {
            throw new SecretKeyException($"Proxbox:SecretKey must be {KeyBytes} bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
        }

        _master = master;
        KeyId = Convert.ToHexString(SHA256.HashData(master))[..8].ToLowerInvariant();
        TokenPepper = Derive("proxbox token pepper");
        EncryptionKey = Derive("proxbox secret encryption");
    }

    /// <summary>The key itself, for the rotation that has to hand it over.</summary>
    public byte[] Master => _master;

    /// <summary>A short public name of the key, stored beside what it protects so a rotation can tell old from new.</summary>
    public string KeyId { get; }

    /// <summary>The HMAC-SHA256 key for token digests.</summary>
    public byte[] TokenPepper { get; }

    /// <summary>The AES-256-GCM key for secrets at rest.</summary>
    public byte[] EncryptionKey { get; }

    /// <summary>
    /// Keys this one replaced. Sealed secrets are re-sealed by a rotation, but a token digest cannot be recomputed
    /// without the token, so tokens issued under a retired key are verified with it.
    /// </summary>
    public IReadOnlyList<ServerSecret> Retired { get; private init; } = [];

    /// <summary>The current key and the retired ones, by key id.</summary>
    public ServerSecret? ById(string keyId) => KeyId == keyId ? this : Retired.FirstOrDefault(r => r.KeyId == keyId);

    public ServerSecret WithRetired(IEnumerable<ServerSecret> retired) => new(_master) { Retired = retired.Where(r => r.KeyId != KeyId).ToList() };

    public static ServerSecret Parse(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new SecretKeyException("Proxbox:SecretKey is not valid base64 (expected base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
        }

        return new ServerSecret(bytes);
    }

    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The configured key; else, for the embedded default only, the one kept in the data folder (created on first use).</summary>
    public static ServerSecret Load(ProxboxOptions options, bool embedded)
    {
        var retired = options.RetiredSecretKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(Parse).ToList();
        var retiredFile = Path.Combine(options.FullDataDir, RetiredFileName);
        if (embedded && File.Exists(retiredFile))
        {
            retired.AddRange(File.ReadAllLines(retiredFile).Where(l => l.Trim().Length > 0).Select(Parse));
        }

        if (!string.IsNullOrWhiteSpace(options.SecretKey))
        {
            return Parse(options.SecretKey).WithRetired(retired);
        }

        if (!embedded)
        {
            throw new SecretKeyException(
                "Proxbox:SecretKey is not set. With an external database (ConnectionStrings__Proxbox) every replica must share " +
                "one key: set Proxbox__SecretKey to base64 of 32 random bytes (`openssl rand -base64 32`) and keep it safe; " +
                "tokens and stored endpoint secrets depend on it.");
        }

        var path = Path.Combine(options.FullDataDir, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(options.FullDataDir);
            File.WriteAllText(path, Generate() + "\n", Encoding.ASCII);
            EmbeddedPostgres.OwnerOnly(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Parse(File.ReadAllText(path)).WithRetired(retired);
    }

    private byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _master, KeyBytes, salt: [], info: Encoding.UTF8.GetBytes(purpose));
}
