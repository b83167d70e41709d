using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Ipam.IpAddresses;

public sealed class IpAddressesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<IpAddressResource>();
}
