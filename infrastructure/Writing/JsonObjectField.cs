using System.Text.Json;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A JSON object stored as it was sent (<c>raw_config</c>: whatever Proxmox reported), <c>{}</c> when omitted;
/// anything but an object is refused.
/// </summary>
public sealed class JsonObjectField(string name, string? column = null) : WriteField(name, column)
{
    protected override object? EmptyValue => "{}";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "json";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.Object };

    public override string ValueSql(string value) => $"{value}::jsonb";

    protected override Parsed ParseValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
            ? Parsed.Ok(value.GetRawText())
            : Parsed.Fail($"Expected a dictionary of items but got type \"{PythonType.Of(value)}\".");

    public override object? FromDatabase(object? value) => value as string;
}
