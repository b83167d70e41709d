using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>Datetime columns (DT): the numeric suffixes over ISO-8601 values.</summary>
public sealed class DateTimeFilter(string name, string? column = null) : Filter(name, column)
{
    public override IReadOnlyDictionary<string, bool> Suffixes => NumericSuffixes;

    public override FilterValueKind ValueKind => FilterValueKind.DateTime;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        if (suffix == "empty")
        {
            var error = FilterValues.ParseEmpty(values, out var empty);
            return error is null ? FilterResult.Ok(empty ? $"{column} IS NULL" : $"{column} IS NOT NULL") : FilterResult.Fail(error);
        }

        var includeNull = false;
        var instants = new List<object>();
        foreach (var value in values)
        {
            if (FilterValues.IsNull(value) && suffix is "" or "n")
            {
                includeNull = true;
            }
            else if (DrfDateTime.TryParse(value, out var instant))
            {
                instants.Add(instant);
            }
            else
            {
                return FilterResult.Fail("Enter a valid date/time.");
            }
        }

        return FilterResult.Ok(NumberFilter.Comparison(suffix, column, instants, includeNull, sql, "timestamptz[]"));
    }
}
