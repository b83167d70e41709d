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

    private MapContext? _mapping;

    /// <summary>
    /// Maps one row with this context <see cref="Current"/>, for rows mapped one at a time as they stream in: the
    /// mapper's context belongs to a thread, and between two rows the read may continue on another.
    /// </summary>
    public TResult MapOne<TRow, TResult>(Func<TRow, TResult> map, TRow row)
    {
        if (_mapping is null)
        {
            _mapping = new MapContext();
            _mapping.Parameters[Key] = this;
        }

        var previous = MapContext.Current;
        MapContext.Current = _mapping;
        try
        {
            return map(row);
        }
        finally
        {
            MapContext.Current = previous;
        }
    }

    /// <summary>Makes this context <see cref="Current"/> for one mapping pass.</summary>
    public MapContextScope Enter()
    {
        var scope = new MapContextScope();
        scope.Context.Parameters[Key] = this;
        return scope;
    }

    /// <summary>The next run of <paramref name="schedule"/> as of this read (see <see cref="ScheduleCalendar.Next"/>).</summary>
    public DateTime? NextRun(string? schedule, DateTime? stored) => Schedules.Next(schedule, stored, Now, Memo);
}
