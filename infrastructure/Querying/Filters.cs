using System.Globalization;
using System.Text.RegularExpressions;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// One declared filter: a query parameter name, the SQL expression it tests, and how its values are read.
/// The lookup suffixes (<c>__n</c>, <c>__ic</c>, <c>__gte</c>, …) follow NetBox's rules for the field kind
/// (netbox-conventions.md §3.4); each suffix yields a positive predicate, and negations wrap it in
/// <c>IS NOT TRUE</c> so rows with NULL are kept, as Django's <c>exclude()</c> keeps them.
/// </summary>
public abstract class Filter(string name, string column)
{
    public string Name { get; } = name;
    public string Column { get; } = column;

    /// <summary>The expression <c>?ordering=&lt;Name&gt;</c> sorts by; null when the filter is not an ordering key.</summary>
    public virtual string? OrderBy => Column;

    /// <summary>Suffixes this kind understands ("" is the plain parameter) and whether each negates.</summary>
    public abstract IReadOnlyDictionary<string, bool> Suffixes { get; }

    /// <summary>
    /// The positive predicate for <paramref name="suffix"/> over <paramref name="column"/>, or an error message.
    /// <paramref name="values"/> are the non-empty values of the parameter (repeated parameters are OR-ed).
    /// </summary>
    public abstract FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql);

    /// <summary>Parameter names this filter answers to besides <see cref="Name"/> (the <c>_id</c> spelling of a foreign key).</summary>
    public virtual IEnumerable<string> Aliases => [];

    protected static readonly Dictionary<string, bool> NumericSuffixes = new()
    {
        [""] = false, ["n"] = true, ["lt"] = false, ["lte"] = false, ["gt"] = false, ["gte"] = false, ["empty"] = false,
    };

    protected static readonly Dictionary<string, bool> TextSuffixes = new()
    {
        [""] = false, ["n"] = true, ["ic"] = false, ["nic"] = true, ["ie"] = false, ["nie"] = true, ["isw"] = false, ["nisw"] = true,
        ["iew"] = false, ["niew"] = true, ["regex"] = false, ["iregex"] = false, ["empty"] = false,
    };
}

public readonly record struct FilterResult(string? Sql, string? Error)
{
    public static FilterResult Ok(string sql) => new(sql, null);
    public static FilterResult Fail(string error) => new(null, error);
}

/// <summary>The null sentinel and value parsing shared by the kinds.</summary>
internal static class FilterValues
{
    public const string Null = "null";

    public static bool IsNull(string value) => value == Null;

    public static string? ParseEmpty(IReadOnlyList<string> values, out bool empty)
    {
        empty = false;
        var last = values[^1];
        if (BoolValue.TryParse(last, out empty))
        {
            return null;
        }

        return $"Select a valid choice. {last} is not one of the available choices.";
    }

    /// <summary>Escapes LIKE metacharacters so <c>%</c> and <c>_</c> in a value match themselves.</summary>
    public static string Like(string value) => value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}

public static class BoolValue
{
    /// <summary>NetBox clients send <c>True</c>/<c>False</c> (pynetbox), <c>true</c>/<c>false</c>, or <c>1</c>/<c>0</c>.</summary>
    public static bool TryParse(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}

/// <summary>Integer and decimal columns (NUM): exact (comma lists too), <c>__n</c>, <c>__lt(e)</c>, <c>__gt(e)</c>, <c>__empty</c>.</summary>
public class NumberFilter(string name, string column, bool isDecimal = false) : Filter(name, column)
{
    public override IReadOnlyDictionary<string, bool> Suffixes => NumericSuffixes;

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

/// <summary>Datetime columns (DT): the numeric suffixes over ISO-8601 values.</summary>
public sealed class DateTimeFilter(string name, string column) : Filter(name, column)
{
    public override IReadOnlyDictionary<string, bool> Suffixes => NumericSuffixes;

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

/// <summary>Text columns (CHARM): exact, and the case-insensitive, regex and emptiness lookups.</summary>
public class TextFilter(string name, string column) : Filter(name, column)
{
    public override IReadOnlyDictionary<string, bool> Suffixes => TextSuffixes;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        switch (suffix)
        {
            case "empty":
                var error = FilterValues.ParseEmpty(values, out var empty);
                return error is not null ? FilterResult.Fail(error)
                    : FilterResult.Ok(empty ? $"({column} IS NULL OR {column} = '')" : $"({column} IS NOT NULL AND {column} <> '')");
            case "" or "n":
                var invalid = values.FirstOrDefault(v => !FilterValues.IsNull(v) && !IsValid(v));
                if (invalid is not null)
                {
                    return FilterResult.Fail($"Select a valid choice. {invalid} is not one of the available choices.");
                }

                var exact = values.Where(v => !FilterValues.IsNull(v)).ToArray();
                var test = exact.Length == 0 ? "FALSE" : $"{column} = ANY({sql.Add(exact)}::text[])";
                return FilterResult.Ok(values.Any(FilterValues.IsNull) ? $"({test} OR {column} IS NULL)" : test);
            case "regex" or "iregex":
                foreach (var pattern in values)
                {
                    if (!IsValidRegex(pattern))
                    {
                        return FilterResult.Fail("Invalid regular expression.");
                    }
                }

                return FilterResult.Ok($"{column} {(suffix == "regex" ? "~" : "~*")} ANY({sql.Add(values.ToArray())}::text[])");
            default:
                var patterns = values.Select(v => suffix switch
                {
                    "ic" or "nic" => "%" + FilterValues.Like(v) + "%",
                    "isw" or "nisw" => FilterValues.Like(v) + "%",
                    "iew" or "niew" => "%" + FilterValues.Like(v),
                    _ => FilterValues.Like(v), // ie, nie
                }).ToArray();
                return FilterResult.Ok($"{column} ILIKE ANY({sql.Add(patterns)}::text[])");
        }
    }

    /// <summary>Whether an exact value is acceptable (choices override this).</summary>
    protected virtual bool IsValid(string value) => true;

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            // PostgreSQL's regex dialect is close enough for syntax: an unbalanced pattern is rejected here
            // with a clear 400 rather than by the database.
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(50));
            return pattern.Length <= 1000;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>Choice columns: exact and <c>__n</c> validate the value; the text lookups are free text.</summary>
public sealed class ChoiceFilter(string name, string column, IReadOnlyCollection<string> choices) : TextFilter(name, column)
{
    protected override bool IsValid(string value) => choices.Contains(value);
}

/// <summary>Boolean columns: <c>true/false/1/0</c>, any case. No suffixes, as in NetBox.</summary>
public sealed class BooleanFilter(string name, string column) : Filter(name, column)
{
    private static readonly Dictionary<string, bool> PlainOnly = new() { [""] = false };

    public override IReadOnlyDictionary<string, bool> Suffixes => PlainOnly;

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

/// <summary>
/// A foreign key by id, under both spellings (<c>cluster</c> and <c>cluster_id</c>); <c>null</c> means none.
/// <see cref="OrderBy"/> is the related object's name, so <c>?ordering=cluster</c> sorts by what a person reads.
/// </summary>
public sealed class ForeignKeyFilter(string name, string column, string? orderBy) : Filter(name, column)
{
    private static readonly Dictionary<string, bool> Plain = new() { [""] = false, ["n"] = true };

    public override IReadOnlyDictionary<string, bool> Suffixes => Plain;

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

/// <summary>
/// A filter on a related object's field, e.g. <c>cluster__name</c>: the inner filter's lookups, tested inside
/// <c>fk IN (SELECT id FROM related WHERE …)</c> so the count query needs no join.
/// </summary>
public sealed class RelatedFilter(string prefix, string foreignKey, string relatedTable, Filter inner)
    : Filter(prefix + "__" + inner.Name, foreignKey)
{
    public override string? OrderBy => null;

    public override IReadOnlyDictionary<string, bool> Suffixes => inner.Suffixes;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql)
    {
        var result = inner.Compile(suffix, "r." + inner.Column, values, sql);
        return result.Sql is null ? result : FilterResult.Ok($"{column} IN (SELECT r.id FROM {relatedTable} r WHERE {result.Sql})");
    }
}

public static class Like
{
    /// <summary>A case-insensitive substring pattern for ILIKE with the metacharacters escaped.</summary>
    public static string Contains(string value) => "%" + FilterValues.Like(value) + "%";
}

/// <summary>A filter on an array column: <c>?actions=view</c> selects rows whose array contains the value.</summary>
public sealed class ArrayContainsFilter(string name, string column) : Filter(name, column)
{
    private static readonly Dictionary<string, bool> Plain = new() { [""] = false, ["n"] = true };

    public override IReadOnlyDictionary<string, bool> Suffixes => Plain;

    public override string? OrderBy => null;

    public override FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql) =>
        FilterResult.Ok($"{column} && {sql.Add(values.ToArray())}::text[]");
}
