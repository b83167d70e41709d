namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>A prune's retention settings, as in Proxmox's <c>keep-*</c> options. A null count means the option is not set.</summary>
public sealed record PruneOptions(int? KeepLast, int? KeepHourly, int? KeepDaily, int? KeepWeekly, int? KeepMonthly, int? KeepYearly, bool KeepAll);
