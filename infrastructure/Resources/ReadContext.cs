using Mapster;
using Proxbox.Api.Infrastructure.Http;
using Proxbox.Api.Infrastructure.Scheduling;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// What mapping rows to API objects needs besides the rows: the request's absolute URLs, the moment of the read and
/// the schedule calendar (for values computed from the time, such as a routine's next run), and a memo for values
/// one read computes once for all its rows. Available to mapping expressions as <see cref="Current"/>.
/// </summary>
public sealed class ReadContext(ApiUrls urls, ScheduleCalendar schedules)
{
    private const string Key = "proxbox.read";

    public ApiUrls Urls { get; } = urls;

    public DateTime Now { get; } = DateTime.UtcNow;

    public ScheduleCalendar Schedules { get; } = schedules;

    public Dictionary<string, object?> Memo { get; } = new(StringComparer.Ordinal);

    public static ReadContext Current => MapContext.Current?.Parameters.GetValueOrDefault(Key) as ReadContext
        ?? throw new InvalidOperationException("Rows are mapped outside a read: open a ReadContext scope first.");

    /// <summary>
    /// Makes this context <see cref="Current"/> for one mapping pass. The mapper keeps its context in an async local,
    /// so a pass may await between rows.
    /// </summary>
    public MapContextScope Enter()
    {
        var scope = new MapContextScope();
        scope.Context.Parameters[Key] = this;
        return scope;
    }

    /// <summary>The next run of <paramref name="schedule"/> as of this read (see <see cref="ScheduleCalendar.Next"/>).</summary>
    public DateTime? NextRun(string? schedule, DateTime? stored) => Schedules.Next(schedule, stored, Now, Memo);
}
