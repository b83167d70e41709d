using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Mediation;
using Proxbox.Api.Infrastructure.Querying;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>A page of any resource: filtered, ordered, counted, shaped.</summary>
public static class ListObjects
{
    public sealed record Query(IResource Resource, ListQuery List, ApiUrls Urls, Caller Caller) : IRequest<Outcome>, IReadRequest;

    public sealed class Handler(ResourceReader reader) : IRequestHandler<Query, Outcome>
    {
        public Task<Outcome> Handle(Query request, CancellationToken cancellationToken) =>
            reader.ListAsync(request.Resource, request.List, request.Urls, request.Caller, cancellationToken);
    }
}
