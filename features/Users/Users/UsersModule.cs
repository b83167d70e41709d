using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Users.Users;

public sealed class UsersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<UserResource>();
}
