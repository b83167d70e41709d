namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>A filter on an array column: <c>?actions=view</c> selects rows whose array contains the value.</summary>
public sealed class ArrayContainsFilter(string name, string? column = null) : Filter(name, column)
{
    private static readonly Dictionary<string, bool> Plain = new() { [""] = false, ["n"] = true };

    public override IReadOnlyDictionary<string, bool> Suffixes => Plain;

    public override string? OrderBy => null;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql) =>
        FilterResult.Ok($"{column} && {sql.Add(values.ToArray())}::text[]");
}
