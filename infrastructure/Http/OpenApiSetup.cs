using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Proxbox.Api.Infrastructure.Http;

/// <summary>
/// The OpenAPI document at <c>/api/schema/</c>. Paths are written with NetBox's trailing slash, because clients
/// (pynetbox's strict filters) look operations up as <c>/api/{app}/{endpoint}/</c>.
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Proxbox API",
                Version = typeof(OpenApiSetup).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                Description = "The Proxbox NetBox plugin's REST API (NetBox 4.5 conventions), served from PostgreSQL.",
            };
            var paths = new OpenApiPaths();
            foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                paths[path.EndsWith('/') ? path : path + "/"] = item;
            }

            document.Paths = paths;
            return Task.CompletedTask;
        }));
}
