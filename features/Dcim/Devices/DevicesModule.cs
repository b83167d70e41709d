using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Dcim.Devices;

public sealed class DevicesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<DeviceResource>();
}
