using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Proxbox.Api.Infrastructure.Options;

namespace Proxbox.Api.Infrastructure.Scheduling;

/// <summary>
/// Proxmox schedules in the operator's time zone (<c>Proxbox:ScheduleTimeZone</c>, UTC by default): each distinct
/// schedule text is parsed once per process, and its next run computed once per read (see <see cref="Next"/>).
/// </summary>
public sealed class ScheduleCalendar
{
    /// <summary>Beyond this many distinct texts the cache starts over, so hostile input cannot grow it without bound.</summary>
    private const int CacheLimit = 10_000;

    private readonly ConcurrentDictionary<string, CalendarEvent?> _parsed = new(StringComparer.Ordinal);

    public ScheduleCalendar(IOptions<ProxboxOptions> options)
    {
        var zone = options.Value.ScheduleTimeZone;
        Zone = string.IsNullOrWhiteSpace(zone) || zone == "UTC"
            ? TimeZoneInfo.Utc
            : TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found)
                ? found
                : throw new InvalidOperationException($"Proxbox:ScheduleTimeZone \"{zone}\" is not a time zone this machine knows (use an IANA name such as Europe/Berlin).");
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// The next run after <paramref name="now"/> of a schedule this service understands (null when it never runs
    /// again); for any other text, <paramref name="stored"/>, since the schedule is Proxmox's and may be newer than us.
    /// <paramref name="memo"/> holds the answers of one read, so a page of routines computes each schedule once.
    /// </summary>
    public DateTime? Next(string? schedule, DateTime? stored, DateTime now, IDictionary<string, object?> memo)
    {
        if (string.IsNullOrWhiteSpace(schedule) || Parse(schedule) is not { } calendar)
        {
            return stored;
        }

        var key = "next_run\u0001" + schedule;
        if (!memo.TryGetValue(key, out var next))
        {
            memo[key] = next = calendar.NextAfter(now, Zone);
        }

        return (DateTime?)next;
    }

    private CalendarEvent? Parse(string schedule)
    {
        if (_parsed.TryGetValue(schedule, out var parsed))
        {
            return parsed;
        }

        if (_parsed.Count >= CacheLimit)
        {
            _parsed.Clear();
        }

        return _parsed[schedule] = CalendarEvent.TryParse(schedule);
    }
}
