using System.Globalization;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Writing;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// NetBox's router for one resource: the list URL (GET, bulk POST/PUT/PATCH/DELETE) and the detail URL, both
/// with and without the trailing slash, plus HEAD and OPTIONS. A module calls this once.
/// </summary>
public static class ResourceRoutes
{
    private const string ListAllow = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";
    private const string DetailAllow = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";
    private const string ReadOnlyAllow = "GET, HEAD, OPTIONS";

    private static readonly string[] ListParameters = ["limit", "offset", "start", "ordering", "brief", "fields", "omit"];

    /// <param name="create">Whether POST on the list URL is the shared create (false when the feature maps its own).</param>
    public static RouteGroupBuilder MapNetBoxResource<TRow, TResponse>(this IEndpointRouteBuilder app, Resource<TRow, TResponse> resource, bool create = true)
        where TResponse : class, IApiObject
    {
        var info = resource.Info;
        var writable = resource.Writes is not null;
        var group = app.MapGroup("/api/" + info.Path).WithTags(info.Path);

        var list = group.MapGroup("").AddEndpointFilter(Allow(writable ? ListAllow : ReadOnlyAllow));
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
        list.MapMethods("/", [HttpMethods.Options], (Caller caller) => Metadata(resource, "List", Actions(resource, caller, writable, ["POST", "PUT"])));

        var detail = group.MapGroup("/{id}").AddEndpointFilter(Allow(writable ? DetailAllow : ReadOnlyAllow));
        detail.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (string id, HttpRequest request, IMediator mediator, CancellationToken ct) =>
            WithId(id, key => Send(mediator, new GetObject<TRow, TResponse>.Query(key, request), ct))).WithName($"{info.Path}:detail");
        detail.MapMethods("/", [HttpMethods.Options], (string id, Caller caller) =>
            WithId(id, _ => Task.FromResult(Metadata(resource, "Instance", Actions(resource, caller, writable, ["PUT"])))));

        // Routing would answer other methods with a bare 405; NetBox's carries the body and the Allow header.
        list.MapMethods("/", writable ? [HttpMethods.Trace] : [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Trace], NotAllowed);
        detail.MapMethods("/", writable ? [HttpMethods.Post, HttpMethods.Trace] : [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Trace], NotAllowed);
        if (!writable)
        {
            return group;
        }

        if (create)
        {
            list.MapPost("/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
                WithBody(request, ct, body => mediator.Send(new CreateObjects<TRow, TResponse>.Command(body, new ApiUrls(request)), ct)));
        }

        list.MapPut("/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            WithBody(request, ct, body => mediator.Send(new UpdateObjects<TRow, TResponse>.Command(null, body, false, null, new ApiUrls(request)), ct)));
        list.MapPatch("/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            WithBody(request, ct, body => mediator.Send(new UpdateObjects<TRow, TResponse>.Command(null, body, true, null, new ApiUrls(request)), ct)));
        list.MapDelete("/", async (HttpRequest request, IMediator mediator, CancellationToken ct) =>
        {
            var (document, error) = await JsonBody.ReadAsync(request, ct);
            using (document)
            {
                return (error ?? await mediator.Send(new DeleteObjects<TRow, TResponse>.Command(null, document?.RootElement, null), ct)).ToHttp();
            }
        });

        detail.MapPut("/", (string id, HttpRequest request, IMediator mediator, CancellationToken ct) => WithId(id, key =>
            WithBody(request, ct, body => mediator.Send(new UpdateObjects<TRow, TResponse>.Command(key, body, false, IfMatch(request), new ApiUrls(request)), ct))));
        detail.MapPatch("/", (string id, HttpRequest request, IMediator mediator, CancellationToken ct) => WithId(id, key =>
            WithBody(request, ct, body => mediator.Send(new UpdateObjects<TRow, TResponse>.Command(key, body, true, IfMatch(request), new ApiUrls(request)), ct))));
        detail.MapDelete("/", (string id, HttpRequest request, IMediator mediator, CancellationToken ct) => WithId(id, key =>
            Send(mediator, new DeleteObjects<TRow, TResponse>.Command(key, null, IfMatch(request)), ct)));
        return group;
    }

    /// <summary>OPTIONS shows an action only to callers who may perform it (pynetbox's <c>choices()</c> needs POST).</summary>
    private static string[] Actions<TRow, TResponse>(Resource<TRow, TResponse> resource, Caller caller, bool writable, string[] candidates)
        where TResponse : class, IApiObject =>
        writable ? candidates.Where(a => caller.May(resource.Info.ObjectType, a == "POST" ? Caller.Add : Caller.Change)).ToArray() : [];

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
