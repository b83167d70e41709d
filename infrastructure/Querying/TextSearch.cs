namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// One request's <c>q</c>, matched case-insensitively as a substring of each searched column. A long text is looked
/// up in a column's trigram index by its rarest piece there (<see cref="TrigramSample.RarestPiece"/>) and checked
/// whole on the rows the piece finds; the check is written so that no index takes it up, since an index would look
/// up every trigram of the whole text again. Under a UTF-8 database <c>ILIKE</c> compares the lower-cased texts,
/// which is what the check does.
/// </summary>
public sealed class TextSearch(string text, SqlBuilder sql, SearchStatistics? statistics)
{
    private string? _pattern;
    private string? _text;
    private IReadOnlyList<(string Piece, HashSet<string> Trigrams)>? _pieces;

    /// <summary>The predicate that <paramref name="expression"/>, the value of <paramref name="table"/>.<paramref name="column"/>, contains the text.</summary>
    public string Matches(string expression, string table, string column)
    {
        if (statistics?.For(table, column) is { } sample && sample.RarestPiece(_pieces ??= TrigramSample.Pieces(text)) is { } piece)
        {
            _text ??= sql.Add(text);
            return $"({expression} ILIKE {sql.AddPattern(Like.Contains(piece))} AND strpos(lower({expression}), lower({_text})) > 0)";
        }

        _pattern ??= sql.AddPattern(Like.Contains(text));
        return $"{expression} ILIKE {_pattern}";
    }
}
