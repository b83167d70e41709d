namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>How other answers show a backup routine: <c>{id, url, display, job_id, enabled}</c>, upstream's nested form.</summary>
public sealed record NestedBackupRoutine(long Id, string Url, string Display, string JobId, bool Enabled)
{
    public static NestedBackupRoutine Of(BackupRoutineResponse routine) => new(routine.Id, routine.Url, routine.Display, routine.JobId, routine.Enabled);
}
