using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.VmData.Backups;

public sealed record VmBackupRow : NetBoxRow
{
    public long? ProxmoxStorageId { get; init; }
    public string? ProxmoxStorageName { get; init; }
    public long? ProxmoxStorageClusterId { get; init; }
    public string? ProxmoxStorageClusterName { get; init; }
    public string? ProxmoxStorageClusterDescription { get; init; }
    public long VirtualMachineId { get; init; }
    public string VirtualMachineName { get; init; } = "";
    public string? Storage { get; init; }
    public string? Subtype { get; init; }
    public string? Format { get; init; }
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
