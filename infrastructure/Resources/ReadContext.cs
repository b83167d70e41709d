using Mapster;
using Proxbox.Api.Infrastructure.Http;

namespace Proxbox.Api.Infrastructure.Resources;

/// <summary>
/// What mapping rows to API objects needs besides the row: the request's absolute URLs, and the moment of the
/// request (for values computed from the time, such as a schedule's next run). Set for the span of one mapping pass.
/// </summary>
public sealed class ReadContext(ApiUrls urls, DateTime now)
{
    private const string Key = "proxbox.read";

    public ApiUrls Urls { get; } = urls;

    public DateTime Now { get; } = now;

    /// <summary>Values a mapping pass computes once and reuses for every row (e.g. one next run per distinct schedule).</summary>
    public Dictionary<string, object?> Memo { get; } = new(StringComparer.Ordinal);

    public static ReadContext Current => MapContext.Current?.Parameters.GetValueOrDefault(Key) as ReadContext
        ?? throw new InvalidOperationException("Rows are mapped outside a read: open a ReadContext scope first.");

    public static MapContextScope Begin(ApiUrls urls)
    {
        var scope = new MapContextScope();
        scope.Context.Parameters[Key] = new ReadContext(urls, DateTime.UtcNow);
        return scope;
    }
}
