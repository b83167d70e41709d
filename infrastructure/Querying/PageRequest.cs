using System.Globalization;
using Proxbox.Api.Infrastructure.Options;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// NetBox's pagination parameters: offset mode with <c>limit</c>/<c>offset</c>, or
/// cursor mode with <c>start</c>. Bad <c>limit</c>/<c>offset</c> values fall back to defaults; bad cursor
/// combinations are errors with a bare-list body, as NetBox answers them.
/// </summary>
public sealed record PageRequest(int Limit, long Offset, long? Start, string? Error)
{
    public static PageRequest Parse(ListQuery query, ProxboxOptions options)
    {
        var max = options.MaxPageSize;
        var limit = Math.Min(options.DefaultPageSize, max);
        if (int.TryParse(query.Last("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var requested))
        {
            limit = requested == 0 ? max : Math.Min(max, requested);
        }

        // Capped so that offset + limit, which the page links compute, can never overflow.
        var offset = long.TryParse(query.Last("offset"), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? Math.Min(o, long.MaxValue - max) : 0;

        if (!query.Has("start"))
        {
            return new PageRequest(limit, offset, null, null);
        }

        if (!long.TryParse(query.Last("start"), NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return new PageRequest(limit, 0, null, "Invalid 'start' parameter: must be a non-negative integer.");
        }

        if (query.Has("offset"))
        {
            return new PageRequest(limit, 0, null, "'start' and 'offset' are mutually exclusive.");
        }

        if (query.Has("ordering"))
        {
            return new PageRequest(limit, 0, null, "Ordering cannot be specified in conjunction with cursor-based pagination.");
        }

        return new PageRequest(limit, 0, start, null);
    }
}
