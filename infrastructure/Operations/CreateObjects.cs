using System.Text.Json;
using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>POST of one object or a list of them.</summary>
public static class CreateObjects
{
    public sealed record Command(IResource Resource, JsonElement Body, ApiUrls Urls, Caller Caller) : IRequest<Outcome>;

    public sealed class Handler(ResourceWriter writer) : IRequestHandler<Command, Outcome>
    {
        public Task<Outcome> Handle(Command request, CancellationToken cancellationToken) =>
            writer.CreateAsync(request.Resource, request.Body, request.Urls, request.Caller, cancellationToken);
    }
}
