namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// A related object's column: <c>fk = ANY(ARRAY(SELECT id FROM related WHERE column ILIKE …))</c>. The related ids are
/// computed once, before the scan, and compared as an array, so the foreign key's index can join the other search
/// terms' indexes in one bitmap OR; an <c>IN (subquery)</c> inside an OR is a filter tested row by row, which makes
/// every <c>q</c> that also searches a related name a full scan.
/// </summary>
public sealed record RelatedSearch(string ForeignKey, string Table, string Column = "name") : SearchTerm
{
    public override (string Table, string Column) Searched(string table) => (Table, Column);

    public override string Sql(Func<string, string> qualify, string table, TextSearch search) =>
        $"{qualify(ForeignKey)} = ANY(ARRAY(SELECT r.id FROM {Table} r WHERE {search.Matches("r." + Column, Table, Column)}))";
}
