using Proxbox.Api.Features.Proxmox.Storage;
using Proxbox.Api.Features.Virtualization.VirtualMachines;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.VmData.Backups;

public sealed record VmBackupResponse : NetBoxObject
{
    public NestedProxmoxStorage? ProxmoxStorage { get; init; }
    public NestedVirtualMachine? VirtualMachine { get; init; }
    public string? Storage { get; init; }
    public ChoiceValue? Subtype { get; init; }
    public ChoiceValue? Format { get; init; }
    public DateTime? CreationTime { get; init; }
    public long? Size { get; init; }
    public string? Notes { get; init; }
    public string? VolumeId { get; init; }
    public int? Vmid { get; init; }
    public long? Used { get; init; }
    public string Encrypted { get; init; } = "";
    public string? VerificationState { get; init; }
    public string? VerificationUpid { get; init; }
}
