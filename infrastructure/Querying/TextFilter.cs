using System.Text.RegularExpressions;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>Text columns (CHARM): exact, and the case-insensitive, regex and emptiness lookups.</summary>
public class TextFilter(string name, string? column = null) : Filter(name, column)
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

                return FilterResult.Ok($"{column} {(suffix == "regex" ? "~" : "~*")} ANY({sql.AddPattern(values.ToArray())}::text[])");
            default:
                var patterns = values.Select(v => suffix switch
                {
                    "ic" or "nic" => "%" + FilterValues.Like(v) + "%",
                    "isw" or "nisw" => FilterValues.Like(v) + "%",
                    "iew" or "niew" => "%" + FilterValues.Like(v),
                    _ => FilterValues.Like(v), // ie, nie
                }).ToArray();
                return FilterResult.Ok($"{column} ILIKE ANY({sql.AddPattern(patterns)}::text[])");
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
