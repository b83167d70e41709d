using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.VmData.Backups;

public sealed class VmBackupsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<VmBackupResource>();
}
