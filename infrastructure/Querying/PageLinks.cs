using System.Globalization;
using System.Text;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>Builds <c>next</c>/<c>previous</c> the way DRF's <c>replace_query_param</c> does: keys sorted, repeats kept, spaces as <c>+</c>.</summary>
public static class PageLinks
{
    public static string With(ListQuery query, IReadOnlyDictionary<string, string?> replace)
    {
        var pairs = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in query.Parameters)
        {
            (pairs.TryGetValue(key, out var list) ? list : pairs[key] = []).AddRange(values);
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
