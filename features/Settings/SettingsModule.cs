using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Settings;

public sealed class SettingsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<SettingsResource>(ResourceOperations.Read | ResourceOperations.Patch);
}
