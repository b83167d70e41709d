namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>One backup of a backup group (one guest's backups on one storage).</summary>
public sealed record PruneCandidate(long Id, DateTime CreatedUtc, bool Protected = false);
