using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Choices;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>NetBox's <c>ChoiceField</c>: the plain value (or <c>{"value": …}</c>), read back as <c>{value, label}</c>.</summary>
public sealed class ChoiceField(string name, IReadOnlyList<Choice> choices, string? column = null) : WriteField(name, column)
{
    private readonly HashSet<string> _values = choices.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<Choice> Choices => choices;

    public bool AllowBlank { get; init; }

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "field";

    /// <summary>The plain value; the <c>{"value": …}</c> form is accepted too but not advertised.</summary>
    public override OpenApiSchema ValueSchema() => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. (AllowBlank ? choices.Select(c => c.Value).Prepend("") : choices.Select(c => c.Value)).Select(v => (JsonNode)JsonValue.Create(v))],
    };

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
}
