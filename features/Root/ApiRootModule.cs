using System.Text.Json.Nodes;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Root;

/// <summary>
/// The browsable roots NetBox serves: <c>/api/</c>, each app's root (<c>/api/extras/</c>, …), <c>/api/plugins/</c>,
/// the plugin root <c>/api/plugins/proxbox/</c> and its <c>endpoints/</c> namespace. Each lists absolute URLs of
/// what lies below it, derived from the registered resources so a new resource appears without edits here.
/// </summary>
public sealed class ApiRootModule : ICarterModule
{
    private static readonly string[] CoreApps = ["dcim", "extras", "ipam", "plugins", "status", "users", "virtualization"];

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var paths = ResourceRegistry.Declarations.Select(r => r.Identity.Path).ToList();

        app.MapMethods("/api/", [HttpMethods.Get, HttpMethods.Head], (HttpRequest request) =>
        {
            var urls = ApiUrls.Of(request);
            var root = new JsonObject();
            foreach (var name in CoreApps)
            {
                root[name] = urls.List(name);
            }

            return new JsonBodyResult(root, StatusCodes.Status200OK);
        }).WithName("api-root").WithMetadata(OpenAccess.Instance) // clients probe the API version here without a token
            .Produces<Dictionary<string, string>>();

        // Every namespace that has something below it: "extras", "plugins", "plugins/proxbox", "plugins/proxbox/endpoints", …
        var namespaces = paths
            .SelectMany(path => Enumerable.Range(1, path.Count(c => c == '/')).Select(depth => string.Join('/', path.Split('/').Take(depth))))
            .Distinct()
            .ToList();
        foreach (var ns in namespaces)
        {
            var children = paths.Concat(namespaces)
                .Where(p => p.StartsWith(ns + "/", StringComparison.Ordinal) && !p[(ns.Length + 1)..].Contains('/'))
                .Select(p => p[(ns.Length + 1)..])
                .ToList();
            // Resources first, alphabetically, then nested namespaces: the order NetBox's plugin root shows.
            var ordered = children.Where(c => paths.Contains($"{ns}/{c}")).Order(StringComparer.Ordinal)
                .Concat(children.Where(c => !paths.Contains($"{ns}/{c}")).Order(StringComparer.Ordinal))
                .ToList();
            app.MapMethods($"/api/{ns}/", [HttpMethods.Get, HttpMethods.Head], (HttpRequest request) =>
            {
                var urls = ApiUrls.Of(request);
                var body = new JsonObject();
                foreach (var child in ordered)
                {
                    body[child] = urls.List($"{ns}/{child}");
                }

                return new JsonBodyResult(body, StatusCodes.Status200OK);
            }).Produces<Dictionary<string, string>>();
        }
    }
}
