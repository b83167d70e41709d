using System.Globalization;
using System.Text.Json;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>DRF <c>DecimalField(max_digits, decimal_places)</c>: JSON numbers or numeric strings.</summary>
public sealed class DecimalField(string name, int maxDigits, int decimalPlaces, string? column = null) : WriteField(name, column)
{
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }

    public override Type ElementType => typeof(decimal);
    public override string TypeLabel => "decimal";

    public override OpenApiSchema ValueSchema() => new()
    {
        Type = JsonSchemaType.Number,
        Format = "decimal",
        Description = $"At most {maxDigits} digits, {decimalPlaces} of them after the decimal point.",
        Minimum = Min?.ToString(CultureInfo.InvariantCulture),
        Maximum = Max?.ToString(CultureInfo.InvariantCulture),
    };

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
