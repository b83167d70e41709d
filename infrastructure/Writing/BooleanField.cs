using System.Text.Json;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>DRF <c>BooleanField</c>: JSON booleans and DRF's accepted spellings.</summary>
public sealed class BooleanField(string name, string? column = null) : WriteField(name, column)
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
