using Proxbox.Api.Features.Proxmox.Storage;

namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>
/// The answer of <c>backup-routines/{id}/retention/</c>: the routine, its storage, the zone its days and weeks are
/// counted in, the options applied, the totals, and one group per guest ordered by VMID.
/// </summary>
public sealed record RetentionPreview(
    NestedBackupRoutine Routine,
    NestedProxmoxStorage Storage,
    string TimeZone,
    RetentionOptions Options,
    IReadOnlyList<int> Selection,
    RetentionTotals Totals,
    IReadOnlyList<RetentionGroup> Groups);
