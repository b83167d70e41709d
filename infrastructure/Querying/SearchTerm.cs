namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// What <c>?q=</c> searches (case-insensitive substring): a column of the resource's table (written as a plain
/// string), or the name of a related object (<see cref="RelatedSearch"/>), tested through a subquery so the count
/// needs no join.
/// </summary>
public abstract record SearchTerm
{
    public static implicit operator SearchTerm(string column) => new ColumnSearch(column);

    /// <summary>The table and column whose values are searched, given the resource's own <paramref name="table"/>.</summary>
    public abstract (string Table, string Column) Searched(string table);

    /// <summary>The predicate that <paramref name="search"/>'s text is found, with bare columns qualified by <paramref name="qualify"/>.</summary>
    public abstract string Sql(Func<string, string> qualify, string table, TextSearch search);
}
