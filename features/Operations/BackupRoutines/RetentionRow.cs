namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>A backup as the retention preview reads it, with whether the caller may see it.</summary>
public sealed record RetentionRow
{
    public long Id { get; init; }
    public int? Vmid { get; init; }
    public long VirtualMachineId { get; init; }
    public string VmName { get; init; } = "";
    public DateTime CreationTime { get; init; }
    public string? VolumeId { get; init; }
    public bool Visible { get; init; }
}
