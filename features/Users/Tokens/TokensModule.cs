using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Http.OpenApi;
using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Users.Tokens;

public sealed class TokensModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var resource = app.ServiceProvider.GetRequiredService<TokenResource>();
        app.MapPost("/api/users/tokens/provision/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
                ResourceRoutes.WithBody(request, ct, body => mediator.Send(new ProvisionToken.Command(body, ApiUrls.Of(request)), ct)))
            .WithMetadata(OpenAccess.Instance, new ResourceEndpoint(resource, Detail: false),
                new CreateBody("TokenProvisionRequest", ProvisionToken.Fields, AcceptsList: false, Revealed: "token"));

        var tokens = app.MapNetBoxResource<TokenResource>(ResourceOperations.All & ~ResourceOperations.Create, ownCreate: true);
        tokens.MapPost("/", (HttpRequest request, Caller caller, IMediator mediator, CancellationToken ct) =>
                ResourceRoutes.WithBody(request, ct, body => mediator.Send(new CreateTokens.Command(body, ApiUrls.Of(request), caller), ct)))
            .WithMetadata(new CreateBody("TokenCreateRequest", CreateTokens.Fields, Revealed: "token"));
    }
}
