namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// How common each trigram is in a column, estimated from the sample PostgreSQL's ANALYZE keeps (its most common
/// values with their frequencies, and its histogram for the rest), the way <c>pg_trgm</c> splits values: lower-cased
/// words of letters and digits, each padded with two blanks before and one after.
/// </summary>
/// <remarks>
/// A trigram index answers a substring search by reading the index entry of every trigram in the pattern. A long
/// text such as a whole task UPID holds two dozen trigrams that are in every row (<c>upi</c>, <c>pid</c>, <c>pve</c>,
/// <c>roo</c>, …), and reading their entries costs far more than the search needs: a piece of the text made of
/// trigrams the column rarely has finds the same few rows from a fraction of the index.
/// </remarks>
public sealed class TrigramSample
{
    /// <summary>Texts up to this long are searched whole; their trigrams are few.</summary>
    public const int ShortText = 16;

    /// <summary>How long a piece of a longer text is: ten characters carry about eight trigrams.</summary>
    private const int PieceLength = 10;

    /// <summary>Pieces are sought among a text's first characters only, so a huge <c>q</c> costs no more to plan.</summary>
    private const int ScannedLength = 256;

    private readonly Dictionary<string, double> _frequencies;

    private TrigramSample(Dictionary<string, double> frequencies) => _frequencies = frequencies;

    /// <summary>
    /// The sample of one column's statistics: <paramref name="commonValues"/> with <paramref name="commonFrequencies"/>
    /// (the share of rows holding each), and <paramref name="histogram"/>, values spread evenly over the rows that are
    /// neither null nor common. Null when ANALYZE has not sampled the column.
    /// </summary>
    public static TrigramSample? FromStatistics(double nullFraction, string[]? commonValues, float[]? commonFrequencies, string[]? histogram)
    {
        if (commonValues is null && histogram is null)
        {
            return null;
        }

        var frequencies = new Dictionary<string, double>(StringComparer.Ordinal);
        var rest = 1 - nullFraction;
        for (var i = 0; i < (commonValues?.Length ?? 0); i++)
        {
            var share = commonFrequencies is not null && i < commonFrequencies.Length ? commonFrequencies[i] : 0;
            Count(frequencies, commonValues![i], share);
            rest -= share;
        }

        if (histogram is { Length: > 0 })
        {
            foreach (var value in histogram)
            {
                Count(frequencies, value, Math.Max(rest, 0) / histogram.Length);
            }
        }

        return new TrigramSample(frequencies);
    }

    /// <summary>
    /// The piece of <paramref name="text"/> to look up in the column's trigram index instead of the whole: the one
    /// whose trigrams are least common in the sample. Null when the whole text should be searched: it is short, or
    /// every piece consists of trigrams the sample has seen (then only all of them together narrow the rows down).
    /// </summary>
    public string? RarestPiece(string text) => RarestPiece(Pieces(text));

    /// <summary>The rarest of <paramref name="pieces"/> (<see cref="Pieces"/> of a text, made once for all its columns).</summary>
    public string? RarestPiece(IReadOnlyList<(string Piece, HashSet<string> Trigrams)> pieces)
    {
        string? best = null;
        var (bestCost, bestUnseen) = (double.MaxValue, 0);
        foreach (var (piece, trigrams) in pieces)
        {
            var (cost, unseen) = (0.0, 0);
            foreach (var trigram in trigrams)
            {
                var frequency = _frequencies.GetValueOrDefault(trigram);
                cost += frequency;
                unseen += frequency == 0 ? 1 : 0;
            }

            if (cost < bestCost || (cost == bestCost && unseen > bestUnseen))
            {
                (best, bestCost, bestUnseen) = (piece, cost, unseen);
            }
        }

        return bestUnseen > 0 ? best : null;
    }

    /// <summary>
    /// The pieces a long <paramref name="text"/> may be looked up by, with the trigrams each looks up; none when the
    /// text is short enough to be searched whole.
    /// </summary>
    public static IReadOnlyList<(string Piece, HashSet<string> Trigrams)> Pieces(string text)
    {
        var pieces = new List<(string, HashSet<string>)>();
        if (text.Length <= ShortText)
        {
            return pieces;
        }

        for (var start = 0; start + PieceLength <= Math.Min(text.Length, ScannedLength); start++)
        {
            if (char.IsLowSurrogate(text[start]) || char.IsHighSurrogate(text[start + PieceLength - 1]))
            {
                continue; // a piece never splits a character written as two UTF-16 units
            }

            var piece = text.Substring(start, PieceLength);
            var trigrams = PatternTrigrams(piece);
            if (trigrams.Count >= 3) // fewer find nothing by the index
            {
                pieces.Add((piece, trigrams));
            }
        }

        return pieces;
    }

    /// <summary>The trigrams a value is indexed under.</summary>
    public static HashSet<string> ValueTrigrams(string value)
    {
        var trigrams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (word, _, _) in Words(value))
        {
            AddTrigrams(trigrams, "  " + word + " ");
        }

        return trigrams;
    }

    /// <summary>
    /// The trigrams a substring search for <paramref name="piece"/> looks up: a word cut off by the pattern's ends is
    /// not padded on that side, since the value may go on there.
    /// </summary>
    public static HashSet<string> PatternTrigrams(string piece)
    {
        var trigrams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (word, start, end) in Words(piece))
        {
            AddTrigrams(trigrams, (start > 0 ? "  " : "") + word + (end < piece.Length ? " " : ""));
        }

        return trigrams;
    }

    private static void Count(Dictionary<string, double> frequencies, string value, double share)
    {
        foreach (var trigram in ValueTrigrams(value))
        {
            frequencies[trigram] = frequencies.GetValueOrDefault(trigram) + share;
        }
    }

    private static void AddTrigrams(HashSet<string> trigrams, string padded)
    {
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            trigrams.Add(padded.Substring(i, 3));
        }
    }

    /// <summary>The runs of letters and digits in <paramref name="text"/>, lower-cased, with where each starts and ends.</summary>
    private static IEnumerable<(string Word, int Start, int End)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (text[start..i].ToLowerInvariant(), start, i);
                start = -1;
            }
        }
    }
}
