using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// JSON schemas of the CLR types responses are serialized from, read from System.Text.Json's contract for them
/// under the API's own options: property names, their order and their nullability are exactly what the
/// serializer writes, so the document cannot drift from the responses. A record nested in a response becomes a
/// component named after its type.
/// </summary>
/// <param name="reserved">Component names kept for the resources' own schemas.</param>
public sealed class TypeSchemas(OpenApiDocument document, IReadOnlySet<string> reserved)
{
    /// <summary>The API's serializer options with their default contract resolver, which is what responses are written with.</summary>
    private static readonly JsonSerializerOptions Contract = new(ApiJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private readonly Dictionary<Type, string> _components = [];

    /// <summary>The schema of a value of <paramref name="type"/>; <paramref name="nullable"/> when its declaration admits null.</summary>
    public IOpenApiSchema Of(Type type, bool nullable)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Of(underlying, nullable: true);
        }

        var schema = Describe(type);
        return nullable ? OrNull(schema) : schema;
    }

    /// <summary>
    /// An object with <paramref name="type"/>'s serialized properties, in the order they are written, all of them
    /// required (the serializer writes null values too). <paramref name="special"/> may describe a property itself.
    /// </summary>
    public OpenApiSchema ObjectOf(Type type, Func<JsonPropertyInfo, IOpenApiSchema?>? special = null)
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var property in Contract.GetTypeInfo(type).Properties.Where(p => p.Get is not null))
        {
            properties[property.Name] = special?.Invoke(property) ?? Of(property.PropertyType, property.IsGetNullable);
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = properties,
            Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal),
        };
    }

    /// <summary>A reference to <paramref name="type"/>'s component, which is added on first use.</summary>
    public OpenApiSchemaReference Reference(Type type)
    {
        if (!_components.TryGetValue(type, out var id))
        {
            id = FreeName(type.Name.Split('`')[0]);
            _components[type] = id;
            // The name is taken before the object is described, so a type that contains itself ends in a reference.
            document.AddComponent<IOpenApiSchema>(id, ObjectOf(type));
        }

        return new OpenApiSchemaReference(id, document);
    }

    /// <summary><paramref name="schema"/>, admitting null as well.</summary>
    public static IOpenApiSchema OrNull(IOpenApiSchema schema)
    {
        switch (schema)
        {
            case OpenApiSchema { Type: { } type } own:
                own.Type = type | JsonSchemaType.Null;
                return own;
            case OpenApiSchema { OneOf.Count: > 0 } alternatives:
                alternatives.OneOf.Add(new OpenApiSchema { Type = JsonSchemaType.Null });
                return alternatives;
            case OpenApiSchema { AnyOf: null, AllOf: null, Enum: null } any:
                return any; // no type: any JSON value, null included
            default:
                return new OpenApiSchema { OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Null }] };
        }
    }

    private IOpenApiSchema Describe(Type type)
    {
        if (type == typeof(string))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String };
        }

        if (type == typeof(bool))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Boolean };
        }

        if (type == typeof(int) || type == typeof(short) || type == typeof(byte))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
        }

        if (type == typeof(decimal))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        }

        if (type == typeof(Guid))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
        }

        // Stored JSON written through verbatim, and untyped values: any JSON value.
        if (type == typeof(RawJson) || type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object))
        {
            return new OpenApiSchema();
        }

        if (ElementOf(type, typeof(IDictionary<,>)) is { } entry && entry.GetGenericArguments()[0] == typeof(string))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Of(entry.GetGenericArguments()[1], nullable: false) };
        }

        if (ElementOf(type, typeof(IEnumerable<>)) is { } sequence)
        {
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = Of(sequence.GetGenericArguments()[0], nullable: false) };
        }

        return Reference(type);
    }

    /// <summary>The closed form of <paramref name="generic"/> that <paramref name="type"/> is or implements, if any.</summary>
    private static Type? ElementOf(Type type, Type generic) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    /// <summary>The type's own name, unless a resource's schema or another type already has it.</summary>
    private string FreeName(string name)
    {
        var taken = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var candidate = name;
        for (var n = 2; taken.ContainsKey(candidate) || reserved.Contains(candidate); n++)
        {
            candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
