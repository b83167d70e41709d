using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>DRF <c>IntegerField</c> with the column's range as bounds.</summary>
public sealed class IntegerField(string name, long min = int.MinValue, long max = int.MaxValue, string? column = null) : WriteField(name, column)
{
    public long Min => min;
    public long Max => max;

    public override Type ElementType => typeof(long);
    public override string TypeLabel => "integer";

    public override OpenApiSchema ValueSchema() => new()
    {
        Type = JsonSchemaType.Integer,
        Format = min >= int.MinValue && max <= int.MaxValue ? "int32" : "int64",
        Minimum = min.ToString(CultureInfo.InvariantCulture),
        Maximum = max.ToString(CultureInfo.InvariantCulture),
    };

    protected override Parsed ParseValue(JsonElement value)
    {
        long number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt64(out number))
            {
                // 12.0 is an integer to DRF; 12.5 and 1e30 are not. A whole number just past a long (2^63) is compared
                // exactly: as a double it equals long.MaxValue and would pass for no integer at all.
                if (value.TryGetDecimal(out var d) && d == decimal.Truncate(d))
                {
                    if (d > long.MaxValue || d < long.MinValue)
                    {
                        return Parsed.Fail(d > 0 ? $"Ensure this value is less than or equal to {max}." : $"Ensure this value is greater than or equal to {min}.");
                    }

                    number = (long)d;
                }
                else
                {
                    return Parsed.Fail(value.TryGetDouble(out var big) && double.IsFinite(big) && Math.Abs(big) > long.MaxValue
                        ? big > 0 ? $"Ensure this value is less than or equal to {max}." : $"Ensure this value is greater than or equal to {min}."
                        : "A valid integer is required.");
                }
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
