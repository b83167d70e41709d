using System.Text.Json;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Features.Users.Permissions;

/// <summary><c>constraints</c>: null, an object of field → value, or a non-empty list of such objects.</summary>
public sealed class ConstraintsField() : WriteField("constraints")
{
    public override string ValueSql(string value) => $"{value}::jsonb";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "json";

    public override OpenApiSchema ValueSchema() => new()
    {
        OneOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.Object },
            new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
        ],
    };

    protected override Parsed ParseValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => Parsed.Ok(value.GetRawText()),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object) => Parsed.Ok(value.GetRawText()),
        _ => Parsed.Fail("Constraints must be defined as a dictionary or list of dictionaries."),
    };

    public override object? FromDatabase(object? value) => value as string;
}
