namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// A filter on a related object's field, e.g. <c>cluster__name</c>: the inner filter's lookups, tested inside
/// <c>fk IN (SELECT id FROM related WHERE …)</c> so the count query needs no join. The foreign key column defaults
/// to <c>&lt;prefix&gt;_id</c>.
/// </summary>
public sealed class RelatedFilter(string prefix, string relatedTable, Filter inner, string? foreignKey = null)
    : Filter(prefix + "__" + inner.Name, foreignKey ?? prefix + "_id")
{
    public override string? OrderBy => null;

    public override IReadOnlyDictionary<string, bool> Suffixes => inner.Suffixes;

    public override FilterValueKind ValueKind => inner.ValueKind;

    public override IReadOnlyCollection<string>? AllowedValues => inner.AllowedValues;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        var result = inner.Compile(suffix, "r." + inner.Column, values, sql);
        return result.Sql is null ? result : FilterResult.Ok($"{column} IN (SELECT r.id FROM {relatedTable} r WHERE {result.Sql})");
    }
}
