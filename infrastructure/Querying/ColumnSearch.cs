namespace Proxbox.Api.Infrastructure.Querying;

public sealed record ColumnSearch(string Column) : SearchTerm
{
    public override string Sql(Func<string, string> qualify, string pattern) => $"{qualify(Column)} ILIKE {pattern}";
}
