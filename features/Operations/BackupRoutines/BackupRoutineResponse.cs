using Proxbox.Api.Features.Endpoints.Proxmox;
using Proxbox.Api.Features.Proxmox.Nodes;
using Proxbox.Api.Features.Proxmox.Storage;
using Proxbox.Api.Infrastructure.Choices;
using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary><c>next_run</c> is computed from <c>schedule</c> at read time; the stored value shows only when the schedule does not parse.</summary>
public sealed record BackupRoutineResponse : NetBoxObject
{
    public NestedProxmoxEndpoint? Endpoint { get; init; }
    public string JobId { get; init; } = "";
    public bool Enabled { get; init; }
    public string Schedule { get; init; } = "";
    public DateTime? NextRun { get; init; }
    public NestedProxmoxNode? Node { get; init; }
    public NestedProxmoxStorage? Storage { get; init; }
    public RawJson Selection { get; init; } = new("[]");
    public string Comment { get; init; } = "";
    public ChoiceValue? Status { get; init; }
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
    public NestedProxmoxStorage? FleecingStorage { get; init; }
    public bool? RepeatMissed { get; init; }
    public string PbsChangeDetectionMode { get; init; } = "";
    public RawJson RawConfig { get; init; } = RawJson.EmptyObject;
}
