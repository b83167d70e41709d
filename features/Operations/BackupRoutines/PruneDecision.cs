namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>
/// Whether a prune would keep a backup, and the rule that keeps it: "keep-last", "keep-hourly", "keep-daily",
/// "keep-weekly", "keep-monthly", "keep-yearly", "keep-all" or "protected"; null when the backup would be removed.
/// </summary>
public sealed record PruneDecision(long Id, DateTime CreatedUtc, bool Keep, string? Rule);
