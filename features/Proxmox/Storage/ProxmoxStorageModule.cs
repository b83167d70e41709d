using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Proxmox.Storage;

public sealed class ProxmoxStorageModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<ProxmoxStorageResource>();
}
