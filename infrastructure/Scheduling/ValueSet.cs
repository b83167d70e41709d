namespace Proxbox.Api.Infrastructure.Scheduling;

/// <summary>
/// The values one field of a schedule admits, for example the minutes 0, 15, 30 and 45, kept as one flag per
/// possible value so that membership and "next admitted value" are cheap whatever the list looked like.
/// </summary>
internal sealed class ValueSet
{
    // Longer numbers are never meaningful here; refusing them early keeps arithmetic far from overflow.
    private const int MaxDigits = 9;

    private readonly bool[] _allowed;

    private ValueSet(int min, bool[] allowed)
    {
        Min = min;
        _allowed = allowed;
    }

    public int Min { get; }

    public int Max => Min + _allowed.Length - 1;

    public static ValueSet All(int min, int max)
    {
        var allowed = new bool[max - min + 1];
        Array.Fill(allowed, true);
        return new ValueSet(min, allowed);
    }

    public static ValueSet Of(int min, int max, params int[] values)
    {
        var allowed = new bool[max - min + 1];
        foreach (var value in values)
        {
            allowed[value - min] = true;
        }

        return new ValueSet(min, allowed);
    }

    /// <summary>Takes ownership of <paramref name="allowed"/>, whose index 0 stands for <paramref name="min"/>.</summary>
    public static ValueSet? FromFlags(int min, bool[] allowed) =>
        Array.IndexOf(allowed, true) < 0 ? null : new ValueSet(min, allowed);

    public bool Contains(int value) => value >= Min && value <= Max && _allowed[value - Min];

    /// <summary>The smallest admitted value not below <paramref name="value"/>, or null when there is none.</summary>
    public int? NextAtOrAfter(int value)
    {
        for (var candidate = Math.Max(value, Min); candidate <= Max; candidate++)
        {
            if (_allowed[candidate - Min])
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a comma-separated list whose items are <c>*</c>, <c>*/step</c>, <c>value</c>, <c>value/step</c>,
    /// <c>first{separator}last</c> or <c>first{separator}last/step</c>. A step without an end runs to the field's
    /// maximum. Values may be names when <paramref name="names"/> is given (matched on their first three letters or
    /// in full, index 0 standing for <paramref name="min"/>). Returns null for anything else, out-of-range values and
    /// backwards ranges included.
    /// </summary>
    public static ValueSet? TryParse(string text, int min, int max, string rangeSeparator, IReadOnlyList<string>? names = null)
    {
        var allowed = new bool[max - min + 1];
        foreach (var item in text.Split(','))
        {
            if (!TryParseItem(item, min, max, rangeSeparator, names, allowed))
            {
                return null;
            }
        }

        return FromFlags(min, allowed);
    }

    private static bool TryParseItem(string item, int min, int max, string rangeSeparator, IReadOnlyList<string>? names, bool[] allowed)
    {
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? item : item[..slash];
        var step = 1;
        if (slash >= 0 && (!TryParseNumber(item[(slash + 1)..], out step) || step < 1))
        {
            return false;
        }

        int first, last;
        if (range == "*")
        {
            (first, last) = (min, max);
        }
        else
        {
            var separator = range.IndexOf(rangeSeparator, StringComparison.Ordinal);
            if (separator < 0)
            {
                if (!TryParseValue(range, names, min, out first))
                {
                    return false;
                }

                last = slash >= 0 ? max : first;
            }
            else if (!TryParseValue(range[..separator], names, min, out first)
                || !TryParseValue(range[(separator + rangeSeparator.Length)..], names, min, out last))
            {
                return false;
            }

            if (first < min || last > max || first > last)
            {
                return false;
            }
        }

        for (var value = first; value <= last; value += step)
        {
            allowed[value - min] = true;
        }

        return true;
    }

    private static bool TryParseValue(string text, IReadOnlyList<string>? names, int min, out int value)
    {
        if (TryParseNumber(text, out value))
        {
            return true;
        }

        if (names is not null && text.Length >= 3)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (text.Equals(names[i], StringComparison.OrdinalIgnoreCase)
                    || (text.Length == 3 && names[i].StartsWith(text, StringComparison.OrdinalIgnoreCase)))
                {
                    value = min + i;
                    return true;
                }
            }
        }

        return false;
    }

    private static bool TryParseNumber(string text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > MaxDigits)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
