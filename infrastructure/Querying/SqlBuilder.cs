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

    public string WhereSql => _clauses.Count == 0 ? "TRUE" : string.Join(" AND ", _clauses);
}
