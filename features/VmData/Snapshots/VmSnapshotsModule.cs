using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.VmData.Snapshots;

public sealed class VmSnapshotsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<VmSnapshotResource>();
}
