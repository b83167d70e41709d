using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>A related object as written in a body, before it is resolved to an id.</summary>
public abstract record Reference
{
    public sealed record ById(long Id) : Reference;

    /// <summary>A dict of attributes (<c>{"name": "prod"}</c>), with its Python repr for NetBox's messages.</summary>
    public sealed record ByAttributes(IReadOnlyList<KeyValuePair<string, string?>> Attributes, string Repr) : Reference;

    public const string Unrecognized = "Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: ";

    /// <summary>
    /// The forms a NetBox client may send: an integer id, a numeric string, a dict with <c>id</c> (which is
    /// also what a nested object read back from this API is), or a dict of attributes.
    /// </summary>
    public static (Reference? Reference, string? Error) Parse(JsonElement value, ReferenceTarget target)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var id):
                return (new ById(id), null);
            case JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                return (new ById(id), null);
            case JsonValueKind.Object:
                if (value.TryGetProperty("id", out var idValue) && idValue.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                {
                    return Parse(idValue, target);
                }

                var attributes = new List<KeyValuePair<string, string?>>();
                foreach (var property in value.EnumerateObject())
                {
                    if (!target.Lookups.ContainsKey(property.Name))
                    {
                        return (null, $"Cannot resolve keyword '{property.Name}' into field. Choices are: {string.Join(", ", target.Lookups.Keys.Order(StringComparer.Ordinal))}.");
                    }

                    attributes.Add(new(property.Name, property.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => property.Value.GetRawText(),
                    }));
                }

                return attributes.Count == 0
                    ? (null, Unrecognized + "{}")
                    : (new ByAttributes(attributes, PythonRepr(value)), null);
            default:
                return (null, Unrecognized + (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()));
        }
    }

    /// <summary>How Python prints the dict, as NetBox's messages quote it: <c>{'name': 'x'}</c>.</summary>
    private static string PythonRepr(JsonElement value)
    {
        var builder = new StringBuilder("{");
        foreach (var property in value.EnumerateObject())
        {
            if (builder.Length > 1)
            {
                builder.Append(", ");
            }

            builder.Append(Quote(property.Name)).Append(": ").Append(property.Value.ValueKind switch
            {
                JsonValueKind.String => Quote(property.Value.GetString()!),
                JsonValueKind.True => "True",
                JsonValueKind.False => "False",
                JsonValueKind.Null => "None",
                _ => property.Value.GetRawText(),
            });
        }

        return builder.Append('}').ToString();

        static string Quote(string s) => "'" + s.Replace(@"\", @"\\").Replace("'", @"\'") + "'";
    }
}
