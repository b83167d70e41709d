namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>A related object's column: <c>fk IN (SELECT id FROM related WHERE column ILIKE …)</c>.</summary>
public sealed record RelatedSearch(string ForeignKey, string Table, string Column = "name") : SearchTerm
{
    public override string Sql(Func<string, string> qualify, string pattern) =>
        $"{qualify(ForeignKey)} IN (SELECT r.id FROM {Table} r WHERE r.{Column} ILIKE {pattern})";
}
