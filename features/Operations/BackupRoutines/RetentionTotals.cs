namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>How many of the listed backups the prune keeps and removes, over every group.</summary>
public sealed record RetentionTotals(int Keep, int Remove);
