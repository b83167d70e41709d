using Proxbox.Api.Infrastructure.Json;
using Proxbox.Api.Infrastructure.Resources;

namespace Proxbox.Api.Infrastructure.Operations;

/// <summary>NetBox 4.6's weak ETag from <c>last_updated</c> (else <c>created</c>), in Python's isoformat.</summary>
public static class ETags
{
    public static string? Of(IApiObject item) => (item.LastUpdated ?? item.Created) is DateTime stamp ? Of(stamp) : null;

    public static string Of(DateTime stamp)
    {
        // Python's isoformat is DRF's form with +00:00 for the Z.
        Span<char> drf = stackalloc char[DrfDateTime.BufferLength];
        var length = DrfDateTime.Format(DateTime.SpecifyKind(stamp, DateTimeKind.Utc), drf);
        return $"W/\"{drf[..(length - 1)]}+00:00\"";
    }

    /// <summary>Whether an <c>If-Match</c> header (a list of ETags, or <c>*</c>) admits the current one.</summary>
    public static bool Matches(string? ifMatch, string? current)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return true;
        }

        return ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == "*" || (current is not null && (tag == current || "W/" + tag == current)));
    }
}
