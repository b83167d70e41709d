using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Proxmox.Nodes;

public sealed class ProxmoxNodesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapNetBoxResource<ProxmoxNodeResource>();
        app.MapNetBoxResource<ProxmoxNodeResource>(path: ProxmoxNodeResource.AliasPath);
    }
}
