using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using FluentMigrator;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// A FluentMigrator migration that runs one SQL script and records the script's SHA-256 in the same transaction,
/// so a script edited after it was applied is caught at the next start instead of silently diverging. Migrations are
/// forward-only: a released schema is changed by a new migration, never by running one down.
/// </summary>
public abstract class ChecksummedMigration : ForwardOnlyMigration
{
    public const string ChecksumTable = "schema_checksums";

    /// <summary>The SQL this migration applies.</summary>
    public abstract string Script { get; }

    public long Version => Attribute.Version;

    /// <summary>How an operator recognises the migration: <c>0004_endpoints_settings</c>.</summary>
    public string Name => $"{Attribute.Version:D4}_{Attribute.Description}";

    /// <summary>SHA-256 of the script with line endings normalised, so a checkout with CRLF is not "changed".</summary>
    public string Checksum => ChecksumOf(Script);

    private MigrationAttribute Attribute => GetType().GetCustomAttribute<MigrationAttribute>()
        ?? throw new InvalidOperationException($"{GetType().Name} has no [Migration] attribute.");

    public override void Up()
    {
        Execute.Sql(Script);
        Execute.Sql($"INSERT INTO {ChecksumTable} (version, checksum) VALUES ({Version}, '{Checksum}')");
    }

    public static string ChecksumOf(string script) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(script.ReplaceLineEndings("\n")))).ToLowerInvariant();
}
