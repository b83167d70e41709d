namespace Proxbox.Api.Infrastructure.Querying;

public sealed record ColumnSearch(string Column) : SearchTerm
{
    public override (string Table, string Column) Searched(string table) => (table, Column);

    public override string Sql(Func<string, string> qualify, string table, TextSearch search) => search.Matches(qualify(Column), table, Column);
}
