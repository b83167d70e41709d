using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Http.OpenApi;

/// <summary>
/// Completes the generated document: the components of every declared resource (walked from the registry, so a
/// new resource is described without edits here), NetBox's error bodies and the token scheme; each operation
/// described from its endpoint's metadata; paths with NetBox's trailing slash, in a stable order.
/// </summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Proxbox API",
            Version = typeof(ApiDocumentTransformer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Description = "The Proxbox NetBox plugin's REST API (NetBox 4.5 conventions), served from PostgreSQL. "
                          + "HEAD is answered wherever GET is, with GET's headers and no body. Every /api/ response carries API-Version.",
        };
        document.Components ??= new OpenApiComponents();
        SharedComponents.Add(document);

        var resources = ResourceRegistry.Declarations;
        var reserved = resources.SelectMany(r => new[]
        {
            ComponentNames.Full(r), ComponentNames.Brief(r), ComponentNames.Paginated(r), ComponentNames.Request(r), ComponentNames.PatchedRequest(r),
            ComponentNames.BulkRequest(r), ComponentNames.PatchedBulkRequest(r), ComponentNames.Created(r),
        }).ToHashSet(StringComparer.Ordinal);
        var schemas = new ResourceSchemas(document, new TypeSchemas(document, reserved));
        foreach (var resource in resources)
        {
            schemas.Add(resource);
        }

        foreach (var description in context.DescriptionGroups.SelectMany(group => group.Items))
        {
            // The generator writes a route's path without its trailing slash.
            var path = "/" + description.RelativePath?.TrimEnd('/');
            var method = description.HttpMethod ?? "GET";
            var operation = document.Paths.TryGetValue(path, out var item) && item.Operations?.TryGetValue(new HttpMethod(method), out var found) == true
                ? found
                : throw new InvalidOperationException($"The generated document has no {method} {path}.");
            var metadata = description.ActionDescriptor.EndpointMetadata.ToList();
            if (metadata.OfType<CreateBody>().LastOrDefault() is { } create && metadata.OfType<ResourceEndpoint>().LastOrDefault() is { } endpoint)
            {
                schemas.Add(endpoint.Resource, create);
            }

            OperationDescriber.Describe(operation, method, path, metadata, document);
        }

        Tidy(document);
        return Task.CompletedTask;
    }

    /// <summary>
    /// HEAD left out (it mirrors GET); API paths written with NetBox's trailing slash, because clients (pynetbox's
    /// strict filters) look operations up as <c>/api/{app}/{endpoint}/</c>; paths, answers and components in a stable order.
    /// </summary>
    private static void Tidy(OpenApiDocument document)
    {
        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key.TrimEnd('/'), StringComparer.Ordinal))
        {
            item.Operations?.Remove(HttpMethod.Head);
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                if (operation.Responses is { } responses)
                {
                    var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                    responses.Clear();
                    foreach (var pair in sorted)
                    {
                        responses[pair.Key] = pair.Value;
                    }
                }
            }

            if (item.Operations is { Count: > 0 })
            {
                paths[path.StartsWith("/api", StringComparison.Ordinal) && !path.EndsWith('/') ? path + "/" : path] = item;
            }
        }

        document.Paths = paths;
        if (document.Tags is { } tags)
        {
            document.Tags = new HashSet<OpenApiTag>(tags.OrderBy(t => t.Name, StringComparer.Ordinal));
        }

        var components = document.Components!;
        components.Schemas = components.Schemas?.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value);
        components.Responses = components.Responses?.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value);
    }
}
