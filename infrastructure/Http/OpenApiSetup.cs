using Proxbox.Api.Infrastructure.Http.OpenApi;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// The OpenAPI document served at <c>/api/schema/</c> (<see cref="SchemaDocumentEndpoint"/>): generated from the
/// mapped routes, then completed from the resource declarations by <see cref="ApiDocumentTransformer"/>.
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(SchemaDocumentEndpoint.DocumentName, options => options.AddDocumentTransformer<ApiDocumentTransformer>());
}
