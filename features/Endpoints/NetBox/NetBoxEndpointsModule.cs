using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Endpoints.NetBox;

public sealed class NetBoxEndpointsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<NetBoxEndpointResource>();
}
