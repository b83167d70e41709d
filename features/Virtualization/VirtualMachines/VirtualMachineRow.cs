using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Virtualization.VirtualMachines;

public sealed record VirtualMachineRow : NetBoxRow
{
    public string Name { get; init; } = "";
    public string Status { get; init; } = "";
    public long? ClusterId { get; init; }
    public string? ClusterName { get; init; }
    public string? ClusterDescription { get; init; }
    public decimal? Vcpus { get; init; }
    public int? Memory { get; init; }
    public int? Disk { get; init; }
    public string Description { get; init; } = "";
    public string Comments { get; init; } = "";
}
