using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.VmData.Snapshots;

public sealed record VmSnapshotRow : NetBoxRow
{
    public long? ProxmoxStorageId { get; init; }
    public string? ProxmoxStorageName { get; init; }
    public long? ProxmoxStorageClusterId { get; init; }
    public string? ProxmoxStorageClusterName { get; init; }
    public string? ProxmoxStorageClusterDescription { get; init; }
    public long VirtualMachineId { get; init; }
    public string VirtualMachineName { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int Vmid { get; init; }
    public string Node { get; init; } = "";
    public DateTime? Snaptime { get; init; }
    public string? Parent { get; init; }
    public string Subtype { get; init; } = "";
    public string Status { get; init; } = "";
}
