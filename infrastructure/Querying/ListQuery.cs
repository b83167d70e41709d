namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// A list request's query string as plain data: every parameter with its values in the order given. Filters,
/// pagination, ordering and the response shape are all read from it.
/// </summary>
public sealed class ListQuery(IReadOnlyList<KeyValuePair<string, string[]>> parameters)
{
    public static ListQuery Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, string[]>> Parameters { get; } = parameters;

    public static ListQuery Of(IQueryCollection query) =>
        new(query.Select(p => new KeyValuePair<string, string[]>(p.Key, p.Value.Select(v => v ?? "").ToArray())).ToList());

    public bool Has(string key) => Parameters.Any(p => p.Key == key);

    /// <summary>The last value of <paramref name="key"/>, as Django's <c>QueryDict.get</c> reads it.</summary>
    public string? Last(string key)
    {
        for (var i = Parameters.Count - 1; i >= 0; i--)
        {
            if (Parameters[i].Key == key && Parameters[i].Value.Length > 0)
            {
                return Parameters[i].Value[^1];
            }
        }

        return null;
    }
}
