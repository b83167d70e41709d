namespace Proxbox.Api.Infrastructure.Querying;

/// <summary>
/// One declared filter: a query parameter name, the SQL expression it tests, and how its values are read.
/// The lookup suffixes (<c>__n</c>, <c>__ic</c>, <c>__gte</c>, …) follow NetBox's rules for the field kind
/// (as django-filter generates them for NetBox); each suffix yields a positive predicate, and negations wrap it in
/// <c>IS NOT TRUE</c> so rows with NULL are kept, as Django's <c>exclude()</c> keeps them.
/// </summary>
public abstract class Filter(string name, string? column)
{
    public string Name { get; } = name;
    /// <summary>The SQL it tests; a bare column name is qualified with the resource's alias by the filter set.</summary>
    public string Column { get; } = column ?? name;

    /// <summary>The expression <c>?ordering=&lt;Name&gt;</c> sorts by; null when the filter is not an ordering key.</summary>
    public virtual string? OrderBy => Column;

    /// <summary>Suffixes this kind understands ("" is the plain parameter) and whether each negates.</summary>
    public abstract IReadOnlyDictionary<string, bool> Suffixes { get; }

    /// <summary>
    /// The positive predicate for <paramref name="suffix"/> over <paramref name="column"/>, or an error message.
    /// <paramref name="values"/> are the non-empty values of the parameter (repeated parameters are OR-ed).
    /// </summary>
    public abstract FilterResult Compile(string suffix, string column, IReadOnlyList<string> values, SqlBuilder sql);

    /// <summary>What the values of the plain parameter and its comparison lookups are (text lookups are always text).</summary>
    public virtual FilterValueKind ValueKind => FilterValueKind.Text;

    /// <summary>The values the plain parameter accepts, when they are a fixed set.</summary>
    public virtual IReadOnlyCollection<string>? AllowedValues => null;

    /// <summary>Parameter names this filter answers to besides <see cref="Name"/> (the <c>_id</c> spelling of a foreign key).</summary>
    public virtual IEnumerable<string> Aliases => [];

    protected static readonly Dictionary<string, bool> NumericSuffixes = new()
    {
        [""] = false, ["n"] = true, ["lt"] = false, ["lte"] = false, ["gt"] = false, ["gte"] = false, ["empty"] = false,
    };

    protected static readonly Dictionary<string, bool> TextSuffixes = new()
    {
        [""] = false, ["n"] = true, ["ic"] = false, ["nic"] = true, ["ie"] = false, ["nie"] = true, ["isw"] = false, ["nisw"] = true,
        ["iew"] = false, ["niew"] = true, ["regex"] = false, ["iregex"] = false, ["empty"] = false,
    };
}
