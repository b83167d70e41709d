using Proxbox.Api.Infrastructure.Routing;

namespace Proxbox.Api.Features.Extras.Tags;

public sealed class TagsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapNetBoxResource<TagResource>();
}
