using System.Globalization;
using System.Text.Json;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>DRF <c>FloatField</c>: JSON numbers or numeric strings, finite only.</summary>
public sealed class FloatField(string name, string? column = null) : WriteField(name, column)
{
    public override Type ElementType => typeof(double);
    public override string TypeLabel => "float";

    protected override Parsed ParseValue(JsonElement value)
    {
        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDouble(out number))
            {
                return Parsed.Fail("A valid number is required.");
            }
        }
        else if (value.ValueKind != JsonValueKind.String
                 || !double.TryParse(value.GetString()!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return Parsed.Fail("A valid number is required.");
        }

        return double.IsFinite(number) ? Parsed.Ok(number) : Parsed.Fail("A valid number is required.");
    }
}
