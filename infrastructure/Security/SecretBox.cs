using System.Security.Cryptography;
using System.Text;

namespace Proxbox.Api.Infrastructure.Security;

/// <summary>
/// Encrypts write-only secrets at rest with AES-256-GCM: a fresh 96-bit nonce per value and the key id in the
/// stored text (<c>gcm1:&lt;key id&gt;:&lt;base64 nonce|ciphertext|tag&gt;</c>), so a key rotation can find what
/// was written under the old key. The key id is also bound as associated data: a value cannot be moved under
/// another key's name.
/// </summary>
public sealed class SecretBox(ServerSecret secret)
{
    private const string Scheme = "gcm1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public string KeyId => secret.KeyId;

    public string Encrypt(string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + clear.Length + TagBytes];
        nonce.CopyTo(sealedBytes, 0);
        using var aes = new AesGcm(secret.EncryptionKey, TagBytes);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceBytes, clear.Length), sealedBytes.AsSpan(NonceBytes + clear.Length), Associated(secret.KeyId));
        return $"{Scheme}:{secret.KeyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    public string Decrypt(string stored)
    {
        var parts = stored.Split(':');
        if (parts.Length != 3 || parts[0] != Scheme)
        {
            throw new CryptographicException("Not a value sealed by this service.");
        }

        if (parts[1] != secret.KeyId)
        {
            throw new CryptographicException($"Sealed under key {parts[1]}, but the configured key is {secret.KeyId}.");
        }

        var sealedBytes = Convert.FromBase64String(parts[2]);
        var clear = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(secret.EncryptionKey, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, clear.Length), sealedBytes.AsSpan(NonceBytes + clear.Length), clear, Associated(parts[1]));
        return Encoding.UTF8.GetString(clear);
    }

    /// <summary>The key id a stored value was sealed under, or null when it is not one of ours.</summary>
    public static string? KeyIdOf(string stored) => stored.Split(':') is [Scheme, var keyId, _] ? keyId : null;

    private static byte[] Associated(string keyId) => Encoding.ASCII.GetBytes($"{Scheme}:{keyId}");
}
