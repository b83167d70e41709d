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
    public static bool HasNul(ReadOnlySpan<byte> json)
    {
        var escapes = new Escapes(json);
        while (escapes.Next(out var code, out _, out _))
        {
            if (code == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the raw JSON holds a surrogate escape that is not one half of a high-low pair.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var expectLow = false;
        var previousEnd = -1;
        var escapes = new Escapes(json);
        while (escapes.Next(out var code, out var start, out var end))
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

    /// <summary>
    /// Every <c>\uXXXX</c> escape in order, its code unit and where it starts and ends in the text; read one at a
    /// time, as every string value of a bulk body is checked.
    /// </summary>
    private ref struct Escapes(ReadOnlySpan<byte> json)
    {
        private readonly ReadOnlySpan<byte> _json = json;
        private int _at = json.IndexOf((byte)'\\');

        public bool Next(out int code, out int start, out int end)
        {
            while (_at >= 0 && _at < _json.Length - 1)
            {
                var i = _at;
                var found = false;
                code = 0;
                // A backslash escapes the next character; `\\u0000` is a backslash followed by text, not an escape.
                if (_json[i + 1] == (byte)'u' && i + 6 <= _json.Length
                    && int.TryParse(_json.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                {
                    found = true;
                    i += 6;
                }
                else
                {
                    i += 2;
                }

                var next = i < _json.Length ? _json[i..].IndexOf((byte)'\\') : -1;
                _at = next < 0 ? -1 : i + next;
                if (found)
                {
                    start = i - 6;
                    end = i;
                    return true;
                }
            }

            code = start = end = 0;
            return false;
        }
    }
}
