using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Virtualization.Clusters;

public sealed class ClustersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<ClusterResource>();
}
