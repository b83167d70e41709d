namespace Proxbox.Api.Tests.Features.Operations.BackupRoutines;

/// <summary>
/// The expected next run of a schedule, found the slow way: every whole minute after a moment, in order, until one
/// whose wall-clock time in the zone matches a hand-written test of the schedule's meaning. Independent of the
/// service's calendar engine, so it can check it.
/// </summary>
public static class ScheduleOracle
{
    public static DateTime Next(DateTime afterUtc, TimeZoneInfo zone, Func<DateTime, bool> matches, int days = 40)
    {
        // Every schedule tested here fires on a whole minute, so the first candidate is the minute after the moment.
        var minute = new DateTime(afterUtc.Ticks - afterUtc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddMinutes(1);
        for (var end = minute.AddDays(days); minute < end; minute = minute.AddMinutes(1))
        {
            if (matches(TimeZoneInfo.ConvertTimeFromUtc(minute, zone)))
            {
                return minute;
            }
        }

        throw new InvalidOperationException($"No match within {days} days of {afterUtc:O}.");
    }

    /// <summary>
    /// A read happens between <paramref name="before"/> and <paramref name="after"/>; its next run is the next one
    /// after either end (the two only differ when a run falls inside the request).
    /// </summary>
    public static string[] Candidates(DateTime before, DateTime after, TimeZoneInfo zone, Func<DateTime, bool> matches) =>
        new[] { Next(before, zone, matches), Next(after, zone, matches) }.Select(Format).Distinct().ToArray();

    public static string Format(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static bool Weekday(DateTime local) => local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static bool At(DateTime local, int hour, int minute) => local.Hour == hour && local.Minute == minute;
}
