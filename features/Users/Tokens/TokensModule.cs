using MediatR;
using Proxbox.Api.Infrastructure.Auth;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Users.Tokens;

public sealed class TokensModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/users/tokens/provision/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            ResourceRoutes.WithBody(request, ct, body => mediator.Send(new ProvisionToken.Command(body, new ApiUrls(request)), ct)))
            .WithMetadata(OpenAccess.Instance);

        var tokens = app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<TokenResource>(), Operations.All & ~Operations.Create, ownCreate: true);
        tokens.MapPost("/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
            ResourceRoutes.WithBody(request, ct, body => mediator.Send(new CreateTokens.Command(body, new ApiUrls(request)), ct)));
    }
}
