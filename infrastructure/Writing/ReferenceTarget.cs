using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Writing;

/// <summary>What a foreign key may point at, and which attributes a write may look it up by.</summary>
/// <param name="Lookups">JSON attribute → column of <paramref name="Table"/>.</param>
public sealed record ReferenceTarget(string Table, IReadOnlyDictionary<string, string> Lookups)
{
    /// <summary>
    /// The forms a body may use, for the OpenAPI document: the related object's id, or an object that names it by
    /// its id or by the attributes it can be looked up by (a nested object as a GET returned it carries its id).
    /// </summary>
    public OpenApiSchema Schema() => new()
    {
        OneOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "The related object's id." },
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "The related object's id, or attributes that match exactly one object.",
                MinProperties = 1,
                Properties = Lookups.Keys.ToDictionary(
                    name => name,
                    name => (IOpenApiSchema)(name == "id" ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" } : new OpenApiSchema()),
                    StringComparer.Ordinal),
            },
        ],
    };
}
