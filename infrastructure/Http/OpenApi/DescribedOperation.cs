using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>One operation being described, and the declaration it serves.</summary>
public sealed record DescribedOperation(OpenApiOperation Target, string Method, IResource Resource, CreateBody? Create, OpenApiDocument Document)
{
    public void Query(string name, OpenApiSchema schema, string? description)
    {
        Target.Parameters ??= [];
        Target.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = schema, Description = description });
    }

    /// <summary>
    /// A filter parameter typed by its values; one that may repeat is an exploded array, so generated clients can
    /// send <c>?name=a&amp;name=b</c>.
    /// </summary>
    public void Filter(FilterParameter filter, string? description)
    {
        var value = FilterValue(filter);
        Target.Parameters ??= [];
        Target.Parameters.Add(new OpenApiParameter
        {
            Name = filter.Name,
            In = ParameterLocation.Query,
            Description = description,
            Schema = filter.Repeats ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = value } : value,
            Style = filter.Repeats ? ParameterStyle.Form : null,
            Explode = true,
        });
    }

    private static OpenApiSchema FilterValue(FilterParameter filter)
    {
        var value = filter.Kind switch
        {
            FilterValueKind.Integer => new OpenApiSchema { Type = JsonSchemaType.Integer },
            FilterValueKind.Decimal => new OpenApiSchema { Type = JsonSchemaType.Number },
            FilterValueKind.DateTime => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            FilterValueKind.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            _ => new OpenApiSchema { Type = JsonSchemaType.String },
        };
        if (filter.AllowedValues is { } allowed)
        {
            value.Enum = allowed.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        }

        return value;
    }

    public void IfMatch()
    {
        Target.Parameters ??= [];
        Target.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Description = "Only if the object's ETag still matches (412 otherwise).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    public void Body(IOpenApiSchema schema, bool required) => Target.RequestBody = new OpenApiRequestBody
    {
        Required = required,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
    };

    public OpenApiResponse Answer(string status, string description, IOpenApiSchema? schema)
    {
        var response = new OpenApiResponse { Description = description };
        if (schema is not null)
        {
            response.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } };
        }

        Target.Responses ??= [];
        Target.Responses.Remove("200"); // the generator's placeholder
        Target.Responses[status] = response;
        return response;
    }

    public void Error(string status, string component)
    {
        Target.Responses ??= [];
        Target.Responses[status] = SharedComponents.Response(component, Document);
    }

    public void WriteErrors()
    {
        Error("400", SharedComponents.InvalidBody);
        Error("413", SharedComponents.PayloadTooLarge);
        Error("415", SharedComponents.UnsupportedMediaType);
    }
}
