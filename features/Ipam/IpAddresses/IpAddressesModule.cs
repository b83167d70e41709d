using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

public sealed class IpAddressesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<IpAddressResource>());
}
