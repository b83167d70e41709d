using System.Globalization;
using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

public sealed class BackupRoutinesModule : ICarterModule
{
    private const string Allowed = "GET, HEAD";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var routines = app.MapNetBoxResource<BackupRoutineResource>();

        var retention = routines.MapGroup("/{id}/retention").AddEndpointFilter((context, next) =>
        {
            context.HttpContext.Response.Headers.Allow = Allowed;
            return next(context);
        });
        retention.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], async (string id, HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) =>
                long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
                    ? (await mediator.Send(new GetRetention.Query(key, ApiUrls.Of(request), caller), ct)).ToHttp()
                    : ApiErrors.Detail(StatusCodes.Status404NotFound, "Not found."))
            .WithName($"{BackupRoutineResource.Identity.Path}:retention")
            .Produces<RetentionPreview>();
        // Read-only: every other method is answered as NetBox answers a method a view does not offer.
        retention.MapMethods("/", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete],
            (HttpRequest request) => Outcome.MethodNotAllowed(request.Method).ToHttp());
    }
}
