using System.Text.Json;
using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>PUT or PATCH of one object, or of a list of them by id.</summary>
public static class UpdateObjects
{
    /// <param name="Id">The detail URL's id, or null for a bulk update of the list URL.</param>
    /// <param name="Partial">PATCH rather than PUT.</param>
    public sealed record Command(IResource Resource, long? Id, JsonElement Body, bool Partial, string? IfMatch, ApiUrls Urls, Caller Caller) : IRequest<Outcome>;

    public sealed class Handler(ResourceWriter writer) : IRequestHandler<Command, Outcome>
    {
        public Task<Outcome> Handle(Command request, CancellationToken cancellationToken) =>
            writer.UpdateAsync(request.Resource, request.Id, request.Body, request.Partial, request.IfMatch, request.Urls, request.Caller, cancellationToken);
    }
}
