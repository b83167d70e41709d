using FluentMigrator.Runner.VersionTableInfo;

namespace Proxbox.Api.Infrastructure.Database;

/// <summary>FluentMigrator's journal of applied migrations, in this schema's naming (lower case, snake_case).</summary>
public sealed class JournalTable : IVersionTableMetaData
{
    public const string Name = "schema_versions";

    public bool OwnsSchema => false;
    public string SchemaName => "public";
    public string TableName => Name;
    public string ColumnName => "version";
    public string DescriptionColumnName => "description";
    public string UniqueIndexName => "schema_versions_version_key";
    public string AppliedOnColumnName => "applied_on";
    public bool CreateWithPrimaryKey => false;
}
