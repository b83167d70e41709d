using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Extras.Tags;

public sealed class TagsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapNetBoxResource(app.ServiceProvider.GetRequiredService<TagResource>());
}
