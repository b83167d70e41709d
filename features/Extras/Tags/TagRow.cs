using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Extras.Tags;

public sealed record TagRow : Row
{
    public string Name { get; init; } = "";
    public string Slug { get; init; } = "";
    public string Color { get; init; } = "";
    public string Description { get; init; } = "";
}
