using System.Globalization;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// A foreign key by id, under both spellings (<c>cluster</c> and <c>cluster_id</c>); <c>null</c> means none.
/// <see cref="OrderBy"/> is the related object's name, so <c>?ordering=cluster</c> sorts by what a person reads.
/// The column defaults to <c>&lt;name&gt;_id</c>.
/// </summary>
public sealed class ForeignKeyFilter(string name, string? orderBy = null, string? column = null) : Filter(name, column ?? name + "_id")
{
    private static readonly Dictionary<string, bool> Plain = new() { [""] = false, ["n"] = true };

    public override IReadOnlyDictionary<string, bool> Suffixes => Plain;

    public override FilterValueKind ValueKind => FilterValueKind.Integer;

    public override string? OrderBy => orderBy ?? Column;

    public override IEnumerable<string> Aliases => [Name + "_id"];

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        var ids = new List<object>();
        var includeNull = false;
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (FilterValues.IsNull(part))
            {
                includeNull = true;
            }
            else if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
            else
            {
                return FilterResult.Fail($"\u201c{part}\u201d is not a valid value.");
            }
        }

        return FilterResult.Ok(NumberFilter.Comparison("", column, ids, includeNull, sql, "bigint[]"));
    }
}
