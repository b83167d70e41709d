using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// What every resource shares: NetBox's error bodies and the responses that carry them, the body of a bulk
/// delete, the OPTIONS metadata, and the token security scheme.
/// </summary>
public static class SharedComponents
{
    public const string SecurityScheme = "tokenAuth";

    public const string ErrorDetail = "ErrorDetail";
    public const string ValidationErrors = "ValidationErrors";
    public const string BulkValidationErrors = "BulkValidationErrors";
    public const string ErrorMessages = "ErrorMessages";
    public const string ObjectMetadata = "ObjectMetadata";

    public const string InvalidQuery = "InvalidQuery";
    public const string InvalidBody = "InvalidBody";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "NotFound";
    public const string MethodNotAllowed = "MethodNotAllowed";
    public const string Conflict = "Conflict";
    public const string PreconditionFailed = "PreconditionFailed";
    public const string PayloadTooLarge = "PayloadTooLarge";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string ServiceUnavailable = "ServiceUnavailable";

    public static void Add(OpenApiDocument document)
    {
        document.AddComponent<IOpenApiSchema>(ErrorDetail, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "detail" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String } },
        });
        document.AddComponent<IOpenApiSchema>(ValidationErrors, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Each field in error (or a parameter, or __all__ for a rule over several fields) with its messages.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        });
        document.AddComponent<IOpenApiSchema>(BulkValidationErrors, new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "A bulk request's errors, one object per item in the order sent; {} for the items that were valid.",
            Items = Schema(ValidationErrors, document),
        });
        document.AddComponent<IOpenApiSchema>(ErrorMessages, new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "Messages that concern no one field (the cursor parameters).",
            Items = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        document.AddComponent<IOpenApiSchema>(ComponentNames.BulkDeleteItem, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "id" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["id"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" } },
        });
        document.AddComponent<IOpenApiSchema>(ObjectMetadata, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "DRF's metadata: actions lists, per method the caller may use, each field with its type, "
                          + "whether it is required or read-only, and a choice field's choices ([{value, display_name}]).",
            Required = new HashSet<string> { "name", "description", "renders", "parses" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["description"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["renders"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["parses"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["actions"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Object } },
                },
            },
        });

        document.AddComponent<IOpenApiResponse>(InvalidQuery, Error(document, "A filter value is malformed, or the cursor parameters conflict.",
            Schema(ValidationErrors, document), Schema(ErrorMessages, document)));
        document.AddComponent<IOpenApiResponse>(InvalidBody, Error(document,
            "The body is invalid: field errors (per item for a bulk create, update or delete), or a JSON parse error.",
            Schema(ValidationErrors, document), Schema(BulkValidationErrors, document), Schema(ErrorDetail, document)));
        document.AddComponent<IOpenApiResponse>(Forbidden, Error(document,
            "No valid token, a token that may not write, or no permission for this object (NetBox answers 403, never 401)."));
        document.AddComponent<IOpenApiResponse>(NotFound, Error(document, "No such object, or one the caller may not see."));
        document.AddComponent<IOpenApiResponse>(MethodNotAllowed, Error(document, "The method is not offered here; Allow lists those that are.", headers: ("Allow", "The methods offered here.")));
        document.AddComponent<IOpenApiResponse>(Conflict, Error(document, "The object is still referenced by objects that protect it."));
        document.AddComponent<IOpenApiResponse>(PreconditionFailed, Error(document, "If-Match does not match the object's current ETag.", headers: ("ETag", "The object's current ETag.")));
        document.AddComponent<IOpenApiResponse>(PayloadTooLarge, Error(document, "The body is larger than the configured limit."));
        document.AddComponent<IOpenApiResponse>(UnsupportedMediaType, Error(document, "The body is not application/json."));
        document.AddComponent<IOpenApiResponse>(ServiceUnavailable, Error(document, "The database is unavailable; try again after Retry-After seconds.",
            headers: ("Retry-After", "Seconds to wait before retrying.")));

        document.AddComponent<IOpenApiSecurityScheme>(SecurityScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "A NetBox API token in the Authorization header: \"Token <40-character v1 token>\", or "
                          + "\"Bearer nbt_<key>.<secret>\" for a v2 token (\"Token nbt_<key>.<secret>\" works too).",
        });
    }

    public static OpenApiSchemaReference Schema(string name, OpenApiDocument document) => new(name, document);

    public static OpenApiResponseReference Response(string name, OpenApiDocument document) => new(name, document);

    private static OpenApiResponse Error(OpenApiDocument document, string description, params IOpenApiSchema[] bodies) => Error(document, description, null, bodies);

    private static OpenApiResponse Error(OpenApiDocument document, string description, (string Name, string Description)? headers, params IOpenApiSchema[] bodies)
    {
        IOpenApiSchema body = bodies.Length switch
        {
            0 => Schema(ErrorDetail, document),
            1 => bodies[0],
            _ => new OpenApiSchema { OneOf = [.. bodies] },
        };
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body } },
        };
        if (headers is { } header)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                [header.Name] = new OpenApiHeader { Description = header.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        return response;
    }
}
