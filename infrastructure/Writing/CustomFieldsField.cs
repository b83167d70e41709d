using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// <c>custom_fields</c>: a JSON object. On update the sent keys are merged into the stored ones and a <c>null</c>
/// value removes its key, as NetBox does.
/// </summary>
public sealed class CustomFieldsField() : WriteField("custom_fields", "custom_field_data")
{
    protected override object? EmptyValue => "{}";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "json";

    public override OpenApiSchema ValueSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Custom field name → value; on update the keys given are merged into the stored ones, and a null value removes its key.",
    };

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
            ? Parsed.Ok(value.GetRawText())
            : Parsed.Fail("Invalid data format. Custom field data must be passed as a dictionary mapping field names to their values.");

    public override string ValueSql(string value) => $"{value}::jsonb";

    /// <summary>A create stores the object without its null-valued keys; an update merges them into what is stored.</summary>
    public override object? Accept(object? given, object? stored, bool creating)
    {
        var sent = (string)given!;
        var into = creating ? null : stored as string;
        // Nothing stored and no key to remove: the merge is the object as sent (a bulk sync sends {} with every item).
        return (into is null or "" or "{}") && !sent.Contains("null", StringComparison.Ordinal) ? sent : Merge(into, sent);
    }

    public static string Merge(string? stored, string sent)
    {
        var merged = JsonNode.Parse(string.IsNullOrEmpty(stored) ? "{}" : stored)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(sent)!.AsObject())
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }

        return merged.ToJsonString();
    }
}
