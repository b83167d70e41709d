using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Mediation;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>One object of any resource by id (shaped by <c>brief</c>/<c>fields</c>/<c>omit</c>, with its ETag).</summary>
public static class GetObject
{
    public sealed record Query(IResource Resource, long Id, ListQuery Shape, ApiUrls Urls, Caller Caller) : IRequest<Outcome>, IReadRequest;

    public sealed class Handler(ResourceReader reader) : IRequestHandler<Query, Outcome>
    {
        public Task<Outcome> Handle(Query request, CancellationToken cancellationToken) =>
            reader.GetAsync(request.Resource, request.Id, request.Shape, request.Urls, request.Caller, cancellationToken);
    }
}
