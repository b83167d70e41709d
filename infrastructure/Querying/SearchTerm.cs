namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// What <c>?q=</c> searches (case-insensitive substring): a column of the resource's table (written as a plain
/// string), or the name of a related object (<see cref="RelatedSearch"/>), tested through a subquery so the count
/// needs no join.
/// </summary>
public abstract record SearchTerm
{
    public static implicit operator SearchTerm(string column) => new ColumnSearch(column);

    /// <summary>The predicate for <paramref name="pattern"/> (a parameter placeholder), with bare columns qualified by <paramref name="qualify"/>.</summary>
    public abstract string Sql(Func<string, string> qualify, string pattern);
}
