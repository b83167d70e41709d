namespace Proxbox.Api.Features.Operations.BackupRoutines;

/// <summary>The routine's retention settings the preview applied, as the routine reads them (<c>keep_all</c> unset reads false).</summary>
public sealed record RetentionOptions(int? KeepLast, int? KeepDaily, int? KeepWeekly, int? KeepMonthly, int? KeepYearly, bool KeepAll)
{
    public static RetentionOptions Of(BackupRoutineResponse routine) =>
        new(routine.KeepLast, routine.KeepDaily, routine.KeepWeekly, routine.KeepMonthly, routine.KeepYearly, routine.KeepAll == true);

    /// <summary>As the simulator takes them: backup jobs have no keep-hourly.</summary>
    public PruneOptions ToPrune() => new(KeepLast, null, KeepDaily, KeepWeekly, KeepMonthly, KeepYearly, KeepAll);
}
