namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>Boolean columns: <c>true/false/1/0</c>, any case. No suffixes, as in NetBox.</summary>
public sealed class BooleanFilter(string name, string? column = null) : Filter(name, column)
{
    private static readonly Dictionary<string, bool> PlainOnly = new() { [""] = false };

    public override IReadOnlyDictionary<string, bool> Suffixes => PlainOnly;

    public override FilterValueKind ValueKind => FilterValueKind.Boolean;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        var wanted = new List<bool>();
        foreach (var value in values)
        {
            if (!BoolValue.TryParse(value, out var b))
            {
                return FilterResult.Fail($"Select a valid choice. {value} is not one of the available choices.");
            }

            wanted.Add(b);
        }

        return FilterResult.Ok($"{column} = ANY({sql.Add(wanted.Distinct().ToArray())}::boolean[])");
    }
}
