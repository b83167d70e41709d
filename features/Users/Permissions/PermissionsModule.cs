using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Users.Permissions;

public sealed class PermissionsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<PermissionResource>();
}
