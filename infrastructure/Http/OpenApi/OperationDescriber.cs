using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Auth;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// Describes one operation of the document from its endpoint's metadata: a resource route gets its parameters,
/// body, answers and errors from the resource's declaration; every operation below <c>/api/</c> gets the token
/// requirement unless its endpoint is open.
/// </summary>
public static class OperationDescriber
{
    /// <summary>Parameters that steer a list rather than filter it, before the resource's filters.</summary>
    private static readonly (string Name, JsonSchemaType Type, string Description)[] ListParameters =
    [
        ("limit", JsonSchemaType.Integer, "Page size (default 50; 0 means the largest page allowed, larger values are capped)."),
        ("offset", JsonSchemaType.Integer, "How many objects to skip."),
        ("start", JsonSchemaType.Integer, "Cursor paging: objects with id >= start, by id, with count null. Not with offset or ordering."),
        ("ordering", JsonSchemaType.String, "Comma-separated keys, - for descending; unknown keys are ignored."),
    ];

    private static readonly (string Name, string Description)[] ShapeParameters =
    [
        ("brief", "Any non-empty value answers with each object's brief form."),
        ("fields", "Comma-separated keys: only these are returned (wins over omit and brief)."),
        ("omit", "Comma-separated keys left out of each object (wins over brief)."),
    ];

    public static void Describe(OpenApiOperation operation, string method, string path, IReadOnlyList<object> metadata, OpenApiDocument document)
    {
        operation.OperationId = OperationId(method, path, metadata);
        if (metadata.OfType<ResourceEndpoint>().LastOrDefault() is { } endpoint)
        {
            var create = metadata.OfType<CreateBody>().LastOrDefault();
            (endpoint.Detail ? (Action<DescribedOperation>)DescribeDetail : DescribeList)(new DescribedOperation(operation, method, endpoint.Resource, create, document));
        }

        if ((path + "/").StartsWith("/api/", StringComparison.Ordinal))
        {
            if (!metadata.OfType<OpenAccess>().Any())
            {
                var token = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SharedComponents.SecurityScheme, document)] = [] };
                // OPTIONS answers without a token too.
                operation.Security = method == "OPTIONS" ? [new OpenApiSecurityRequirement(), token] : [token];
            }

            // A token that is sent is checked even where none is needed.
            operation.Responses ??= [];
            operation.Responses.TryAdd("403", SharedComponents.Response(SharedComponents.Forbidden, document));
        }
    }

    private static void DescribeList(DescribedOperation op)
    {
        var (resource, document) = (op.Resource, op.Document);
        switch (op.Method)
        {
            case "GET":
                foreach (var (name, type, description) in ListParameters)
                {
                    op.Query(name, new OpenApiSchema { Type = type, Minimum = type == JsonSchemaType.Integer ? "0" : null }, description);
                }

                foreach (var (name, description) in ShapeParameters)
                {
                    op.Query(name, new OpenApiSchema { Type = JsonSchemaType.String }, description);
                }

                // Every filter with its lookups, so clients can check names against the document (pynetbox's strict filters).
                foreach (var filter in resource.Filters.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    op.Filter(filter, filter.Name == "q" ? "Case-insensitive search over the resource's searchable fields." : null);
                }

                op.Answer("200", "A page of objects.", Schema(ComponentNames.Paginated(resource), document));
                op.Error("400", SharedComponents.InvalidQuery);
                break;
            case "POST":
                var single = Schema(op.Create?.Name ?? ComponentNames.Request(resource), document);
                var acceptsList = op.Create?.AcceptsList ?? true;
                op.Body(acceptsList ? new OpenApiSchema { OneOf = [single, List(single)] } : single, required: true);
                // The answer reveals secrets once when the create issues or generates them.
                var revealing = document.Components?.Schemas?.ContainsKey(ComponentNames.Created(resource)) == true && (op.Create is null || op.Create.Revealed is not null);
                var created = Schema(revealing ? ComponentNames.Created(resource) : ComponentNames.Full(resource), document);
                var answer = op.Answer("201", acceptsList ? "The object created, or the list created (all or nothing)." : "The object created.",
                    acceptsList ? new OpenApiSchema { OneOf = [created, List(created)] } : created);
                answer.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Location"] = Header("The object's URL (a single create).", "uri"),
                    ["ETag"] = Header("The object's version, for If-Match (a single create)."),
                };
                if (resource.Writes is { Upserts: true } writes && op.Create is null)
                {
                    op.Target.Description = $"An item whose ({string.Join(", ", writes.UpsertKey)}) already exists updates that object, which keeps its id.";
                }

                op.WriteErrors();
                break;
            case "PUT" or "PATCH":
                var partial = op.Method == "PATCH";
                op.Target.Description = "Bulk update: a list of objects, each with the id of the object it changes; one transaction.";
                op.Body(List(Schema(partial ? ComponentNames.PatchedBulkRequest(resource) : ComponentNames.BulkRequest(resource), document)), required: true);
                op.Answer("200", "The objects updated.", List(Schema(ComponentNames.Full(resource), document)));
                op.WriteErrors();
                break;
            case "DELETE":
                op.Target.Description = "Bulk delete: a list of {id}; one transaction. An absent body deletes nothing.";
                op.Body(List(Schema(ComponentNames.BulkDeleteItem, document)), required: false);
                op.Answer("204", "Deleted.", null);
                op.WriteErrors();
                op.Error("409", SharedComponents.Conflict);
                break;
            case "OPTIONS":
                op.Answer("200", "The resource's metadata: its fields, and the actions the caller may use.", Schema(SharedComponents.ObjectMetadata, document));
                break;
        }

        op.Error("503", SharedComponents.ServiceUnavailable);
    }

    private static void DescribeDetail(DescribedOperation op)
    {
        var (resource, document) = (op.Resource, op.Document);
        op.Target.Parameters ??= [];
        var id = op.Target.Parameters.FirstOrDefault(p => p.Name == "id" && p.In == ParameterLocation.Path);
        if (id is not null)
        {
            op.Target.Parameters.Remove(id);
        }

        op.Target.Parameters.Insert(0, new OpenApiParameter
        {
            Name = "id",
            In = ParameterLocation.Path,
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
        });

        var full = Schema(ComponentNames.Full(resource), document);
        switch (op.Method)
        {
            case "GET":
                foreach (var (name, description) in ShapeParameters)
                {
                    op.Query(name, new OpenApiSchema { Type = JsonSchemaType.String }, description);
                }

                op.Answer("200", "The object.", full).Headers = ETag();
                op.Error("404", SharedComponents.NotFound);
                break;
            case "PUT" or "PATCH":
                var partial = op.Method == "PATCH";
                op.IfMatch();
                op.Body(Schema(partial ? ComponentNames.PatchedRequest(resource) : ComponentNames.Request(resource), document), required: true);
                op.Answer("200", "The object updated.", full).Headers = ETag();
                op.WriteErrors();
                op.Error("404", SharedComponents.NotFound);
                op.Error("412", SharedComponents.PreconditionFailed);
                break;
            case "DELETE":
                op.IfMatch();
                op.Answer("204", "Deleted.", null);
                op.Error("404", SharedComponents.NotFound);
                op.Error("409", SharedComponents.Conflict);
                op.Error("412", SharedComponents.PreconditionFailed);
                break;
            case "OPTIONS":
                op.Answer("200", "The resource's metadata: its fields, and the actions the caller may use.", Schema(SharedComponents.ObjectMetadata, document));
                break;
        }

        op.Error("503", SharedComponents.ServiceUnavailable);
    }

    /// <summary>
    /// After NetBox's: <c>extras_tags_list</c>, <c>extras_tags_bulk_partial_update</c>, <c>extras_tags_retrieve</c>; other
    /// routes by their path (<c>status_retrieve</c>, <c>users_tokens_provision_create</c>).
    /// </summary>
    private static string OperationId(string method, string path, IReadOnlyList<object> metadata)
    {
        var name = string.Join('_', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "api" && !s.StartsWith('{')).Select(s => s.Replace('-', '_')));
        name = name.Length == 0 ? "api" : name;
        var detail = metadata.OfType<ResourceEndpoint>().LastOrDefault() is { Detail: true };
        var bulk = metadata.OfType<ResourceEndpoint>().LastOrDefault() is { Detail: false };
        var action = method switch
        {
            "GET" => bulk ? "list" : "retrieve",
            "POST" => "create",
            "PUT" => bulk ? "bulk_update" : "update",
            "PATCH" => bulk ? "bulk_partial_update" : "partial_update",
            "DELETE" => bulk ? "bulk_destroy" : "destroy",
            "OPTIONS" => detail ? "options_detail" : "options",
            _ => method.ToLowerInvariant(),
        };
        return $"{name}_{action}";
    }

    private static OpenApiSchemaReference Schema(string name, OpenApiDocument document) => new(name, document);

    private static OpenApiSchema List(IOpenApiSchema item) => new() { Type = JsonSchemaType.Array, Items = item };

    private static OpenApiHeader Header(string description, string? format = null) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = format } };

    private static Dictionary<string, IOpenApiHeader> ETag() => new() { ["ETag"] = Header("The object's version, for If-Match.") };
}
