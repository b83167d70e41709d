using System.Globalization;
using System.Text.Json;
using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Http.OpenApi;
using Proxbox.Api.Infrastructure.Operations;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Routing;

/// <summary>
/// NetBox's router for one resource: the list URL (GET, bulk POST/PUT/PATCH/DELETE) and the detail URL, both
/// with and without the trailing slash, plus HEAD and OPTIONS. A module calls this once per path it serves.
/// </summary>
public static class ResourceRoutes
{
    private static readonly string[] Unsafe = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <param name="operations">What the routes offer; every other method is answered 405 with the Allow header.</param>
    /// <param name="path">Where to serve it, when not at the resource's own path (an alias such as <c>proxmox-clusters</c>).</param>
    /// <param name="ownCreate">The feature maps its own POST on the list URL (so it is allowed, but not mapped here).</param>
    public static RouteGroupBuilder MapNetBoxResource<TResource>(this IEndpointRouteBuilder app, ResourceOperations operations = ResourceOperations.All,
        string? path = null, bool ownCreate = false)
        where TResource : IResource
    {
        IResource resource = app.ServiceProvider.GetRequiredService<TResource>();
        var identity = resource.Identity;
        path ??= identity.Path;
        if (resource.Writes is null)
        {
            operations = ResourceOperations.Read;
        }

        var listMethods = Methods(operations | (ownCreate ? ResourceOperations.Create : 0), detail: false);
        var detailMethods = Methods(operations, detail: true);
        // The OpenAPI document describes each route from the declaration this metadata names.
        var group = app.MapGroup("/api/" + path).WithTags(path).WithMetadata(new ResourceEndpoint(resource, Detail: false));

        var list = group.MapGroup("").AddEndpointFilter(Allow(string.Join(", ", listMethods)));
        list.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) =>
                Send(mediator, new ListObjects.Query(resource, ListQuery.Of(request.Query), ApiUrls.Of(request), caller), ct))
            .WithName($"{path}:list");
        list.MapMethods("/", [HttpMethods.Options], (Caller caller) =>
            ResourceMetadata.Describe(resource, "List", Actions(resource, caller, new[] { "POST", "PUT" }.Where(listMethods.Contains).ToArray())));

        var detail = group.MapGroup("/{id}").AddEndpointFilter(Allow(string.Join(", ", detailMethods))).WithMetadata(new ResourceEndpoint(resource, Detail: true));
        detail.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (string id, HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) =>
                WithId(id, key => Send(mediator, new GetObject.Query(resource, key, ListQuery.Of(request.Query), ApiUrls.Of(request), caller), ct)))
            .WithName($"{path}:detail");
        detail.MapMethods("/", [HttpMethods.Options], (string id, Caller caller) =>
            WithId(id, _ => Task.FromResult(ResourceMetadata.Describe(resource, "Instance", Actions(resource, caller, new[] { "PUT" }.Where(detailMethods.Contains).ToArray())))));

        // Routing would answer other methods with a bare 405; NetBox's carries the body and the Allow header.
        // They are not operations of the API, so the document leaves them out.
        list.MapMethods("/", Unsafe.Where(m => !listMethods.Contains(m)).Append(HttpMethods.Trace).ToArray(), NotAllowed)
            .ExcludeFromDescription().WithMetadata(MethodNotAllowedEndpoint.Instance);
        detail.MapMethods("/", Unsafe.Where(m => !detailMethods.Contains(m)).Append(HttpMethods.Trace).ToArray(), NotAllowed)
            .ExcludeFromDescription().WithMetadata(MethodNotAllowedEndpoint.Instance);

        if (operations.HasFlag(ResourceOperations.Create))
        {
            // A resource with a natural key (WriteModel.UpsertKey) answers POST with an upsert, as its docs promise.
            var upserts = resource.Writes!.Upserts;
            list.MapPost("/", (HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) =>
                WithBody(request, ct, body => upserts
                    ? mediator.Send(new UpsertObjects.Command(resource, body, ApiUrls.Of(request), caller), ct)
                    : mediator.Send(new CreateObjects.Command(resource, body, ApiUrls.Of(request), caller), ct)));
        }

        if (operations.HasFlag(ResourceOperations.Replace))
        {
            MapUpdates(resource, list, detail, HttpMethods.Put, partial: false);
        }

        if (operations.HasFlag(ResourceOperations.Patch))
        {
            MapUpdates(resource, list, detail, HttpMethods.Patch, partial: true);
        }

        if (operations.HasFlag(ResourceOperations.Delete))
        {
            list.MapDelete("/", async (HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) =>
            {
                var (document, error) = await JsonBody.ReadAsync(request, ct);
                using (document)
                {
                    return (error ?? await mediator.Send(new DeleteObjects.Command(resource, null, document?.RootElement, null, caller), ct)).ToHttp();
                }
            });
            detail.MapDelete("/", (string id, HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) => WithId(id, key =>
                Send(mediator, new DeleteObjects.Command(resource, key, null, IfMatch(request), caller), ct)));
        }

        return group;
    }

    /// <summary>Reads the JSON body (an empty body is an empty object, as DRF sees it) and keeps it alive for the handler.</summary>
    public static async Task<IResult> WithBody(HttpRequest request, CancellationToken ct, Func<JsonElement, Task<Outcome>> next)
    {
        var (document, error) = await JsonBody.ReadAsync(request, ct);
        if (error is not null)
        {
            return error.ToHttp();
        }

        using var body = document ?? JsonDocument.Parse("{}");
        return (await next(body.RootElement)).ToHttp();
    }

    private static void MapUpdates(IResource resource, RouteGroupBuilder list, RouteGroupBuilder detail, string method, bool partial)
    {
        list.MapMethods("/", [method], (HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) =>
            WithBody(request, ct, body => mediator.Send(new UpdateObjects.Command(resource, null, body, partial, null, ApiUrls.Of(request), caller), ct)));
        detail.MapMethods("/", [method], (string id, HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) => WithId(id, key =>
            WithBody(request, ct, body => mediator.Send(new UpdateObjects.Command(resource, key, body, partial, IfMatch(request), ApiUrls.Of(request), caller), ct))));
    }

    /// <summary>The Allow list in Django's order (get, post, put, patch, delete, head, options).</summary>
    private static List<string> Methods(ResourceOperations operations, bool detail)
    {
        List<string> methods = [HttpMethods.Get];
        if (!detail && operations.HasFlag(ResourceOperations.Create))
        {
            methods.Add(HttpMethods.Post);
        }

        if (operations.HasFlag(ResourceOperations.Replace))
        {
            methods.Add(HttpMethods.Put);
        }

        if (operations.HasFlag(ResourceOperations.Patch))
        {
            methods.Add(HttpMethods.Patch);
        }

        if (operations.HasFlag(ResourceOperations.Delete))
        {
            methods.Add(HttpMethods.Delete);
        }

        methods.AddRange([HttpMethods.Head, HttpMethods.Options]);
        return methods;
    }

    /// <summary>OPTIONS shows an action only to callers who may perform it (pynetbox's <c>choices()</c> needs POST).</summary>
    private static string[] Actions(IResource resource, Caller caller, string[] candidates) =>
        candidates.Where(a => caller.May(resource.Identity.ObjectType, a == "POST" ? Caller.Add : Caller.Change)).ToArray();

    private static IResult NotAllowed(HttpRequest request) => Outcome.MethodNotAllowed(request.Method).ToHttp();

    private static async Task<IResult> Send(IMediator mediator, IRequest<Outcome> request, CancellationToken ct) =>
        (await mediator.Send(request, ct)).ToHttp();

    /// <summary>DRF's lookup accepts any segment; one that is not an integer is a plain 404.</summary>
    private static Task<IResult> WithId(string id, Func<long, Task<IResult>> next) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            ? next(key)
            : Task.FromResult(ApiErrors.Detail(StatusCodes.Status404NotFound, "Not found."));

    private static string? IfMatch(HttpRequest request) => request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Allow(string methods) => (context, next) =>
    {
        context.HttpContext.Response.Headers.Allow = methods;
        return next(context);
    };
}
