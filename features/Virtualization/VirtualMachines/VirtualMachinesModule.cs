using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Virtualization.VirtualMachines;

public sealed class VirtualMachinesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<VirtualMachineResource>();
}
