using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Proxmox.Clusters;

public sealed class ProxmoxClustersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapNetBoxResource<ProxmoxClusterResource>();
        app.MapNetBoxResource<ProxmoxClusterResource>(path: ProxmoxClusterResource.AliasPath);
    }
}
