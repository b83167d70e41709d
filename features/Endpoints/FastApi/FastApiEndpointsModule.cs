using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Endpoints.FastApi;

public sealed class FastApiEndpointsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<FastApiEndpointResource>();
}
