using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Endpoints.Proxmox;

public sealed class ProxmoxEndpointsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<ProxmoxEndpointResource>();
}
