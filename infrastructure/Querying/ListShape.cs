using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Proxbox.Api.Infrastructure.Hosting;
using Proxbox.Api.Infrastructure.Json;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// NetBox's pagination parameters (netbox-conventions.md §2): offset mode with <c>limit</c>/<c>offset</c>, or
/// cursor mode with <c>start</c>. Bad <c>limit</c>/<c>offset</c> values fall back to defaults; bad cursor
/// combinations are errors with a bare-list body, as NetBox answers them.
/// </summary>
public sealed record PageRequest(int Limit, long Offset, long? Start, string? Error)
{
    public static PageRequest Parse(IQueryCollection query, ProxboxOptions options)
    {
        var max = options.MaxPageSize;
        var limit = Math.Min(options.DefaultPageSize, max);
        if (int.TryParse(query["limit"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var requested))
        {
            limit = requested == 0 ? max : Math.Min(max, requested);
        }

        var offset = long.TryParse(query["offset"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;

        if (!query.ContainsKey("start"))
        {
            return new PageRequest(limit, offset, null, null);
        }

        if (!long.TryParse(query["start"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return new PageRequest(limit, 0, null, "Invalid 'start' parameter: must be a non-negative integer.");
        }

        if (query.ContainsKey("offset"))
        {
            return new PageRequest(limit, 0, null, "'start' and 'offset' are mutually exclusive.");
        }

        if (query.ContainsKey("ordering"))
        {
            return new PageRequest(limit, 0, null, "Ordering cannot be specified in conjunction with cursor-based pagination.");
        }

        return new PageRequest(limit, 0, start, null);
    }
}

/// <summary><c>?brief</c>, <c>?fields</c>, <c>?omit</c>: which keys of each object to keep. <c>fields</c> wins over <c>omit</c>, both over <c>brief</c>.</summary>
public sealed class ResponseShape
{
    private readonly HashSet<string>? _keep;
    private readonly HashSet<string>? _drop;

    private ResponseShape(HashSet<string>? keep, HashSet<string>? drop)
    {
        _keep = keep;
        _drop = drop;
    }

    public static ResponseShape Full { get; } = new(null, null);

    public bool IsFull => _keep is null && _drop is null;

    public static ResponseShape Parse(IQueryCollection query, IReadOnlyList<string> briefFields)
    {
        if (query["fields"].LastOrDefault() is { Length: > 0 } fields)
        {
            return new ResponseShape(fields.Split(',').ToHashSet(StringComparer.Ordinal), null);
        }

        if (query["omit"].LastOrDefault() is { Length: > 0 } omit)
        {
            return new ResponseShape(null, omit.Split(',').ToHashSet(StringComparer.Ordinal));
        }

        // NetBox turns brief on for any non-empty value, even brief=false.
        return query["brief"].LastOrDefault() is { Length: > 0 } && briefFields.Count > 0
            ? new ResponseShape(briefFields.ToHashSet(StringComparer.Ordinal), null)
            : Full;
    }

    /// <summary>The object itself when nothing is masked (the fast path), else a JSON object with the kept keys.</summary>
    public object Apply(object item)
    {
        if (IsFull)
        {
            return item;
        }

        var node = JsonSerializer.SerializeToNode(item, item.GetType(), ApiJson.Options)!.AsObject();
        foreach (var key in node.Select(p => p.Key).ToList())
        {
            if ((_keep is not null && !_keep.Contains(key)) || (_drop is not null && _drop.Contains(key)))
            {
                node.Remove(key);
            }
        }

        return node;
    }
}

/// <summary>NetBox's page envelope, keys in DRF's order.</summary>
public sealed record Page(long? Count, string? Next, string? Previous, IReadOnlyList<object> Results);

/// <summary>Builds <c>next</c>/<c>previous</c> the way DRF's <c>replace_query_param</c> does: keys sorted, repeats kept, spaces as <c>+</c>.</summary>
public static class PageLinks
{
    public static string With(IQueryCollection query, IReadOnlyDictionary<string, string?> replace)
    {
        var pairs = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            pairs[key] = values.Select(v => v ?? "").ToList();
        }

        foreach (var (key, value) in replace)
        {
            if (value is null)
            {
                pairs.Remove(key);
            }
            else
            {
                pairs[key] = [value];
            }
        }

        var builder = new StringBuilder();
        foreach (var (key, values) in pairs)
        {
            foreach (var value in values)
            {
                if (builder.Length > 0)
                {
                    builder.Append('&');
                }

                builder.Append(QuotePlus(key)).Append('=').Append(QuotePlus(value));
            }
        }

        return builder.ToString();
    }

    /// <summary>Python's <c>urllib.parse.quote_plus</c>.</summary>
    private static string QuotePlus(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

}
