using System.Security.Cryptography;
using Proxbox.Api.Infrastructure.Options;
using Proxbox.Api.Infrastructure.Security;

namespace Proxbox.Api.Tests.Infrastructure.Security;

public sealed class SecretTests
{
    [Fact]
    public void A_sealed_value_opens_with_the_same_key_and_never_contains_the_plaintext()
    {
        var box = new SecretBox(ServerSecret.Parse(ServerSecret.Generate()));

        var first = box.Encrypt("pve-api-token-value");
        var second = box.Encrypt("pve-api-token-value");

        first.ShouldNotContain("pve-api-token-value");
        first.ShouldNotBe(second, "every value gets its own nonce");
        SecretBox.KeyIdOf(first).ShouldBe(box.KeyId);
        box.Decrypt(first).ShouldBe("pve-api-token-value");
        box.Decrypt(second).ShouldBe("pve-api-token-value");
    }

    [Fact]
    public void Another_key_or_a_tampered_value_is_refused()
    {
        var box = new SecretBox(ServerSecret.Parse(ServerSecret.Generate()));
        var other = new SecretBox(ServerSecret.Parse(ServerSecret.Generate()));
        var stored = box.Encrypt("secret");
        var bytes = Convert.FromBase64String(stored.Split(':')[2]);
        bytes[^1] ^= 1;
        var tampered = $"gcm1:{box.KeyId}:{Convert.ToBase64String(bytes)}";

        Should.Throw<CryptographicException>(() => other.Decrypt(stored));
        Should.Throw<CryptographicException>(() => box.Decrypt(tampered));
        Should.Throw<CryptographicException>(() => box.Decrypt("plaintext"));
    }

    [Fact]
    public void The_embedded_default_generates_a_private_key_once_and_an_external_database_requires_one()
    {
        var dir = Path.Combine(Path.GetTempPath(), "proxbox-secret-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new ProxboxOptions { DataDir = dir };

            var first = ServerSecret.Load(options, embedded: true);
            var again = ServerSecret.Load(options, embedded: true);

            again.KeyId.ShouldBe(first.KeyId);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(Path.Combine(dir, ServerSecret.FileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Should.Throw<SecretKeyException>(() => ServerSecret.Load(new ProxboxOptions { DataDir = dir }, embedded: false))
                .Message.ShouldContain("Proxbox__SecretKey");
            Should.Throw<SecretKeyException>(() => ServerSecret.Parse("c2hvcnQ="));
            Should.Throw<SecretKeyException>(() => ServerSecret.Parse("not base64!"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Derived_keys_differ_by_purpose()
    {
        var secret = ServerSecret.Parse(ServerSecret.Generate());

        secret.TokenPepper.ShouldNotBe(secret.EncryptionKey);
        secret.TokenPepper.Length.ShouldBe(32);
    }
}
