using System.Globalization;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>Integer and decimal columns (NUM): exact (comma lists too), <c>__n</c>, <c>__lt(e)</c>, <c>__gt(e)</c>, <c>__empty</c>.</summary>
public class NumberFilter(string name, string? column = null, bool isDecimal = false) : Filter(name, column)
{
    public override IReadOnlyDictionary<string, bool> Suffixes => NumericSuffixes;

    public override FilterValueKind ValueKind => isDecimal ? FilterValueKind.Decimal : FilterValueKind.Integer;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        if (suffix == "empty")
        {
            var error = FilterValues.ParseEmpty(values, out var empty);
            return error is null ? FilterResult.Ok(empty ? $"{column} IS NULL" : $"{column} IS NOT NULL") : FilterResult.Fail(error);
        }

        var includeNull = false;
        var numbers = new List<object>();
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (FilterValues.IsNull(part) && suffix is "" or "n")
            {
                includeNull = true;
            }
            else if (!isDecimal && long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                numbers.Add(whole);
            }
            else if (isDecimal && decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            {
                numbers.Add(number);
            }
            else
            {
                return FilterResult.Fail(isDecimal ? "Enter a number." : "Enter a whole number.");
            }
        }

        return FilterResult.Ok(Comparison(suffix, column, numbers, includeNull, sql, isDecimal ? "numeric[]" : "bigint[]"));
    }

    internal static string Comparison(string suffix, string column, List<object> values, bool includeNull, SqlBuilder sql, string arrayType)
    {
        var op = suffix switch { "lt" => "<", "lte" => "<=", "gt" => ">", "gte" => ">=", _ => "=" };
        var array = sql.Add(ToTypedArray(values));
        var test = values.Count == 0 ? "FALSE" : $"{column} {op} ANY({array}::{arrayType})";
        return includeNull ? $"({test} OR {column} IS NULL)" : test;
    }

    private static Array ToTypedArray(List<object> values) => values.FirstOrDefault() switch
    {
        decimal => values.Cast<decimal>().ToArray(),
        DateTime => values.Cast<DateTime>().ToArray(),
        _ => values.Cast<long>().ToArray(),
    };
}
