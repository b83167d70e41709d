using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

public sealed class BackupRoutinesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<BackupRoutineResource>();
}
