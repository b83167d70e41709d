using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Dcim.Devices;

public sealed class DevicesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<DeviceResource>());
}
