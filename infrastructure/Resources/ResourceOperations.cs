using System.Text.Json;
using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Mediation;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// The five NetBox operations as MediatR requests, generic over a resource. The handlers are closed per resource
/// by <see cref="ResourceRegistry"/>; the work is done by the shared reader and writer from the declaration.
/// </summary>
public static class ListObjects<TRow, TResponse> where TResponse : class, IApiObject
{
    public sealed record Query(HttpRequest Request) : IRequest<Outcome>, IReadRequest;

    public sealed class Handler(Resource<TRow, TResponse> resource, ResourceReader reader, Caller caller) : IRequestHandler<Query, Outcome>
    {
        public Task<Outcome> Handle(Query request, CancellationToken cancellationToken) =>
            reader.ListAsync(resource, request.Request, caller, cancellationToken);
    }
}

public static class GetObject<TRow, TResponse> where TResponse : class, IApiObject
{
    public sealed record Query(long Id, HttpRequest Request) : IRequest<Outcome>, IReadRequest;

    public sealed class Handler(Resource<TRow, TResponse> resource, ResourceReader reader, Caller caller) : IRequestHandler<Query, Outcome>
    {
        public Task<Outcome> Handle(Query request, CancellationToken cancellationToken) =>
            reader.GetAsync(resource, request.Id, request.Request, caller, cancellationToken);
    }
}

public static class CreateObjects<TRow, TResponse> where TResponse : class, IApiObject
{
    public sealed record Command(JsonElement Body, ApiUrls Urls) : IRequest<Outcome>;

    public sealed class Handler(Resource<TRow, TResponse> resource, ResourceWriter writer, Caller caller) : IRequestHandler<Command, Outcome>
    {
        public Task<Outcome> Handle(Command request, CancellationToken cancellationToken) =>
            writer.CreateAsync(resource, request.Body, request.Urls, caller, cancellationToken);
    }
}

public static class UpdateObjects<TRow, TResponse> where TResponse : class, IApiObject
{
    /// <param name="Id">The detail URL's id, or null for a bulk update of the list URL.</param>
    /// <param name="Partial">PATCH rather than PUT.</param>
    public sealed record Command(long? Id, JsonElement Body, bool Partial, string? IfMatch, ApiUrls Urls) : IRequest<Outcome>;

    public sealed class Handler(Resource<TRow, TResponse> resource, ResourceWriter writer, Caller caller) : IRequestHandler<Command, Outcome>
    {
        public Task<Outcome> Handle(Command request, CancellationToken cancellationToken) =>
            writer.UpdateAsync(resource, request.Id, request.Body, request.Partial, request.IfMatch, request.Urls, caller, cancellationToken);
    }
}

public static class DeleteObjects<TRow, TResponse> where TResponse : class, IApiObject
{
    /// <param name="Id">The detail URL's id, or null for a bulk delete of the list URL.</param>
    public sealed record Command(long? Id, JsonElement? Body, string? IfMatch) : IRequest<Outcome>;

    public sealed class Handler(Resource<TRow, TResponse> resource, ResourceWriter writer, Caller caller) : IRequestHandler<Command, Outcome>
    {
        public Task<Outcome> Handle(Command request, CancellationToken cancellationToken) =>
            writer.DeleteAsync(resource, request.Id, request.Body, request.IfMatch, caller, cancellationToken);
    }
}
