using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>DRF <c>CharField</c>: strings and numbers (stringified), trimmed; booleans and containers refused.</summary>
public sealed class TextField(string name, int? maxLength = null, string? column = null) : WriteField(name, column)
{
    /// <summary>False for model fields declared <c>blank=False</c>: an empty string is refused.</summary>
    public bool AllowBlank { get; init; } = true;

    public Regex? Pattern { get; init; }
    public string? PatternMessage { get; init; }

    public int? MaxLength => maxLength;

    /// <summary>
    /// For a string field Proxmox reports as a flag (<c>is_mountpoint</c>, <c>fleecing</c>): what a JSON <c>false</c>
    /// and <c>true</c> are stored as. Without it a boolean is refused, as DRF refuses it.
    /// </summary>
    public (string False, string True)? Booleans { get; init; }

    protected override object? EmptyValue => "";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "string";

    public override OpenApiSchema ValueSchema() => new()
    {
        Type = Booleans is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Boolean,
        MaxLength = MaxLength,
        MinLength = AllowBlank ? null : 1,
        Pattern = Pattern?.ToString(),
    };

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
            case JsonValueKind.True or JsonValueKind.False when Booleans is { } forms:
                text = value.ValueKind == JsonValueKind.True ? forms.True : forms.False;
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
