using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

public sealed record BackupRoutineRow : NetBoxRow
{
    public long EndpointId { get; init; }
    public string? EndpointName { get; init; }
    public string? EndpointDomain { get; init; }
    public string? EndpointIp { get; init; }
    public string JobId { get; init; } = "";
    public bool Enabled { get; init; }
    public string Schedule { get; init; } = "";
    public DateTime? NextRun { get; init; }
    public long? NodeId { get; init; }
    public string? NodeName { get; init; }
    public int? NodeNodeId { get; init; }
    public bool? NodeOnline { get; init; }
    public long? StorageId { get; init; }
    public string? StorageName { get; init; }
    public long? StorageClusterId { get; init; }
    public string? StorageClusterName { get; init; }
    public string? StorageClusterDescription { get; init; }
    public string Selection { get; init; } = "[]";
    public string Comment { get; init; } = "";
    public string Status { get; init; } = "";
    public int? KeepLast { get; init; }
    public int? KeepDaily { get; init; }
    public int? KeepWeekly { get; init; }
    public int? KeepMonthly { get; init; }
    public int? KeepYearly { get; init; }
    public bool? KeepAll { get; init; }
    public string NotesTemplate { get; init; } = "";
    public int? Bwlimit { get; init; }
    public int? Zstd { get; init; }
    public int? IoWorkers { get; init; }
    public string Fleecing { get; init; } = "";
    public long? FleecingStorageId { get; init; }
    public string? FleecingStorageName { get; init; }
    public long? FleecingStorageClusterId { get; init; }
    public string? FleecingStorageClusterName { get; init; }
    public string? FleecingStorageClusterDescription { get; init; }
    public bool? RepeatMissed { get; init; }
    public string PbsChangeDetectionMode { get; init; } = "";
    public string RawConfig { get; init; } = "{}";
}
