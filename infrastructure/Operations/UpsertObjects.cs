using System.Text.Json;
using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>
/// POST that updates the row already holding an item's natural key instead of refusing it. A resource that upserts
/// maps its POST here (its own feature says so); the work is the shared writer's.
/// </summary>
public static class UpsertObjects
{
    public sealed record Command(IResource Resource, JsonElement Body, ApiUrls Urls, Caller Caller) : IRequest<Outcome>;

    public sealed class Handler(ResourceWriter writer) : IRequestHandler<Command, Outcome>
    {
        public Task<Outcome> Handle(Command request, CancellationToken cancellationToken) =>
            writer.UpsertAsync(request.Resource, request.Body, request.Urls, request.Caller, cancellationToken);
    }
}
