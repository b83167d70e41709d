using Proxbox.Api.Features.Virtualization.Clusters;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Virtualization.VirtualMachines;

public sealed record VirtualMachineResponse : NetBoxObject
{
    public string Name { get; init; } = "";
    public ChoiceValue? Status { get; init; }
    public NestedCluster? Cluster { get; init; }
    public decimal? Vcpus { get; init; }
    public int? Memory { get; init; }
    public int? Disk { get; init; }
    public string Description { get; init; } = "";
    public string Comments { get; init; } = "";
}
