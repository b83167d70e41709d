using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// <c>GET /api/schema/</c>: the OpenAPI document as JSON, or as YAML with <c>?format=yaml</c> (NetBox serves both).
/// The server URL is the one the client used, proxies included, so a generated client calls back where it read
/// the document.
/// </summary>
public static class SchemaDocumentEndpoint
{
    public const string DocumentName = "v1";

    public static IEndpointConventionBuilder MapApiSchema(this IEndpointRouteBuilder app) =>
        app.MapMethods("/api/schema/", [HttpMethods.Get, HttpMethods.Head], async (HttpContext http, CancellationToken ct) =>
            {
                var format = http.Request.Query["format"].ToString();
                var yaml = format is "yaml" or "openapi-yaml";
                if (!yaml && format is not ("" or "json" or "openapi-json" or "openapi"))
                {
                    return ApiErrors.Detail(StatusCodes.Status404NotFound, "Not found.");
                }

                var provider = http.RequestServices.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName);
                var document = await provider.GetOpenApiDocumentAsync(ct);
                document.Servers = [new OpenApiServer { Url = ApiUrls.Of(http.Request).Root }];
                using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                IOpenApiWriter writer = yaml ? new OpenApiYamlWriter(text) : new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true });
                document.SerializeAsV31(writer);
                await writer.FlushAsync(ct);
                return Results.Text(text.ToString(), yaml ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8");
            })
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "format",
                    In = ParameterLocation.Query,
                    Description = "json (the default) or yaml.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["json", "yaml"] },
                });
                operation.Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse
                    {
                        Description = "This document.",
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                            ["application/yaml"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        },
                    },
                    ["404"] = new OpenApiResponseReference(SharedComponents.NotFound, context.Document),
                };
                return Task.CompletedTask;
            });
}
