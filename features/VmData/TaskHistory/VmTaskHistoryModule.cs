using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.VmData.TaskHistory;

public sealed class VmTaskHistoryModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<VmTaskHistoryResource>();
}
