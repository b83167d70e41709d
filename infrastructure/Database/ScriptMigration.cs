using System.Reflection;
using System.Text;
using FluentMigrator;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// A migration whose SQL is the embedded file <c>migrations/NNNN_description.sql</c> named by its
/// <c>[Migration(N, "description")]</c> attribute: the schema stays readable SQL, with the PostgreSQL features it
/// relies on (CHECK constraints, identity columns, jsonb, trigram and expression indexes, functions, triggers).
/// </summary>
public abstract class ScriptMigration : ChecksummedMigration
{
    public override string Script
    {
        get
        {
            var attribute = GetType().GetCustomAttribute<MigrationAttribute>()!;
            var resource = $"migrations/{attribute.Version:D4}_{attribute.Description}.sql";
            using var stream = GetType().Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"{GetType().Name} has no embedded script {resource}.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }
}
