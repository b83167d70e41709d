using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>A parsed body value, or the NetBox/DRF message explaining why it is not one.</summary>
public readonly record struct Parsed(object? Value, string? Error)
{
    public static Parsed Ok(object? value) => new(value, null);
    public static Parsed Fail(string error) => new(null, error);
}

/// <summary>
/// A writable field: its JSON name, its column (also the name of its parameter array in the resource's
/// INSERT/UPDATE), whether it is required or nullable, its default on create, and how its JSON value is read.
/// </summary>
public abstract class WriteField(string name, string column)
{
    public string Name { get; } = name;
    public string Column { get; } = column;

    /// <summary>Must be present on create (and on PUT).</summary>
    public bool Required { get; init; }

    public bool Nullable { get; init; }

    /// <summary>The value stored when a create omits the field.</summary>
    public object? Default { get; init; }

    /// <summary>What a create stores for an omitted field: its default, else null or the kind's empty value.</summary>
    public object? DefaultValue => Default ?? (Nullable ? null : EmptyValue);

    /// <summary>The value of a NOT NULL column that has no declared default (Django's <c>''</c> for text).</summary>
    protected virtual object? EmptyValue => null;

    /// <summary>The CLR element type of this field's parameter array.</summary>
    public abstract Type ElementType { get; }

    /// <summary>For OPTIONS: DRF's type label.</summary>
    public abstract string TypeLabel { get; }

    public Parsed Parse(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null
            ? Nullable ? Parsed.Ok(null) : Parsed.Fail("This field may not be null.")
            : ParseValue(value);

    protected abstract Parsed ParseValue(JsonElement value);

    /// <summary>The SQL that reads the stored value back for an update (a column whose type loses detail in transit overrides it).</summary>
    public virtual string StoredValue(string alias) => $"{alias}.{Column}";

    /// <summary>A value read back from the database, converted to <see cref="ElementType"/>.</summary>
    public virtual object? FromDatabase(object? value) => value is null or DBNull ? null : Convert.ChangeType(value, ElementType, CultureInfo.InvariantCulture);
}

/// <summary>DRF <c>CharField</c>: strings and numbers (stringified), trimmed; booleans and containers refused.</summary>
public sealed class TextField(string name, string column, int? maxLength = null) : WriteField(name, column)
{
    /// <summary>False for model fields declared <c>blank=False</c>: an empty string is refused.</summary>
    public bool AllowBlank { get; init; } = true;

    public Regex? Pattern { get; init; }
    public string? PatternMessage { get; init; }

    public int? MaxLength => maxLength;

    protected override object? EmptyValue => "";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    protected override Parsed ParseValue(JsonElement value)
    {
        string text;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString()!.Trim();
                break;
            case JsonValueKind.Number:
                text = value.GetRawText();
                break;
            default:
                return Parsed.Fail("Not a valid string.");
        }

        if (text.Length == 0)
        {
            return AllowBlank ? Parsed.Ok(text) : Parsed.Fail("This field may not be blank.");
        }

        if (maxLength is int max && text.Length > max)
        {
            return Parsed.Fail($"Ensure this field has no more than {max} characters.");
        }

        if (Pattern is not null && !Pattern.IsMatch(text))
        {
            return Parsed.Fail(PatternMessage ?? "Enter a valid value.");
        }

        return Parsed.Ok(text);
    }
}

/// <summary>DRF <c>IntegerField</c> with the column's range as bounds.</summary>
public sealed class IntegerField(string name, string column, long min = int.MinValue, long max = int.MaxValue) : WriteField(name, column)
{
    public long Min => min;
    public long Max => max;

    public override Type ElementType => typeof(long);
    public override string TypeLabel => "integer";

    protected override Parsed ParseValue(JsonElement value)
    {
        long number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt64(out number))
            {
                // 12.0 is an integer to DRF; 12.5 and 1e30 are not.
                if (!value.TryGetDecimal(out var d) || d != decimal.Truncate(d) || d < long.MinValue || d > long.MaxValue)
                {
                    return Parsed.Fail(value.TryGetDouble(out var big) && double.IsFinite(big) && Math.Abs(big) > long.MaxValue
                        ? big > 0 ? $"Ensure this value is less than or equal to {max}." : $"Ensure this value is greater than or equal to {min}."
                        : "A valid integer is required.");
                }

                number = (long)d;
            }
        }
        else if (value.ValueKind == JsonValueKind.String
                 && Regex.Match(value.GetString()!.Trim(), @"^([-+]?\d+)(\.0*)?$") is { Success: true } m)
        {
            if (!long.TryParse(m.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                return Parsed.Fail(m.Groups[1].Value.StartsWith('-') ? $"Ensure this value is greater than or equal to {min}." : $"Ensure this value is less than or equal to {max}.");
            }
        }
        else
        {
            return Parsed.Fail("A valid integer is required.");
        }

        if (number < min)
        {
            return Parsed.Fail($"Ensure this value is greater than or equal to {min}.");
        }

        return number > max ? Parsed.Fail($"Ensure this value is less than or equal to {max}.") : Parsed.Ok(number);
    }
}

/// <summary>DRF <c>DecimalField(max_digits, decimal_places)</c>: JSON numbers or numeric strings.</summary>
public sealed class DecimalField(string name, string column, int maxDigits, int decimalPlaces) : WriteField(name, column)
{
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }

    public override Type ElementType => typeof(decimal);
    public override string TypeLabel => "decimal";

    protected override Parsed ParseValue(JsonElement value)
    {
        decimal number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out number))
            {
                return Parsed.Fail("A valid number is required.");
            }
        }
        else if (value.ValueKind != JsonValueKind.String
                 || !decimal.TryParse(value.GetString()!.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
        {
            return Parsed.Fail("A valid number is required.");
        }

        var text = Math.Abs(number).ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.');
        var whole = (point < 0 ? text : text[..point]).TrimStart('0');
        var fraction = point < 0 ? "" : text[(point + 1)..].TrimEnd('0');
        if (whole.Length + fraction.Length > maxDigits)
        {
            return Parsed.Fail($"Ensure that there are no more than {maxDigits} digits in total.");
        }

        if (fraction.Length > decimalPlaces)
        {
            return Parsed.Fail($"Ensure that there are no more than {decimalPlaces} decimal places.");
        }

        if (whole.Length > maxDigits - decimalPlaces)
        {
            return Parsed.Fail($"Ensure that there are no more than {maxDigits - decimalPlaces} digits before the decimal point.");
        }

        if (Min is decimal lo && number < lo)
        {
            return Parsed.Fail($"Ensure this value is greater than or equal to {lo}.");
        }

        return Max is decimal hi && number > hi ? Parsed.Fail($"Ensure this value is less than or equal to {hi}.") : Parsed.Ok(number);
    }
}

/// <summary>DRF <c>BooleanField</c>: JSON booleans and DRF's accepted spellings.</summary>
public sealed class BooleanField(string name, string column) : WriteField(name, column)
{
    protected override object? EmptyValue => false;

    private static readonly HashSet<string> True = ["t", "y", "yes", "true", "on", "1"];
    private static readonly HashSet<string> False = ["f", "n", "no", "false", "off", "0"];

    public override Type ElementType => typeof(bool);
    public override string TypeLabel => "boolean";

    protected override Parsed ParseValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return Parsed.Ok(true);
            case JsonValueKind.False:
                return Parsed.Ok(false);
            case JsonValueKind.Number when value.TryGetInt32(out var n) && n is 0 or 1:
                return Parsed.Ok(n == 1);
            case JsonValueKind.String:
                var text = value.GetString()!.Trim().ToLowerInvariant();
                if (True.Contains(text))
                {
                    return Parsed.Ok(true);
                }

                if (False.Contains(text))
                {
                    return Parsed.Ok(false);
                }

                break;
        }

        return Parsed.Fail("Must be a valid boolean.");
    }
}

/// <summary>A choice: one value and its label, as NetBox's ChoiceSets define them.</summary>
public sealed record Choice(string Value, string Label);

/// <summary>NetBox's <c>ChoiceField</c>: the plain value (or <c>{"value": …}</c>), read back as <c>{value, label}</c>.</summary>
public sealed class ChoiceField(string name, string column, IReadOnlyList<Choice> choices) : WriteField(name, column)
{
    private readonly HashSet<string> _values = choices.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<Choice> Choices => choices;

    public bool AllowBlank { get; init; }

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "field";

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner))
        {
            return inner.ValueKind == JsonValueKind.Null ? Parse(inner) : ParseValue(inner);
        }

        string text;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString()!.Trim();
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                text = value.GetRawText();
                break;
            default:
                return Parsed.Fail("Value must be passed directly (e.g. \"foo\": 123); do not use a dictionary or list.");
        }

        if (text.Length == 0)
        {
            return AllowBlank ? Parsed.Ok("") : Parsed.Fail("This field may not be blank.");
        }

        return _values.Contains(text) ? Parsed.Ok(text) : Parsed.Fail($"\"{text}\" is not a valid choice.");
    }

    /// <summary>How a stored choice reads: <c>{value, label}</c>, or null when empty.</summary>
    public ChoiceValue? Read(string? value) => Read(choices, value);

    public static ChoiceValue? Read(IReadOnlyList<Choice> choices, string? value) =>
        string.IsNullOrEmpty(value) ? null : new ChoiceValue(value, choices.FirstOrDefault(c => c.Value == value)?.Label ?? "");
}

/// <summary>How a choice reads: <c>{"value": "active", "label": "Active"}</c>.</summary>
public sealed record ChoiceValue(string Value, string Label);

/// <summary>DRF <c>DateTimeField</c>: ISO-8601; a value without an offset is UTC.</summary>
public sealed class DateTimeField(string name, string column) : WriteField(name, column)
{
    public override Type ElementType => typeof(DateTime);
    public override string TypeLabel => "datetime";

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && DrfDateTime.TryParse(value.GetString(), out var instant)
            ? Parsed.Ok(instant)
            : Parsed.Fail(DrfDateTime.WrongFormat);

    public override object? FromDatabase(object? value) => value is DateTime dt ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : null;
}
