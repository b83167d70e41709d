using Microsoft.OpenApi;
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
