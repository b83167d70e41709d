using System.Globalization;

namespace Proxbox.Api.Infrastructure.Json;

/// <summary>
/// What the JSON parser lets through but nothing downstream can hold: a <c>\u0000</c> escape (PostgreSQL text and
/// jsonb refuse NUL) and a <c>\uD800</c>-style escape without its pair (no valid string contains it). Both can only
/// reach a string through a <c>\u</c> escape in the raw text, so the raw UTF-8 is scanned, with no allocation.
/// </summary>
public static class JsonEscapes
{
    /// <summary>Whether the raw JSON holds a <c>\u0000</c> escape.</summary>
    public static bool HasNul(ReadOnlySpan<byte> json) => Escapes(json).Exists(escape => escape.Code == 0);

    /// <summary>Whether the raw JSON holds a surrogate escape that is not one half of a high-low pair.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var expectLow = false;
        var previousEnd = -1;
        foreach (var (code, start, end) in Escapes(json))
        {
            var isHigh = code is >= 0xD800 and <= 0xDBFF;
            var isLow = code is >= 0xDC00 and <= 0xDFFF;
            if (expectLow && (!isLow || start != previousEnd))
            {
                return true;
            }

            if (!expectLow && isLow)
            {
                return true;
            }

            expectLow = isHigh;
            previousEnd = end;
        }

        return expectLow;
    }

    /// <summary>Every <c>\uXXXX</c> escape in order: its code unit and where it starts and ends in the text.</summary>
    private static List<(int Code, int Start, int End)> Escapes(ReadOnlySpan<byte> json)
    {
        var found = new List<(int, int, int)>();
        var i = json.IndexOf((byte)'\\');
        while (i >= 0 && i < json.Length - 1)
        {
            // A backslash escapes the next character; `\\u0000` is a backslash followed by text, not an escape.
            if (json[i + 1] == (byte)'u' && i + 6 <= json.Length
                && int.TryParse(json.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                found.Add((code, i, i + 6));
                i += 6;
            }
            else
            {
                i += 2;
            }

            var next = i < json.Length ? json[i..].IndexOf((byte)'\\') : -1;
            i = next < 0 ? -1 : i + next;
        }

        return found;
    }
}
