using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Resources;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// A resource's component schemas, generated from its declaration: the object as a GET returns it (from its
/// response type), its brief form (its brief fields), a page of them, and the bodies that write it (from its
/// writable fields). A resource added to the registry is described without edits here.
/// </summary>
public sealed class ResourceSchemas(OpenApiDocument document, TypeSchemas types)
{
    /// <summary>Adds every component of <paramref name="resource"/> to the document.</summary>
    public void Add(IResource resource)
    {
        var full = Full(resource);
        Register(ComponentNames.Full(resource), full);
        if (resource.BriefFields.Count > 0)
        {
            Register(ComponentNames.Brief(resource), Brief(resource, full));
        }

        Register(ComponentNames.Paginated(resource), Page(Ref(ComponentNames.Full(resource))));
        if (resource.Writes is { } writes)
        {
            var properties = RequestProperties(writes, withDefaults: true);
            // A patch changes what it sends and nothing else: a default there would tell generated clients (Kiota
            // fills its models with them) to overwrite stored values with it.
            var patched = RequestProperties(writes, withDefaults: false);
            var required = writes.Fields.Where(f => f.Required).Select(f => f.Name).ToList();
            Register(ComponentNames.Request(resource), Body(properties, required, withId: false));
            Register(ComponentNames.PatchedRequest(resource), Body(patched, [], withId: false));
            Register(ComponentNames.BulkRequest(resource), Body(properties, required, withId: true));
            Register(ComponentNames.PatchedBulkRequest(resource), Body(patched, [], withId: true));
            if (writes.Fields.OfType<SecretField>().Where(f => f.ShownOnCreate).Select(f => f.Name).ToList() is { Count: > 0 } shown)
            {
                Register(ComponentNames.Created(resource), Revealing(resource, shown, required: false));
            }
        }
    }

    /// <summary>The body of a create a feature handles itself, and the answer that reveals a key once.</summary>
    public void Add(IResource resource, CreateBody create)
    {
        Register(create.Name, Body(RequestProperties(create.Fields, withDefaults: true), create.Fields.Fields.Where(f => f.Required).Select(f => f.Name).ToList(), withId: false));
        // Several creates of one resource may reveal the same key (a token issued, a token provisioned): one schema.
        if (create.Revealed is { } key && document.Components?.Schemas?.ContainsKey(ComponentNames.Created(resource)) != true)
        {
            Register(ComponentNames.Created(resource), Revealing(resource, [key], required: true));
        }
    }

    /// <summary>The object as a create answers it: the full object plus secrets shown this once.</summary>
    private OpenApiSchema Revealing(IResource resource, IReadOnlyList<string> keys, bool required) => new()
    {
        AllOf =
        [
            Ref(ComponentNames.Full(resource)),
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = required ? new HashSet<string>(keys, StringComparer.Ordinal) : null,
                Properties = keys.ToDictionary(key => key, key => (IOpenApiSchema)new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    ReadOnly = true,
                    Description = required ? "Shown in this answer only; it cannot be read again." : "Present when the service generated it; shown in this answer only.",
                }),
            },
        ],
    };

    /// <summary><c>{count, next, previous, results}</c>, NetBox's page of <paramref name="item"/>.</summary>
    public static OpenApiSchema Page(IOpenApiSchema item) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "count", "next", "previous", "results" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["count"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer | JsonSchemaType.Null,
                Format = "int64",
                Description = "How many objects match; null when paging by cursor (start).",
            },
            ["next"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "uri", Description = "The next page, with every other parameter kept." },
            ["previous"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "uri" },
            ["results"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = item },
        },
    };

    /// <summary>
    /// The object as a GET returns it. Keys no write can set (id, url, display, computed ones, timestamps) are
    /// read-only; a choice reads as its value and label, with the values it may take.
    /// </summary>
    private OpenApiSchema Full(IResource resource)
    {
        var writable = (resource.Writes?.Fields ?? []).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var schema = types.ObjectOf(resource.ResponseType, property => Special(property, writable.GetValueOrDefault(property.Name)));
        foreach (var (name, property) in schema.Properties!)
        {
            if (!writable.ContainsKey(name) && property is OpenApiSchema own)
            {
                own.ReadOnly = true;
            }
        }

        return schema;
    }

    private static IOpenApiSchema? Special(JsonPropertyInfo property, WriteField? field)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var nullable = property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null;
        IOpenApiSchema? schema = null;
        if (type == typeof(ChoiceValue) && field is ChoiceField choice)
        {
            schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "value", "label" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["value"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. choice.Choices.Select(c => (JsonNode)JsonValue.Create(c.Value))] },
                    ["label"] = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            };
        }
        else if (type == typeof(RawJson) && field is not null)
        {
            // Stored JSON reads back in the shape it was written in.
            schema = field.ValueSchema();
        }

        return schema is null ? null : nullable ? TypeSchemas.OrNull(schema) : schema;
    }

    /// <summary>The brief form: the full object's brief keys, in the order the full object has them (as ?brief answers).</summary>
    private static OpenApiSchema Brief(IResource resource, OpenApiSchema full)
    {
        if (resource.BriefFields.FirstOrDefault(name => !full.Properties!.ContainsKey(name)) is { } missing)
        {
            throw new InvalidOperationException($"{resource.Identity.ModelName}'s brief field '{missing}' is not a key of {resource.ResponseType.Name}.");
        }

        var properties = full.Properties!.Where(p => resource.BriefFields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = properties,
            Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal),
        };
    }

    /// <summary>One schema per writable field: its value, null when allowed, its default if asked, write-only for secrets.</summary>
    private static Dictionary<string, IOpenApiSchema> RequestProperties(WriteModel writes, bool withDefaults)
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var field in writes.Fields)
        {
            var schema = field.ValueSchema();
            if (field.WriteOnly)
            {
                schema.WriteOnly = true; // and never a default or an example: it is a secret
            }
            else if (withDefaults && field.Default is { } value)
            {
                schema.Default = JsonSerializer.SerializeToNode(value, value.GetType(), ApiJson.Options);
            }

            properties[field.Name] = field.Nullable ? TypeSchemas.OrNull(schema) : schema;
        }

        return properties;
    }

    private static OpenApiSchema Body(Dictionary<string, IOpenApiSchema> properties, IReadOnlyList<string> required, bool withId)
    {
        var all = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (withId)
        {
            all["id"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "The object to change." };
        }

        foreach (var (name, property) in properties)
        {
            all[name] = property;
        }

        var names = (withId ? required.Prepend("id") : required).ToList();
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = all,
            Required = names.Count == 0 ? null : new HashSet<string>(names, StringComparer.Ordinal),
        };
    }

    private void Register(string name, IOpenApiSchema schema)
    {
        if (document.Components?.Schemas?.ContainsKey(name) == true)
        {
            throw new InvalidOperationException($"Two schemas of the OpenAPI document are named {name}: resource model names must be unique.");
        }

        document.AddComponent(name, schema);
    }

    private OpenApiSchemaReference Ref(string name) => new(name, document);
}
