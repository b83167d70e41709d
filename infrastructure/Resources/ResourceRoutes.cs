using System.Globalization;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>Which of NetBox's operations a resource's routes offer.</summary>
[Flags]
public enum Operations
{
    Read = 1,
    Create = 2,
    Replace = 4,
    Patch = 8,
    Delete = 16,
    All = Read | Create | Replace | Patch | Delete,
}

/// <summary>
/// NetBox's router for one resource: the list URL (GET, bulk POST/PUT/PATCH/DELETE) and the detail URL, both
/// with and without the trailing slash, plus HEAD and OPTIONS. A module calls this once.
/// </summary>
public static class ResourceRoutes
{

    private static readonly string[] ListParameters = ["limit", "offset", "start", "ordering", "brief", "fields", "omit"];

    /// <param name="operations">What the routes offer; every other method is answered 405 with the Allow header.</param>
    /// <param name="ownCreate">The feature maps its own POST on the list URL (so it is allowed, but not mapped here).</param>
    public static RouteGroupBuilder MapNetBoxResource<TRow, TResponse>(this IEndpointRouteBuilder app, Resource<TRow, TResponse> resource,
        Operations operations = Operations.All, bool ownCreate = false)
        where TResponse : class, IApiObject
    {
        var info = resource.Info;
        if (resource.Writes is null)
        {
            operations = Operations.Read;
        }

        var writable = operations != Operations.Read;
        var listMethods = Methods(operations | (ownCreate ? Operations.Create : 0), detail: false);
        var detailMethods = Methods(operations, detail: true);
        var group = app.MapGroup("/api/" + info.Path).WithTags(info.Path);

        var list = group.MapGroup("").AddEndpointFilter(Allow(string.Join(", ", listMethods)));
        list.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            Send(mediator, new ListObjects<TRow, TResponse>.Query(request), ct)).WithName($"{info.Path}:list")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Every filter and list parameter, so clients can check names against the schema (pynetbox strict_filters).
                operation.Parameters ??= [];
                foreach (var name in ListParameters.Concat(resource.Filters.ParameterNames.Order(StringComparer.Ordinal)))
                {
                    operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
                }

                return Task.CompletedTask;
            });
        list.MapMethods("/", [HttpMethods.Options], (Caller caller) =>
            Metadata(resource, "List", Actions(resource, caller, new[] { "POST", "PUT" }.Where(listMethods.Contains).ToArray())));

        var detail = group.MapGroup("/{id}").AddEndpointFilter(Allow(string.Join(", ", detailMethods)));
        detail.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (string id, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            WithId(id, key => Send(mediator, new GetObject<TRow, TResponse>.Query(key, request), ct))).WithName($"{info.Path}:detail");
        detail.MapMethods("/", [HttpMethods.Options], (string id, Caller caller) =>
            WithId(id, _ => Task.FromResult(Metadata(resource, "Instance", Actions(resource, caller, new[] { "PUT" }.Where(detailMethods.Contains).ToArray())))));

        // Routing would answer other methods with a bare 405; NetBox's carries the body and the Allow header.
        list.MapMethods("/", Unsafe.Where(m => !listMethods.Contains(m)).Append(HttpMethods.Trace).ToArray(), NotAllowed);
        detail.MapMethods("/", Unsafe.Where(m => !detailMethods.Contains(m)).Append(HttpMethods.Trace).ToArray(), NotAllowed);
        if (!writable)
        {
            return group;
        }

        if (operations.HasFlag(Operations.Create))
        {
            list.MapPost("/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
                WithBody(request, ct, body => mediator.Send(new CreateObjects<TRow, TResponse>.Command(body, new ApiUrls(request)), ct)));
        }

        if (operations.HasFlag(Operations.Replace))
        {
            MapUpdates(list, detail, HttpMethods.Put, partial: false);
        }

        if (operations.HasFlag(Operations.Patch))
        {
            MapUpdates(list, detail, HttpMethods.Patch, partial: true);
        }

        if (operations.HasFlag(Operations.Delete))
        {
            list.MapDelete("/", async (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            {
                var (document, error) = await JsonBody.ReadAsync(request, ct);
                using (document)
                {
                    return (error ?? await mediator.Send(new DeleteObjects<TRow, TResponse>.Command(null, document?.RootElement, null), ct)).ToHttp();
                }
            });
            detail.MapDelete("/", (string id, HttpRequest request, IMediator mediator, CancellationToken ct) => WithId(id, key =>
                Send(mediator, new DeleteObjects<TRow, TResponse>.Command(key, null, IfMatch(request)), ct)));
        }

        return group;

        static void MapUpdates(RouteGroupBuilder list, RouteGroupBuilder detail, string method, bool partial)
        {
            list.MapMethods("/", [method], (HttpRequest request, IMediator mediator, CancellationToken ct) =>
                WithBody(request, ct, body => mediator.Send(new UpdateObjects<TRow, TResponse>.Command(null, body, partial, null, new ApiUrls(request)), ct)));
            detail.MapMethods("/", [method], (string id, HttpRequest request, IMediator mediator, CancellationToken ct) => WithId(id, key =>
                WithBody(request, ct, body => mediator.Send(new UpdateObjects<TRow, TResponse>.Command(key, body, partial, IfMatch(request), new ApiUrls(request)), ct))));
        }
    }

    private static readonly string[] Unsafe = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <summary>The Allow list in Django's order (get, post, put, patch, delete, head, options).</summary>
    private static List<string> Methods(Operations operations, bool detail)
    {
        List<string> methods = [HttpMethods.Get];
        if (!detail && operations.HasFlag(Operations.Create))
        {
            methods.Add(HttpMethods.Post);
        }

        if (operations.HasFlag(Operations.Replace))
        {
            methods.Add(HttpMethods.Put);
        }

        if (operations.HasFlag(Operations.Patch))
        {
            methods.Add(HttpMethods.Patch);
        }

        if (operations.HasFlag(Operations.Delete))
        {
            methods.Add(HttpMethods.Delete);
        }

        methods.AddRange([HttpMethods.Head, HttpMethods.Options]);
        return methods;
    }


    /// <summary>OPTIONS shows an action only to callers who may perform it (pynetbox's <c>choices()</c> needs POST).</summary>
    private static string[] Actions<TRow, TResponse>(Resource<TRow, TResponse> resource, Caller caller, string[] candidates)
        where TResponse : class, IApiObject =>
        candidates.Where(a => caller.May(resource.Info.ObjectType, a == "POST" ? Caller.Add : Caller.Change)).ToArray();

    private static IResult NotAllowed(HttpRequest request) => Outcome.MethodNotAllowed(request.Method).ToHttp();

    private static async Task<IResult> Send(IMediator mediator, IRequest<Outcome> request, CancellationToken ct) =>
        (await mediator.Send(request, ct)).ToHttp();

    /// <summary>DRF's lookup accepts any segment; one that is not an integer is a plain 404.</summary>
    private static Task<IResult> WithId(string id, Func<long, Task<IResult>> next) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            ? next(key)
            : Task.FromResult(ApiErrors.Detail(StatusCodes.Status404NotFound, "Not found."));

    /// <summary>Reads the JSON body (an empty body is an empty object, as DRF sees it) and keeps it alive for the handler.</summary>
    public static async Task<IResult> WithBody(HttpRequest request, CancellationToken ct, Func<System.Text.Json.JsonElement, Task<Outcome>> next)
    {
        var (document, error) = await JsonBody.ReadAsync(request, ct);
        if (error is not null)
        {
            return error.ToHttp();
        }

        using var body = document ?? System.Text.Json.JsonDocument.Parse("{}");
        return (await next(body.RootElement)).ToHttp();
    }

    private static string? IfMatch(HttpRequest request) => request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Allow(string methods) => (context, next) =>
    {
        context.HttpContext.Response.Headers.Allow = methods;
        return next(context);
    };

    /// <summary>
    /// NetBox's OPTIONS answer (netbox-conventions.md §12); pynetbox's <c>choices()</c> reads
    /// <c>actions.POST.&lt;field&gt;.choices</c>.
    /// </summary>
    private static IResult Metadata<TRow, TResponse>(Resource<TRow, TResponse> resource, string suffix, string[] actions)
        where TResponse : class, IApiObject
    {
        var fields = new JsonObject
        {
            ["id"] = new JsonObject { ["type"] = "integer", ["required"] = false, ["read_only"] = true, ["label"] = "ID" },
            ["url"] = ReadOnly("field", "Url"),
            ["display"] = ReadOnly("field", "Display"),
        };
        foreach (var field in resource.Writes?.Fields ?? [])
        {
            var info = new JsonObject
            {
                ["type"] = field.TypeLabel,
                ["required"] = field.Required,
                ["read_only"] = false,
                ["label"] = Label(field.Name),
            };
            switch (field)
            {
                case TextField { MaxLength: int max }:
                    info["max_length"] = max;
                    break;
                case IntegerField integer:
                    info["min_value"] = integer.Min;
                    info["max_value"] = integer.Max;
                    break;
                case ChoiceField choice:
                    info["choices"] = new JsonArray(choice.Choices
                        .Select(c => (JsonNode)new JsonObject { ["value"] = c.Value, ["display_name"] = c.Label }).ToArray());
                    break;
            }

            fields[field.Name] = info;
        }

        fields["created"] = ReadOnly("datetime", "Created");
        fields["last_updated"] = ReadOnly("datetime", "Last updated");

        var body = new JsonObject
        {
            ["name"] = $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(resource.Info.VerboseName)} {suffix}",
            ["description"] = "",
            ["renders"] = new JsonArray("application/json"),
            ["parses"] = new JsonArray("application/json"),
        };
        if (actions.Length > 0)
        {
            var byAction = new JsonObject();
            foreach (var action in actions)
            {
                byAction[action] = fields.DeepClone();
            }

            body["actions"] = byAction;
        }

        return new JsonBodyResult(body, StatusCodes.Status200OK);

        static JsonObject ReadOnly(string type, string label) =>
            new() { ["type"] = type, ["required"] = false, ["read_only"] = true, ["label"] = label };
    }

    /// <summary>Django's label: the name with spaces, first letter capitalised.</summary>
    private static string Label(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ');
}
