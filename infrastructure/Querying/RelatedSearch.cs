namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// A related object's column: <c>fk = ANY(ARRAY(SELECT id FROM related WHERE column ILIKE …))</c>. The ids are
/// collected once, ahead of the scan, so the test is an indexable comparison that an OR with the other <c>q</c>
/// columns can combine with their indexes; an <c>IN (subquery)</c> under an OR forces a sequential scan.
/// </summary>
public sealed record RelatedSearch(string ForeignKey, string Table, string Column = "name") : SearchTerm
{
    public override string Sql(Func<string, string> qualify, string pattern) =>
        $"{qualify(ForeignKey)} = ANY(ARRAY(SELECT r.id FROM {Table} r WHERE r.{Column} ILIKE {pattern}))";
}
