using Proxbox.Api.Features.Proxmox.Storage;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.VmData.Snapshots;

public sealed record VmSnapshotResponse : NetBoxObject
{
    public NestedProxmoxStorage? ProxmoxStorage { get; init; }
    public NestedVirtualMachine? VirtualMachine { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int Vmid { get; init; }
    public string Node { get; init; } = "";
    public DateTime? Snaptime { get; init; }
    public string? Parent { get; init; }
    public ChoiceValue? Subtype { get; init; }
    public ChoiceValue? Status { get; init; }
}
