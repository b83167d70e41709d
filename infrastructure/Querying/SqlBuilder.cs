using Dapper;

namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// Collects WHERE clauses and their parameters. Values only ever travel as parameters; the SQL text is assembled
/// from a resource's declaration, never from the request.
/// </summary>
public sealed class SqlBuilder
{
    private readonly List<string> _clauses = [];
    private int _next;

    public DynamicParameters Parameters { get; } = new();

    public IReadOnlyList<string> Clauses => _clauses;

    /// <summary>Adds a parameter and returns its placeholder (<c>@f3</c>).</summary>
    public string Add(object? value)
    {
        var name = "f" + _next++;
        Parameters.Add(name, value);
        return "@" + name;
    }

    public void Where(string clause) => _clauses.Add(clause);

    /// <summary>
    /// Whether a predicate matches a pattern (ILIKE, a regex). How many rows such a predicate keeps depends on the
    /// pattern itself, so a plan made without knowing it (a prepared statement's generic plan) can be very wrong:
    /// such queries are planned for their actual values.
    /// </summary>
    public bool MatchesPatterns { get; private set; }

    /// <summary>Returns <paramref name="pattern"/>'s placeholder and notes that the query matches patterns.</summary>
    public string AddPattern(object pattern)
    {
        MatchesPatterns = true;
        return Add(pattern);
    }

    public string WhereSql => _clauses.Count == 0 ? "TRUE" : string.Join(" AND ", _clauses);
}
