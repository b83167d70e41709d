namespace Proxbox.Api.Infrastructure.Scheduling;

/// <summary>
/// Translates a five-field cron line (minute, hour, day of month, month, day of week) into the calendar-event
/// model, so both grammars share one search and one daylight-saving behaviour.
/// </summary>
internal static class CronParser
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    // Cron counts Sunday as both 0 and 7.
    private static readonly string[] WeekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public static CalendarEvent? TryParse(string[] fields, bool alwaysUtc)
    {
        var minutes = ValueSet.TryParse(fields[0], 0, 59, "-");
        var hours = ValueSet.TryParse(fields[1], 0, 23, "-");
        var days = ValueSet.TryParse(fields[2], 1, 31, "-");
        var months = ValueSet.TryParse(fields[3], 1, 12, "-", MonthNames);
        var weekdaysWithSevenAsSunday = ValueSet.TryParse(fields[4], 0, 7, "-", WeekdayNames);
        if (minutes is null || hours is null || days is null || months is null || weekdaysWithSevenAsSunday is null)
        {
            return null;
        }

        var weekdays = ValueSet.Of(0, 6, [.. Enumerable.Range(0, 8).Where(weekdaysWithSevenAsSunday.Contains).Select(day => day % 7)]);

        // Cron's day rule: when both day fields are restricted a day qualifies by either of them. As in Vixie cron,
        // a field written with a leading star (even */2) does not count as restricted, and then both must match.
        var eitherDayField = !fields[2].StartsWith('*') && !fields[4].StartsWith('*');
        return new CalendarEvent(
            ValueSet.All(CalendarEvent.FirstYear, CalendarEvent.LastYear), months, days, weekdays, hours, minutes, ValueSet.Of(0, 59, 0),
            eitherDayField, alwaysUtc);
    }
}
