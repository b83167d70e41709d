using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Operations.Replications;

public sealed class ReplicationsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<ReplicationResource>();
}
