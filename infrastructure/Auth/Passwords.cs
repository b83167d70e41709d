using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Proxbox.Api.Infrastructure.Auth;

/// <summary>
/// Password hashes in Django's encoding (<c>pbkdf2_sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;base64 hash&gt;</c>), so users
/// can be carried over from NetBox, and the iteration count travels with each hash and can be raised later.
/// </summary>
public static class Passwords
{
    public const int Iterations = 600_000;

    /// <summary>A password that matches nothing (a user that authenticates with tokens only).</summary>
    public const string Unusable = "!";

    private const string Algorithm = "pbkdf2_sha256";
    private const string SaltAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetString(SaltAlphabet, 22);
        return $"{Algorithm}${iterations.ToString(CultureInfo.InvariantCulture)}${salt}${Convert.ToBase64String(Derive(password, salt, iterations))}";
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 10_000_000)
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Derive(password, parts[2], iterations), expected);
    }

    private static byte[] Derive(string password, string salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations, HashAlgorithmName.SHA256, 32);
}
