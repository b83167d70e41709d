using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Virtualization.Clusters;

public sealed record ClusterRow : NetBoxRow
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Comments { get; init; } = "";
}
