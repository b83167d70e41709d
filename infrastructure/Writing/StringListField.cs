using System.Text.Json;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>
/// A list of strings stored as a PostgreSQL array. Its parameter travels as JSON text (an array of arrays cannot
/// be unnested row by row), so statements read it back with <c>ARRAY(SELECT jsonb_array_elements_text(v.col::jsonb))</c>.
/// </summary>
public sealed class StringListField(string name, string arrayType, Func<string, string?> validate) : WriteField(name)
{
    public override string ValueSql(string value) => $"ARRAY(SELECT jsonb_array_elements_text({value}::jsonb))::{arrayType}";

    public override Type ElementType => typeof(string);
    public override string TypeLabel => "list";

    public override OpenApiSchema ValueSchema() => new() { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } };

    protected override object? EmptyValue => "[]";

    protected override Parsed ParseValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Parsed.Fail($"Expected a list of items but got type \"{PythonType.Of(value)}\".");
        }

        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return Parsed.Fail("Not a valid string.");
            }

            var text = item.GetString()!.Trim();
            if (validate(text) is { } error)
            {
                return Parsed.Fail(error);
            }

            items.Add(text);
        }

        return Parsed.Ok(JsonSerializer.Serialize(items.Distinct().ToArray()));
    }

    /// <summary>
    /// Read back as JSON text of strings, the form a body gives: Npgsql would hand a <c>cidr[]</c> or <c>inet[]</c>
    /// over as network structs, not strings.
    /// </summary>
    public override string StoredValue(string alias) => $"array_to_json({alias}.{Column}::text[])::text";

    public override object? FromDatabase(object? value) => value as string;
}
