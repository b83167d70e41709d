namespace Proxbox.Api.Infrastructure.Database;

/// <summary>
/// Planner settings some statements run under, for their transaction only (<c>SET LOCAL</c>); each user says why.
/// </summary>
public static class PlannerSettings
{
    /// <summary>Plan for the actual parameter values, not with a prepared statement's generic plan.</summary>
    public const string CustomPlans = "SET LOCAL plan_cache_mode = force_custom_plan;\n";

    /// <summary>Take the table scan off the planner's preferences (it still reads a table whole when no index can serve).</summary>
    public const string NoTableScans = "SET LOCAL enable_seqscan = off;\n";
}
