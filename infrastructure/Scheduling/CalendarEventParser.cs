namespace Proxbox.Api.Infrastructure.Scheduling;

/// <summary>
/// Reads Proxmox VE's schedule format, <c>[WEEKDAY] [[YEARS-]MONTH-DAY] [HOURS:MINUTES[:SECONDS]]</c>, a subset of
/// systemd's calendar events, plus the named shortcuts (<c>daily</c>, <c>weekly</c>, ...).
/// </summary>
internal static class CalendarEventParser
{
    // Monday first, because systemd orders weekday ranges that way: "sat..sun" is valid, "sun..mon" is not.
    private static readonly string[] WeekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <param name="tokens">The text split at whitespace, without a trailing time zone.</param>
    public static CalendarEvent? TryParse(string[] tokens, bool alwaysUtc)
    {
        if (tokens.Length == 1 && TryShortcut(tokens[0], alwaysUtc) is { } shortcut)
        {
            return shortcut;
        }

        if (tokens.Length is 0 or > 3)
        {
            return null;
        }

        var next = 0;
        var weekdays = ValueSet.All(0, 6);
        if (char.IsAsciiLetter(tokens[0][0]))
        {
            if (ParseWeekdays(tokens[0]) is not { } parsed)
            {
                return null;
            }

            weekdays = parsed;
            next++;
        }

        ValueSet years = ValueSet.All(CalendarEvent.FirstYear, CalendarEvent.LastYear), months = ValueSet.All(1, 12), days = ValueSet.All(1, 31);
        if (next < tokens.Length && tokens[next].Contains('-', StringComparison.Ordinal))
        {
            if (!TryParseDate(tokens[next], ref years, ref months, ref days))
            {
                return null;
            }

            next++;
        }

        // With a weekday or a date alone the event fires at midnight.
        ValueSet hours = ValueSet.Of(0, 23, 0), minutes = ValueSet.Of(0, 59, 0), seconds = ValueSet.Of(0, 59, 0);
        if (next < tokens.Length)
        {
            if (!TryParseTime(tokens[next], ref hours, ref minutes, ref seconds))
            {
                return null;
            }

            next++;
        }

        return next == tokens.Length
            ? new CalendarEvent(years, months, days, weekdays, hours, minutes, seconds, alwaysUtc: alwaysUtc)
            : null;
    }

    private static CalendarEvent? TryShortcut(string name, bool alwaysUtc)
    {
        var everyMinute = ValueSet.All(0, 59);
        var onTheZero = ValueSet.Of(0, 59, 0);
        var midnight = ValueSet.Of(0, 23, 0);
        var everyHour = ValueSet.All(0, 23);
        var firstDay = ValueSet.Of(1, 31, 1);
        var everyDay = ValueSet.All(1, 31);
        var everyMonth = ValueSet.All(1, 12);
        var everyWeekday = ValueSet.All(0, 6);

        (ValueSet Months, ValueSet Days, ValueSet Weekdays, ValueSet Hours, ValueSet Minutes)? fields = name.ToLowerInvariant() switch
        {
            "minutely" => (everyMonth, everyDay, everyWeekday, everyHour, everyMinute),
            "hourly" => (everyMonth, everyDay, everyWeekday, everyHour, onTheZero),
            "daily" => (everyMonth, everyDay, everyWeekday, midnight, onTheZero),
            "weekly" => (everyMonth, everyDay, ValueSet.Of(0, 6, (int)DayOfWeek.Monday), midnight, onTheZero),
            "monthly" => (everyMonth, firstDay, everyWeekday, midnight, onTheZero),
            "yearly" or "annually" => (ValueSet.Of(1, 12, 1), firstDay, everyWeekday, midnight, onTheZero),
            "quarterly" => (ValueSet.Of(1, 12, 1, 4, 7, 10), firstDay, everyWeekday, midnight, onTheZero),
            "semiannually" or "semi-annually" => (ValueSet.Of(1, 12, 1, 7), firstDay, everyWeekday, midnight, onTheZero),
            _ => null,
        };

        return fields is { } f
            ? new CalendarEvent(
                ValueSet.All(CalendarEvent.FirstYear, CalendarEvent.LastYear), f.Months, f.Days, f.Weekdays, f.Hours, f.Minutes, onTheZero,
                alwaysUtc: alwaysUtc)
            : null;
    }

    /// <summary>
    /// A comma-separated list of weekdays and weekday ranges (<c>mon..fri</c>, systemd also takes <c>mon-fri</c>),
    /// abbreviated or in full, in any case. The result is indexed like <see cref="DayOfWeek"/>.
    /// </summary>
    private static ValueSet? ParseWeekdays(string text)
    {
        var allowed = new bool[7];
        foreach (var item in text.Split(','))
        {
            var dots = item.IndexOf("..", StringComparison.Ordinal);
            var (separator, length) = dots >= 0 ? (dots, 2) : (item.IndexOf('-', StringComparison.Ordinal), 1);
            var first = WeekdayIndex(separator >= 0 ? item[..separator] : item);
            var last = separator >= 0 ? WeekdayIndex(item[(separator + length)..]) : first;
            if (first < 0 || last < 0 || first > last)
            {
                return null;
            }

            for (var day = first; day <= last; day++)
            {
                allowed[(day + 1) % 7] = true;
            }
        }

        return ValueSet.FromFlags(0, allowed);
    }

    private static int WeekdayIndex(string text) =>
        text.Length < 3
            ? -1
            : Array.FindIndex(WeekdayNames, name =>
                text.Equals(name, StringComparison.OrdinalIgnoreCase)
                || (text.Length == 3 && name.StartsWith(text, StringComparison.OrdinalIgnoreCase)));

    /// <summary><c>MONTH-DAY</c> or <c>YEAR-MONTH-DAY</c>, each part a value list.</summary>
    private static bool TryParseDate(string text, ref ValueSet years, ref ValueSet months, ref ValueSet days)
    {
        var parts = text.Split('-');
        if (parts.Length is not (2 or 3))
        {
            return false;
        }

        if (parts.Length == 3)
        {
            if (ValueSet.TryParse(parts[0], CalendarEvent.FirstYear, CalendarEvent.LastYear, "..") is not { } y)
            {
                return false;
            }

            years = y;
        }

        var m = ValueSet.TryParse(parts[^2], 1, 12, "..");
        var d = ValueSet.TryParse(parts[^1], 1, 31, "..");
        if (m is null || d is null)
        {
            return false;
        }

        (months, days) = (m, d);
        return true;
    }

    /// <summary>
    /// <c>HOURS:MINUTES[:SECONDS]</c>, or, as Proxmox reads it, a lone value without a colon: that value is the
    /// minutes of every hour (<c>*/15</c> is every quarter hour, <c>5</c> is five past every hour).
    /// </summary>
    private static bool TryParseTime(string text, ref ValueSet hours, ref ValueSet minutes, ref ValueSet seconds)
    {
        var parts = text.Split(':');
        if (parts.Length > 3)
        {
            return false;
        }

        var h = parts.Length == 1 ? ValueSet.All(0, 23) : ValueSet.TryParse(parts[0], 0, 23, "..");
        var m = ValueSet.TryParse(parts[parts.Length == 1 ? 0 : 1], 0, 59, "..");
        var s = parts.Length == 3 ? ValueSet.TryParse(parts[2], 0, 59, "..") : seconds;
        if (h is null || m is null || s is null)
        {
            return false;
        }

        (hours, minutes, seconds) = (h, m, s);
        return true;
    }
}
