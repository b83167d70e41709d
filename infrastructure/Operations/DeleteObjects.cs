using System.Text.Json;
using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>DELETE of one object, or of a list of them by id.</summary>
public static class DeleteObjects
{
    /// <param name="Id">The detail URL's id, or null for a bulk delete of the list URL.</param>
    public sealed record Command(IResource Resource, long? Id, JsonElement? Body, string? IfMatch, Caller Caller) : IRequest<Outcome>;

    public sealed class Handler(ResourceWriter writer) : IRequestHandler<Command, Outcome>
    {
        public Task<Outcome> Handle(Command request, CancellationToken cancellationToken) =>
            writer.DeleteAsync(request.Resource, request.Id, request.Body, request.IfMatch, request.Caller, cancellationToken);
    }
}
